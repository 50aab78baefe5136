"""Single-value parsers (SPEC §3.1, §3.6)."""

import pytest

from pipelines.intake import values
from pipelines.intake.issues import Invalid


def rule_of(parse, text: str) -> str:
    with pytest.raises(Invalid) as raised:
        parse(text)
    return raised.value.problem.rule


@pytest.mark.parametrize(
    ("text", "number"),
    [("0", 0), ("1234", 1234), ("１，２３４", 1234), ("1,234", 1234), ("１２３", 123), ("1,234,567", 1234567),
     ("12.0", 12), ("-0", 0)],
)  # fmt: skip
def test_count(text: str, number: int) -> None:
    assert values.parse_count(text) == number


@pytest.mark.parametrize(
    ("text", "rule"),
    [("-1", "negative"), ("－５", "negative"), ("△3", "negative"), ("1.5", "fractional"), ("１．２", "fractional"),
     ("abc", "not_a_number"), ("1,23", "not_a_number"), ("約100", "not_a_number"), ("1e3", "not_a_number"),
     ("9999999999999999", "too_large")],
)  # fmt: skip
def test_count_rejected(text: str, rule: str) -> None:
    assert rule_of(values.parse_count, text) == rule


@pytest.mark.parametrize(
    "text", ["2025", "2025年度", "令和7年度", "令和7", "R7", "R07", "r7", "２０２５", "令和７年度", "Ｒ７", "FY2025"]
)
def test_fiscal_year(text: str) -> None:
    assert values.parse_fiscal_year(text) == 2025


def test_fiscal_year_reiwa_offset() -> None:
    assert values.parse_fiscal_year("令和元年度") == 2019
    assert values.parse_fiscal_year("令和8年度") == 2026


@pytest.mark.parametrize("text", ["25", "平成30年度", "2025-04", "R", "1999"])
def test_fiscal_year_rejected(text: str) -> None:
    assert rule_of(values.parse_fiscal_year, text) == "format"


@pytest.mark.parametrize(
    ("text", "quarter"),
    [("1", 1), ("4", 4), ("第1四半期", 1), ("第３四半期", 3), ("Q1", 1), ("q2", 2), ("1Q", 1), ("４Q", 4),
     ("第2四半期（7～9月）", 2)],
)  # fmt: skip
def test_quarter(text: str, quarter: int) -> None:
    assert values.parse_quarter(text) == quarter


@pytest.mark.parametrize("text", ["0", "5", "Q5", "第5四半期", "一"])
def test_quarter_rejected(text: str) -> None:
    assert rule_of(values.parse_quarter, text) == "format"


@pytest.mark.parametrize(
    "text", ["1", "有", "あり", "○", "〇", "はい", "実施", "設置", "true", "yes", "TRUE", "１", "Yes"]
)
def test_boolean_true(text: str) -> None:
    assert values.parse_boolean(text) is True


@pytest.mark.parametrize("text", ["0", "無", "なし", "×", "いいえ", "未実施", "未設置", "false", "no", "FALSE", "０"])
def test_boolean_false(text: str) -> None:
    assert values.parse_boolean(text) is False


@pytest.mark.parametrize("text", ["2", "maybe", "－", "済"])
def test_boolean_rejected(text: str) -> None:
    assert rule_of(values.parse_boolean, text) == "format"


@pytest.mark.parametrize(
    ("text", "code"),
    [("民間企業", "company"), ("company", "company"), ("NPO法人", "npo"), ("ＮＰＯ法人", "npo"),
     ("協同組合（生協・農協等）", "coop"), ("協同組合", "coop"), ("農村RMO", None), ("農村型地域運営組織", "rural_rmo"),
     ("その他", "other")],
)  # fmt: skip
def test_actor_type(text: str, code: str | None) -> None:
    if code is None:
        assert rule_of(values.parse_actor_type, text) == "unknown"
    else:
        assert values.parse_actor_type(text) == code


@pytest.mark.parametrize(
    ("text", "code"),
    [("訪問型サービスA", "home_a"), ("訪問型A", "home_a"), ("通所型A", "day_a"), ("通所型Ａ", "day_a"),
     ("訪問型B", "home_b"), ("通所型サービスC", "day_c"), ("訪問型D", "home_d"), ("home_b", "home_b"),
     ("その他の生活支援サービス", "other_support"), ("総合事業外の連携", "outside")],
)  # fmt: skip
def test_service_category(text: str, code: str) -> None:
    assert values.parse_service_category(text) == code


def test_service_category_rejected() -> None:
    assert rule_of(values.parse_service_category, "訪問型E") == "unknown"


@pytest.mark.parametrize(
    ("text", "code"),
    [("①-1", "1-1"), ("①-2", "1-2"), ("①-3", "1-3"), ("②", "2"), ("1-1", "1-1"), ("①－１", "1-1"),
     ("1ー3", "1-3"), ("1–2", "1-2"), ("1—2", "1-2"), ("1−1", "1-1"), ("1‐1", "1-1"), ("2", "2"),
     ("①-1 市場拡大", "1-1"), ("市場拡大", "1-1"), ("専門職介入", "2")],
)  # fmt: skip
def test_model_type(text: str, code: str) -> None:
    assert values.parse_model_type(text) == code


@pytest.mark.parametrize("text", ["①", "1-4", "3"])
def test_model_type_rejected(text: str) -> None:
    assert rule_of(values.parse_model_type, text) == "unknown"


@pytest.mark.parametrize(
    ("text", "stage"),
    [("0", 0), ("4", 4), ("４", 4), ("未着手", 0), ("検討開始", 1), ("準備会合", 2), ("設置", 3), ("運用", 4),
     ("3 設置", 3)],
)  # fmt: skip
def test_stage(text: str, stage: int) -> None:
    assert values.parse_stage(text) == stage


def test_stage_rejected() -> None:
    assert rule_of(values.parse_stage, "5") == "unknown"


@pytest.mark.parametrize(
    ("text", "band"),
    [("65-69", "65-69"), ("65～69歳", "65-69"), ("70〜74歳", "70-74"), ("75－79", "75-79"), ("80–84", "80-84"),
     ("80ー84歳", "80-84"), ("85+", "85+"), ("85歳以上", "85+"), ("８５歳以上", "85+"), ("85以上", "85+")],
)  # fmt: skip
def test_age_band(text: str, band: str) -> None:
    assert values.parse_age_band(text) == band


@pytest.mark.parametrize("text", ["60-64", "65-70", "90+"])
def test_age_band_rejected(text: str) -> None:
    assert rule_of(values.parse_age_band, text) == "unknown"


def test_satisfaction() -> None:
    assert [values.parse_satisfaction(t) for t in ("1", "５", "3")] == [1, 5, 3]
    assert rule_of(values.parse_satisfaction, "0") == "out_of_range"
    assert rule_of(values.parse_satisfaction, "6") == "out_of_range"
    assert rule_of(values.parse_satisfaction, "2.5") == "fractional"


@pytest.mark.parametrize(
    ("text", "month"),
    [("2025-04", "2025-04"), ("2025/4", "2025-04"), ("令和7年4月", "2025-04"), ("令和７年１２月", "2025-12"),
     ("R8.1", "2026-01"), ("2025年4月", "2025-04"), ("２０２５／４", "2025-04"), ("2025-04-01 00:00:00", "2025-04"),
     ("2025/4/1", "2025-04"), ("202504", "2025-04")],
)  # fmt: skip
def test_month(text: str, month: str) -> None:
    assert values.parse_month(text) == month


@pytest.mark.parametrize("text", ["2025-13", "4月", "令和7年", "2025"])
def test_month_rejected(text: str) -> None:
    assert rule_of(values.parse_month, text) == "format"


def test_domain_items_split_on_every_separator() -> None:
    assert values.domain_items("掃除、洗濯,調理;買い物；見守り/住まい\n居場所\r\n食事") == [
        "掃除", "洗濯", "調理", "買い物", "見守り", "住まい", "居場所", "食事",
    ]  # fmt: skip
