"""Shape of the marts: column sets (SPEC §4.3 / §4.4), column types (§4.3 "Types"), rows per period."""

from __future__ import annotations

from collections import Counter

import pytest

from .oracle.spec import (
    BOOL_COLUMNS,
    NATIONAL_KEY_COLUMNS,
    NATIONAL_OWN_COLUMNS,
    PREFECTURE_DOMAIN_QUARTER_COLUMNS,
    PREFECTURE_QUARTER_COLUMNS,
    RATIO_COLUMNS,
    TEXT_COLUMNS,
)

INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT",
                 "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT", "UHUGEINT"}
PERIODS = ["FY2025Q1", "FY2025Q2", "FY2025Q3"]  # S025 (FY2025Q4) was rejected: no Q4 row

# Columns the national mart must have: its keys, the national columns §4.4 names, and the Σ/Σ ratios
# of §4.3 whose numerator and denominator are both sums over municipalities.
NATIONAL_REQUIRED = NATIONAL_KEY_COLUMNS + NATIONAL_OWN_COLUMNS + [
    "town_meetings_per_10k_65plus", "org_participant_share", "kayoi_participation_rate",
    "sc_layer2_coverage", "council_layer2_coverage",
]
# Any other national column must at least carry a §4.3 indicator name.
NATIONAL_ALLOWED = set(NATIONAL_REQUIRED) | set(PREFECTURE_QUARTER_COLUMNS) - {"prefecture_code"}


def expected_type(column: str) -> set[str]:
    if column in TEXT_COLUMNS:
        return {"VARCHAR"}
    if column in BOOL_COLUMNS:
        return {"BOOLEAN"}
    if column in RATIO_COLUMNS:
        return {"DOUBLE"}
    return INTEGER_TYPES  # keys fiscal_year/quarter, counts, money, stages


def test_prefecture_quarter_columns_are_exactly_the_spec_list(dbt_run):
    columns, _ = dbt_run.table("mart_prefecture_quarter")
    assert set(columns) - set(PREFECTURE_QUARTER_COLUMNS) == set(), "columns not in SPEC §4.3"
    assert set(PREFECTURE_QUARTER_COLUMNS) - set(columns) == set(), "SPEC §4.3 columns missing"
    assert len(columns) == len(set(columns))


def test_prefecture_domain_quarter_columns_are_exactly_the_spec_list(dbt_run):
    columns, _ = dbt_run.table("mart_prefecture_domain_quarter")
    assert set(columns) - set(PREFECTURE_DOMAIN_QUARTER_COLUMNS) == set(), "columns not in SPEC §4.4"
    assert set(PREFECTURE_DOMAIN_QUARTER_COLUMNS) - set(columns) == set(), "SPEC §4.4 columns missing"


def test_national_quarter_columns(dbt_run):
    columns, _ = dbt_run.table("mart_national_quarter")
    assert set(NATIONAL_REQUIRED) - set(columns) == set(), "SPEC §4.4 national columns missing"
    assert set(columns) - NATIONAL_ALLOWED == set(), "national columns that are not SPEC indicator names"


@pytest.mark.parametrize("table", ["mart_prefecture_quarter", "mart_prefecture_domain_quarter",
                                   "mart_national_quarter"])
def test_column_types(dbt_run, table):
    dbt_run.table(table)
    problems = []
    known = set(PREFECTURE_QUARTER_COLUMNS) | set(PREFECTURE_DOMAIN_QUARTER_COLUMNS) | NATIONAL_ALLOWED
    for column, data_type in dbt_run.types[table].items():
        if column not in known:
            continue  # extra columns are reported by the column-set tests
        wanted = INTEGER_TYPES if column.startswith("prefectures_") else expected_type(column)
        if data_type not in wanted:
            problems.append(f"{table}.{column}: {data_type}, expected one of {sorted(wanted)}")
    assert not problems, "\n".join(problems)


def test_47_prefectures_every_period(dbt_run):
    _, rows = dbt_run.table("mart_prefecture_quarter")
    per_period = Counter(r["period"] for r in rows)
    assert sorted(per_period) == PERIODS
    assert set(per_period.values()) == {47}
    for period in PERIODS:
        codes = sorted(r["prefecture_code"] for r in rows if r["period"] == period)
        assert codes == [f"{i:02d}" for i in range(1, 48)], period


def test_domain_mart_has_every_prefecture_period_domain(dbt_run):
    _, rows = dbt_run.table("mart_prefecture_domain_quarter")
    keys = Counter((r["prefecture_code"], r["period"], r["domain_code"]) for r in rows)
    assert set(keys.values()) == {1}, "duplicate keys"
    assert len(keys) == 47 * len(PERIODS) * 23
    assert {p for _, p, _ in keys} == set(PERIODS)


def test_national_mart_one_row_per_period(dbt_run):
    _, rows = dbt_run.table("mart_national_quarter")
    assert sorted(r["period"] for r in rows) == PERIODS


def test_oracle_shape(expected):
    """The oracle itself obeys the same rules (47 rows per period, FY2025Q1–Q3, SPEC column order)."""
    rows = expected["mart_prefecture_quarter"]
    assert Counter(r["period"] for r in rows) == dict.fromkeys(PERIODS, 47)
    assert all(list(r) == PREFECTURE_QUARTER_COLUMNS for r in rows)
    assert len(PREFECTURE_QUARTER_COLUMNS) == 44
    assert len(expected["mart_prefecture_domain_quarter"]) == 47 * 3 * 23
    assert [r["period"] for r in expected["mart_national_quarter"]] == PERIODS
