"""The extended fixture (fixture_rows.EXTENDED_*): later periods, the FY boundary, due-instant traps.

Periods run FY2025Q1 … FY2027Q1 (9 periods; FY2026Q2–Q4 have no submission at all). Schedule targets:
FY2025 1 1 2 2 · FY2026 3 3 4 4 · FY2027Q1 (later) 4.
"""

from __future__ import annotations

from collections import Counter

import pytest

from .conftest import check_hand_value, compare_rows
from .oracle.spec import (
    NATIONAL_KEY_COLUMNS,
    NATIONAL_OWN_COLUMNS,
    NATIONAL_STRICT_INDICATORS,
    PREFECTURE_DOMAIN_QUARTER_COLUMNS,
    PREFECTURE_QUARTER_COLUMNS,
)

PQ = "mart_prefecture_quarter"
NQ = "mart_national_quarter"
PERIODS = ["FY2025Q1", "FY2025Q2", "FY2025Q3", "FY2025Q4", "FY2026Q1", "FY2026Q2", "FY2026Q3", "FY2026Q4",
           "FY2027Q1"]


def k(pref: str, fy: int, q: int) -> dict:
    return {"prefecture_code": pref, "fiscal_year": fy, "quarter": q}


def n(fy: int, q: int) -> dict:
    return {"fiscal_year": fy, "quarter": q}


HAND = [
    # due FY2025Q4 = 2026-04-30 23:59:59 JST = 14:59:59 UTC
    (PQ, k("31", 2025, 4), "municipal_report_on_time", False),  # 20:00 UTC = 05:00 JST on 1 May
    (PQ, k("14", 2025, 4), "municipal_report_on_time", False),  # half a second late
    # spend FY2025 to date: 14 Q1 86500 + Q2 102000 + Q4 90000 (Q3 has none)
    (PQ, k("14", 2025, 4), "spend_fy_to_date_kyen", 278500),
    (PQ, k("14", 2025, 4), "spend_ratio", 278500 / 800000),  # 横浜 only: 144000 + 584000 + 72000
    (PQ, k("31", 2025, 4), "spend_fy_to_date_kyen", 50550 + 12000 + 8000),
    # FY2026 restarts: 31 FY2026Q1 = 11000 + 8000 only
    (PQ, k("31", 2026, 1), "spend_fy_to_date_kyen", 19000),
    # 鳥取 8000 + 4000·11 + 4000 = 56000; 米子 8000 + 4000·8 + 0 = 40000
    (PQ, k("31", 2026, 1), "standard_amount_kyen", 96000),
    (PQ, k("31", 2026, 2), "spend_fy_to_date_kyen", 19000),
    (PQ, k("14", 2026, 1), "spend_fy_to_date_kyen", None),  # no FY2026 report at all
    (PQ, k("01", 2026, 1), "spend_fy_to_date_kyen", None),
    # schedule
    (PQ, k("14", 2026, 1), "platform_stage", 3),
    (PQ, k("14", 2026, 1), "target_stage", 3),
    (PQ, k("14", 2026, 1), "schedule_status", "on_track"),
    (PQ, k("14", 2026, 3), "schedule_status", "behind"),
    (PQ, k("14", 2026, 3), "quarters_behind", 1),  # targets 1 1 2 2 3 3 4: only FY2026Q3's 4 > 3
    (PQ, k("14", 2027, 1), "quarters_behind", 3),  # FY2026Q3, FY2026Q4, FY2027Q1
    (PQ, k("31", 2026, 4), "quarters_behind", 6),  # stage 1 (carried since FY2025Q2): 2 2 3 3 4 4 > 1
    (PQ, k("31", 2027, 1), "platform_stage", 4),
    (PQ, k("31", 2027, 1), "target_stage", 4),  # later periods 4
    (PQ, k("31", 2027, 1), "schedule_status", "on_track"),
    (PQ, k("31", 2027, 1), "platform_member_orgs", 30),
    (PQ, k("47", 2027, 1), "quarters_behind", 9),  # stage 0 < every target
    (PQ, k("47", 2027, 1), "stage_gap", -4),
    (PQ, k("02", 2027, 1), "target_stage", 4),
    (PQ, k("02", 2027, 1), "schedule_status", "no_data"),
    # national
    (NQ, n(2025, 4), "prefectures_reporting", 2),
    (NQ, n(2025, 4), "prefectures_on_time", 0),
    (NQ, n(2025, 4), "target_stage", 2),
    (NQ, n(2026, 1), "prefectures_reporting", 1),
    (NQ, n(2026, 1), "spend_fy_to_date_kyen", 19000),
    (NQ, n(2026, 1), "target_stage", 3),
    (NQ, n(2026, 2), "prefectures_reporting", 0),
    (NQ, n(2026, 2), "prefectures_on_time", 0),
    (NQ, n(2026, 2), "survey_respondents", 0),
    (NQ, n(2026, 2), "prefectures_stage_0", 1),  # 47
    (NQ, n(2026, 2), "prefectures_stage_1", 1),  # 31
    (NQ, n(2026, 2), "prefectures_stage_3", 1),  # 14
    (NQ, n(2026, 2), "prefectures_on_track_or_ahead", 1),  # 14: 3 = 3
    (NQ, n(2027, 1), "prefectures_stage_4", 1),
    (NQ, n(2027, 1), "prefectures_on_track_or_ahead", 1),  # 31: 4 = 4; 14: 3 < 4
    (NQ, n(2027, 1), "target_stage", 4),
]


def _ids(x):
    if isinstance(x, dict):
        return f"{x.get('prefecture_code', 'JP')}FY{x['fiscal_year']}Q{x['quarter']}"
    return str(x)


@pytest.mark.parametrize(("table", "keys", "column", "value"), HAND, ids=_ids)
def test_oracle_matches_hand_value(expected_ext, table, keys, column, value):
    check_hand_value(expected_ext[table], keys, column, value)


@pytest.mark.parametrize(("table", "keys", "column", "value"), HAND, ids=_ids)
def test_mart_matches_hand_value(dbt_run_ext, table, keys, column, value):
    columns, rows = dbt_run_ext.table(table)
    if column not in columns:
        pytest.skip(f"{column} is not in {table}")
    check_hand_value(rows, keys, column, value)


def test_dbt_build_succeeds(dbt_run_ext):
    assert dbt_run_ext.returncode == 0, f"dbt build failed:\n{dbt_run_ext.output[-6000:]}"


def test_periods_and_47_rows(expected_ext, dbt_run_ext):
    assert Counter(r["period"] for r in expected_ext[PQ]) == dict.fromkeys(PERIODS, 47)
    _, rows = dbt_run_ext.table(PQ)
    assert Counter(r["period"] for r in rows) == dict.fromkeys(PERIODS, 47)


def test_prefecture_quarter_matches_oracle(expected_ext, dbt_run_ext):
    _, rows = dbt_run_ext.table(PQ)
    problems = compare_rows(PQ, expected_ext[PQ], rows, ["prefecture_code", "fiscal_year", "quarter"],
                            PREFECTURE_QUARTER_COLUMNS)
    assert not problems, f"{len(problems)} mismatches:\n" + "\n".join(problems)


def test_national_quarter_matches_oracle(expected_ext, dbt_run_ext):
    _, rows = dbt_run_ext.table(NQ)
    strict = NATIONAL_KEY_COLUMNS + NATIONAL_OWN_COLUMNS + NATIONAL_STRICT_INDICATORS
    problems = compare_rows(NQ, expected_ext[NQ], rows, ["fiscal_year", "quarter"], strict)
    assert not problems, f"{len(problems)} mismatches:\n" + "\n".join(problems)


def test_domain_quarter_matches_oracle(expected_ext, dbt_run_ext):
    table = "mart_prefecture_domain_quarter"
    _, rows = dbt_run_ext.table(table)
    problems = compare_rows(table, expected_ext[table], rows,
                            ["prefecture_code", "fiscal_year", "quarter", "domain_code"],
                            PREFECTURE_DOMAIN_QUARTER_COLUMNS)
    assert not problems, f"{len(problems)} mismatches:\n" + "\n".join(problems)
