"""The upload report an officer acts on: summary, order, filters and downloads (pure functions)."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl

from dashboards.pages import upload_report as report
from dashboards.pages.upload_status import quarter_status, reporting_periods
from pipelines.core.periods import TOKYO


def _issue(severity: str, rule: str, row: int | None, column: str | None, value: str | None = None) -> dict:
    return {"severity": severity, "sheet": "市町村四半期報告", "row": row, "column": column, "value": value,
            "rule": rule, "message_ja": f"{rule} の説明", "message_en": f"about {rule}"}  # fmt: skip


ISSUES = [
    _issue("warning", "row.not_reported", None, None, "6-63"),
    _issue("warning", "municipality_code.missing", None, "団体コード"),
    _issue("error", "population_65plus.negative", 3, "65歳以上人口", "-10"),
]


def test_summary_line_in_both_languages() -> None:
    assert report.summary_line(ISSUES, "ja") == "誤り 1 件・警告 2 件・未記入の行 58 行（6〜63行目）"
    assert report.summary_line(ISSUES, "en") == "1 error · 2 warnings · 58 rows not filled in (rows 6-63)"
    assert report.summary_line(ISSUES[2:], "ja") == "誤り 1 件・警告 0 件"


def test_errors_come_before_warnings_and_filters_narrow() -> None:
    frame = report.issues_frame(ISSUES, "ja")
    assert frame.columns == ["区分", "シート", "行", "列", "値", "ルール", "内容"]
    assert frame["区分"].to_list() == ["誤り", "警告", "警告"]
    assert frame["ルール"].to_list()[0] == "population_65plus.negative"
    only = report.issues_frame(ISSUES, "en", column="団体コード")
    assert only["Rule"].to_list() == ["municipality_code.missing"]
    assert report.filter_options(ISSUES, "rule", "ja") == {
        "すべて (3)": "",
        "population_65plus.negative (1)": "population_65plus.negative",
        "row.not_reported (1)": "row.not_reported",
        "municipality_code.missing (1)": "municipality_code.missing",
    }


def test_downloads_hold_every_issue() -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(report.issues_xlsx(ISSUES, "ja"))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("区分", "シート", "行", "列", "値", "ルール", "内容")
    assert rows[1][:5] == ("誤り", "市町村四半期報告", 3, "65歳以上人口", "-10")
    assert len(rows) == 4
    text = report.issues_csv(ISSUES, "en").decode("utf-8-sig").splitlines()
    assert text[0] == "Severity,Sheet,Row,Column,Value,Rule,Message"
    assert text[1].startswith("Error,市町村四半期報告,3,65歳以上人口,-10,")


def test_reporting_periods() -> None:
    assert reporting_periods(datetime(2026, 4, 1, 0, tzinfo=TOKYO)) == [(2025, 4), (2026, 1)]
    assert reporting_periods(datetime(2026, 12, 2, 10, tzinfo=TOKYO)) == [(2026, 2), (2026, 3)]


def test_the_officers_quarter_status_reads_in_japanese_dates_and_quarters(kyoso_dirs, tmp_path) -> None:
    from pipelines import submissions as store
    from tests.builders import platform_rows, write_form_csv

    path = write_form_csv(tmp_path / "p.csv", "platform_status", platform_rows("31", 2026, 2, 2))
    store.submit(path, "31", received_at=datetime(2026, 10, 5, 14, 30, tzinfo=TOKYO))
    now = datetime(2026, 11, 2, 9, 0, tzinfo=TOKYO)  # in FY2026 Q3: Q2's data are due on 31 October
    rows = quarter_status(store.list_submissions(), "31", "ja", now=now).to_dicts()
    platform = next(r for r in rows if r["様式"] == "都道府県プラットフォーム構築状況" and "第2" in r["期間"])
    assert platform == {"期間": "2026年度 第2四半期", "様式": "都道府県プラットフォーム構築状況",
                        "提出期限": "2026年10月31日", "状況": "✓ 受理（有効）", "受付日時": "2026年10月5日 14:30"}
    late = next(r for r in rows if r["様式"] == "市町村四半期報告" and "第2" in r["期間"])
    assert late["状況"] == "未提出・期限超過"
    english = quarter_status(store.list_submissions(), "31", "en", now=now).to_dicts()
    accepted = next(r for r in english if r["Status"] == "✓ Accepted (effective)")
    assert (accepted["Period"], accepted["Due"]) == ("FY2026 Q2", "31 Oct 2026")
    assert accepted["Received"] == "5 Oct 2026, 14:30"
