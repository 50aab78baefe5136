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
