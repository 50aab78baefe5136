"""format_report: summary plus one line per issue, in Japanese or English."""

import pytest

from pipelines.intake import format_report
from pipelines.intake.result import IntakeResult, Issue


def result() -> IntakeResult:
    return IntakeResult(
        form="municipal_report",
        prefecture_code="16",
        fiscal_year=2025,
        quarter=1,
        rows=15,
        issues=[
            Issue("error", "f.csv", 3, "65歳以上人口", "-5", "population_65plus.negative", "負の値です。", "Negative."),
            Issue("warning", "f.csv", None, "団体コード", None, "municipality_code.missing", "未報告。", "Missing."),
        ],
    )


def test_japanese_report() -> None:
    lines = format_report(result()).splitlines()
    assert lines[:5] == [
        "様式: 市町村四半期報告",
        "都道府県: 16 富山県",
        "期間: FY2025Q1",
        "データ行数: 15",
        "結果: 差し戻し（エラー 1 件、警告 1 件）",
    ]
    assert (
        lines[5]
        == "[エラー] シート「f.csv」 3行目 列「65歳以上人口」 値「-5」: 負の値です。 (population_65plus.negative)"
    )
    assert lines[6] == "[警告] シート「f.csv」 ファイル全体 列「団体コード」: 未報告。 (municipality_code.missing)"


def test_english_report() -> None:
    lines = format_report(result(), lang="en").splitlines()
    assert lines[4] == "Result: rejected (1 errors, 1 warnings)"
    assert (
        lines[5]
        == "[ERROR] sheet 'f.csv' row 3 column '65歳以上人口' value '-5': Negative. (population_65plus.negative)"
    )


def test_unknown_language() -> None:
    with pytest.raises(ValueError):
        format_report(result(), lang="fr")
