"""Header matching (NFKC + no whitespace, Japanese header or English key)."""

from pipelines.intake.forms import FORMS
from pipelines.intake.headers import column_letter, match_headers

MUNICIPAL = FORMS["municipal_report"]


def headers_of(form: str) -> list[str | None]:
    return [column.header_ja for column in FORMS[form].columns]


def test_headers_match_after_nfkc_and_whitespace_removal() -> None:
    written = ["団体 コード", "市区町村名", "年度", "四半期", "６５歳以上人口", "日常生活圏域数", "第１層ＳＣ配置人数",
               "第2層SC配置圏域数", "第1層協議体設置", "第2層協議体設置圏域数", "住民参画・官民連携推進事業実施",
               "タウンミーティング等開催回数", "参加者数(住民)", "参加者数（民間企業等）", "プロジェクト化件数",
               "試行的実施件数", "通いの場\n参加者数", "生活支援体制整備事業費（千円）"]  # fmt: skip
    match = match_headers(MUNICIPAL, written)
    assert not match.missing and not match.extras
    assert match.written["municipality_code"] == "団体 コード"
    assert match.positions["kayoi_participants"] == 16


def test_english_keys_match() -> None:
    match = match_headers(FORMS["platform_status"], [c.key for c in FORMS["platform_status"].columns])
    assert not match.missing
    assert match.written["stage"] == "stage"


def test_missing_extra_and_duplicate_columns() -> None:
    written = [*headers_of("municipal_report")[:-1], "備考", None, "団体コード"]
    match = match_headers(MUNICIPAL, written)
    assert [column.key for column in match.missing] == ["program_spend_kyen"]
    assert match.extras == [17]
    assert [(column.key, index) for column, index in match.duplicates] == [("municipality_code", 19)]


def test_optional_columns_may_be_absent() -> None:
    written = [h for h in headers_of("actor_roster") if h not in ("法人番号", "モデル類型", "開始年月")]
    assert not match_headers(FORMS["actor_roster"], written).missing


def test_column_letter() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]
