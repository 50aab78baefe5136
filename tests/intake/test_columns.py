"""Column normalization: domain lists, blanks, and the issues a bad value produces."""

import polars as pl
import pytest

from pipelines.intake.columns import ColumnNormalizer
from pipelines.intake.forms import Column
from pipelines.intake.issues import IssueLog

DOMAINS_REQUIRED = Column("活動分野", "domains", "domain_list")
DOMAINS_OPTIONAL = Column("利用中の生活支援", "domains_used", "domain_list", required=False)


def normalize(column: Column, cells: list[str | None], prefecture: str = "16") -> tuple[list, IssueLog]:
    raw = pl.DataFrame(
        {
            "source_row": pl.Series(range(2, len(cells) + 2), dtype=pl.Int32),
            column.key: pl.Series(cells, dtype=pl.String),
        }
    )
    log = IssueLog("test.csv")
    series = ColumnNormalizer(raw, {column.key: column.header_ja}, prefecture, log).normalize(column)
    return series.to_list(), log


@pytest.mark.parametrize("separator", ["、", ",", "，", ";", "；", "/", "／", "\n", "\r\n", " 、 "])
def test_domain_list_separators(separator: str) -> None:
    values, log = normalize(DOMAINS_REQUIRED, [separator.join(["洗濯", "掃除"])])
    assert values == [["cleaning", "laundry"]]  # vocabulary order: 掃除 before 洗濯
    assert not log.finish()


@pytest.mark.parametrize(
    ("cell", "codes"),
    [
        ("移動（交通）", ["mobility"]),
        ("移動(交通)", ["mobility"]),
        ("移動", ["mobility"]),
        ("移動交通", ["mobility"]),
        ("（多世代）交流", ["intergenerational"]),
        ("多世代交流", ["intergenerational"]),
        ("交流", ["intergenerational"]),
        ("ｽﾎﾟｰﾂ・ﾚｸﾘｴｰｼｮﾝ", ["sports_recreation"]),  # half-width katakana, NFKC
        ("shopping、cleaning", ["cleaning", "shopping"]),  # codes
        ("Shopping", ["shopping"]),
        ("見守り、見守り、watching", ["watching"]),  # deduplicated
        ("環境保全、掃除、 防災・防犯 ", ["cleaning", "disaster_crime_prevention", "environment"]),
        ("掃除、", ["cleaning"]),  # trailing separator
    ],
)
def test_domain_labels_and_codes(cell: str, codes: list[str]) -> None:
    values, log = normalize(DOMAINS_REQUIRED, [cell])
    assert values == [codes]
    assert not log.finish()


def test_unknown_domain_is_an_error_naming_the_item() -> None:
    values, log = normalize(DOMAINS_REQUIRED, ["掃除、料理", "掃除"])
    issues = log.finish()
    assert [(i.rule, i.row, i.column, i.value) for i in issues] == [("domains.unknown", 2, "活動分野", "掃除、料理")]
    assert "「料理」" in issues[0].message_ja
    assert values[1] == ["cleaning"]


def test_required_domain_list_blank_is_an_error() -> None:
    _, log = normalize(DOMAINS_REQUIRED, [None, "\u3000", "、"])
    assert [(i.rule, i.row) for i in log.finish()] == [
        ("domains.required", 2),
        ("domains.required", 3),
        ("domains.required", 4),
    ]


def test_optional_domain_list_blank_is_empty() -> None:
    values, log = normalize(DOMAINS_OPTIONAL, [None, " ", "買い物"])
    assert values == [[], [], ["shopping"]]
    assert not log.finish()


def test_scalar_values_are_mapped_and_bad_ones_reported_with_row() -> None:
    column = Column("65歳以上人口", "population_65plus", "count")
    values, log = normalize(column, ["１，２３４", " 5 ", "abc", None, "1,234"])
    assert values == [1234, 5, None, None, 1234]
    issues = log.finish()
    assert [(i.rule, i.row, i.value) for i in issues] == [
        ("population_65plus.not_a_number", 4, "abc"),
        ("population_65plus.required", 5, None),
    ]


def test_optional_blank_is_null_without_issue() -> None:
    column = Column("法人番号", "corporate_number", "corporate_number", required=False)
    values, log = normalize(column, ["", "7000012050002", "7000012050003"])
    assert values == [None, "7000012050002", None]
    assert [(i.rule, i.row) for i in log.finish()] == [("corporate_number.check_digit", 4)]


def test_municipality_codes_use_the_submitting_prefecture() -> None:
    column = Column("団体コード", "municipality_code", "municipality_code")
    values, _ = normalize(column, ["11002", "01213", "1213"], prefecture="01")
    assert values == ["011002", "012131", "012131"]


def test_text_blank_required() -> None:
    column = Column("主体名", "actor_name", "text")
    values, log = normalize(column, ["  ＮＰＯ 法人 ", "\u3000"])
    assert values == ["ＮＰＯ 法人", None]
    assert [(i.rule, i.row) for i in log.finish()] == [("actor_name.required", 3)]


def test_long_columns_are_mapped_and_reported_like_short_ones() -> None:
    """Above a few thousand rows the distinct values are found by Polars instead of a Python set."""
    column = Column("65歳以上人口", "population_65plus", "count")
    cells: list[str | None] = [str(n % 7) for n in range(3000)]
    cells[1500], cells[2999] = "１２，３４５", "x"
    cells[42] = None
    values, log = normalize(column, cells)
    assert values[:8] == [0, 1, 2, 3, 4, 5, 6, 0]
    assert (values[1500], values[2999], values[42]) == (12345, None, None)
    assert [(i.rule, i.row, i.value) for i in log.finish()] == [
        ("population_65plus.required", 44, None),  # row 42 of the data is Excel row 44 (header = 1)
        ("population_65plus.not_a_number", 3001, "x"),
    ]


def test_every_column_of_a_file_is_normalized_together() -> None:
    count = Column("65歳以上人口", "population_65plus", "count")
    flag = Column("第1層協議体設置", "council_layer1", "boolean")
    name = Column("市区町村名", "municipality_name", "text", required=False)
    absent = Column("利用中の生活支援", "domains_used", "domain_list", required=False)
    raw = pl.DataFrame(
        {
            "source_row": pl.Series([2, 3], dtype=pl.Int32),
            "population_65plus": ["１０", "2,000"],
            "council_layer1": ["○", "なし"],
            "municipality_name": [" 鳥取市 ", None],
        }
    )
    headers = {c.key: c.header_ja for c in (count, flag, name, absent)}
    log = IssueLog("test.csv")
    series = ColumnNormalizer(raw, headers, "31", log).normalize_all([count, flag, name, absent])
    assert [s.name for s in series] == ["population_65plus", "council_layer1", "municipality_name", "domains_used"]
    assert [s.to_list() for s in series] == [[10, 2000], [True, False], ["鳥取市", None], [[], []]]
    assert not log.finish()
