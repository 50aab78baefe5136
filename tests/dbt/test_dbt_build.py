"""`dbt build` (seeds, models, data tests, unit tests) on small raw fixtures, checking values by hand.

The every-column oracle lives in tests/marts/; these tests pin the rules that are easy to get wrong:
first-accepted on-time, NULL when a form is missing, carry-forward, spend to date, Σ/Σ ratios.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from dbt_warehouse import dbt_build, query
from small_warehouse import CHIYODA, HAKODATE, SAPPORO


def assert_rows(actual: list[tuple], expected: list[tuple]) -> None:
    assert len(actual) == len(expected), actual
    for actual_row, expected_row in zip(actual, expected, strict=True):
        assert actual_row == pytest.approx(expected_row), actual_row


def prefecture_row(warehouse: Path, prefecture: str, period: str, columns: str) -> tuple:
    sql = f"select {columns} from mart_prefecture_quarter where prefecture_code = ? and period = ?"
    return query(warehouse, sql, prefecture, period)[0]


def test_periods_run_to_latest_accepted_period(warehouse: Path) -> None:
    periods = query(warehouse, "select distinct period from mart_prefecture_quarter order by 1")
    assert [p for (p,) in periods] == ["FY2025Q1", "FY2025Q2", "FY2025Q3"]
    assert query(warehouse, "select count(*) from mart_prefecture_quarter") == [(47 * 3,)]


def test_municipal_report_indicators(warehouse: Path) -> None:
    row = prefecture_row(
        warehouse,
        "01",
        "FY2025Q1",
        "municipal_report_submitted, municipal_report_on_time, municipalities_total, municipalities_reported, "
        "completeness, partnership_program_rate, town_meetings, town_meetings_per_10k_65plus, "
        "org_participant_share, kayoi_participation_rate, sc_layer1_rate, sc_layer2_coverage, "
        "council_layer2_coverage, standard_amount_kyen, spend_fy_to_date_kyen, spend_ratio",
    )
    # standard amount: Sapporo 8000·10 + 4000·87 + 4000·10 = 468000; Hakodate 8000 + 4000·10 = 48000
    expected = (
        True, True, 179, 2, 2 / 179, 0.5, 12, 10000 * 12 / 590_000, 60 / 190, 29_000 / 590_000, 0.5,
        85 / 97, 73 / 97, 516_000, 53_000, 53_000 / 516_000,
    )  # fmt: skip
    assert row == pytest.approx(expected)


def test_missing_report_is_null_but_spend_carries_over(warehouse: Path) -> None:
    row = prefecture_row(
        warehouse,
        "01",
        "FY2025Q2",
        "municipal_report_submitted, municipal_report_on_time, municipalities_reported, completeness, "
        "town_meetings, kayoi_participation_rate, standard_amount_kyen, spend_fy_to_date_kyen, spend_ratio",
    )
    assert row == (False, None, None, None, None, None, None, 53_000, None)
    q3 = prefecture_row(warehouse, "01", "FY2025Q3", "municipal_report_on_time, spend_fy_to_date_kyen")
    assert q3 == (True, 60_000)


def test_report_without_rows_counts_zero(warehouse: Path) -> None:
    row = prefecture_row(
        warehouse,
        "47",
        "FY2025Q2",
        "municipal_report_submitted, municipalities_reported, completeness, town_meetings, "
        "kayoi_participation_rate, standard_amount_kyen, spend_fy_to_date_kyen, spend_ratio",
    )
    assert row == (True, 0, 0.0, 0, None, 0, 0, None)
    assert prefecture_row(warehouse, "47", "FY2025Q1", "spend_fy_to_date_kyen") == (None,)


def test_roster_indicators(warehouse: Path) -> None:
    row = prefecture_row(
        warehouse,
        "01",
        "FY2025Q1",
        "engagements, actors, actor_types_present, actor_type_diversity, non_traditional_share, "
        "domain_coverage, service_a_engagements, diverse_municipality_rate",
    )
    # shares company 2/4, npo 1/4, social_welfare 1/4
    entropy = -(0.5 * math.log(0.5) + 2 * 0.25 * math.log(0.25))
    assert row == pytest.approx((4, 3, 3, entropy / math.log(11), 0.75, 4 / 23, 2, 1 / 179))
    missing = prefecture_row(warehouse, "13", "FY2025Q1", "engagements, domain_coverage, diverse_municipality_rate")
    assert missing == (None, None, None)


def test_platform_stage_carry_forward(warehouse: Path) -> None:
    columns = "platform_stage, platform_stage_reported, target_stage, stage_gap, schedule_status, quarters_behind"
    expected = {
        ("01", "FY2025Q1"): (1, True, 1, 0, "on_track", 0),
        ("01", "FY2025Q2"): (1, False, 1, 0, "on_track", 0),
        ("01", "FY2025Q3"): (1, False, 2, -1, "behind", 1),
        ("13", "FY2025Q1"): (None, False, 1, None, "no_data", None),
        ("13", "FY2025Q2"): (3, True, 1, 2, "ahead", 0),
        ("14", "FY2025Q3"): (0, False, 2, -2, "behind", 3),
    }
    for (prefecture, period), values in expected.items():
        assert prefecture_row(warehouse, prefecture, period, columns) == values, (prefecture, period)
    counts = prefecture_row(warehouse, "01", "FY2025Q2", "platform_member_orgs, platform_fund_used_kyen")
    assert counts == (None, None)


def test_survey_and_domains(warehouse: Path) -> None:
    row = prefecture_row(
        warehouse, "13", "FY2025Q1", "survey_respondents, survey_participation_rate, survey_satisfaction_mean"
    )
    assert row == pytest.approx((3, 2 / 3, 3.0))
    assert prefecture_row(warehouse, "01", "FY2025Q1", "survey_respondents, survey_participation_rate") == (0, None)
    domains = query(
        warehouse,
        "select domain_code, supply_engagements, supply_actors, demand_respondents, used_respondents, unmet_rate "
        "from mart_prefecture_domain_quarter where period = 'FY2025Q1' and prefecture_code in ('01', '13') "
        "and domain_code in ('meals', 'shopping') order by prefecture_code, domain_code",
    )
    assert_rows(
        domains,
        [("meals", 0, 0, None, None, None), ("shopping", 2, 1, None, None, None),
         ("meals", None, None, 2, 0, 2 / 3), ("shopping", None, None, 1, 1, 0.0)],
    )  # fmt: skip


def test_municipality_and_national_rows(warehouse: Path) -> None:
    municipalities = query(
        warehouse,
        "select municipality_code, period, municipal_report_submitted, engagements, actor_type_diversity, "
        "diverse_municipality_rate, survey_respondents, standard_amount_kyen, population_65plus "
        "from mart_municipality_quarter order by period, municipality_code",
    )
    # population_65plus (an extra column for the peer classes): the report row's value, NULL without a report row
    assert_rows(
        municipalities,
        [(SAPPORO, "FY2025Q1", True, 3, math.log(3) / math.log(11), 1.0, 0, 468_000, 500_000),
         (HAKODATE, "FY2025Q1", True, 1, 0.0, 0.0, 0, 48_000, 90_000),
         (CHIYODA, "FY2025Q1", False, None, None, None, 3, None, None),
         (SAPPORO, "FY2025Q3", True, None, None, None, 0, 468_000, 500_000)],
    )  # fmt: skip
    national = query(
        warehouse,
        "select prefectures_reporting, prefectures_on_time, municipalities_total, municipalities_reported, "
        "completeness, survey_respondents, prefectures_stage_0, prefectures_stage_1, "
        "prefectures_on_track_or_ahead, target_stage from mart_national_quarter where period = 'FY2025Q1'",
    )
    assert_rows(national, [(1, 1, 1741, 2, 2 / 1741, 3, 1, 1, 1, 1)])


def test_submission_register(warehouse: Path) -> None:
    register = query(
        warehouse,
        "select submission_id, status, is_first_accepted, is_on_time, prefecture_name, "
        "strftime(received_at_jst, '%Y-%m-%d %H:%M') from mart_submissions "
        "where submission_id in ('M1', 'M2', 'X1') order by submission_id",
    )
    assert register == [
        ("M1", "superseded", True, True, "北海道", "2025-07-30 10:00"),
        ("M2", "accepted", False, False, "北海道", "2025-08-05 09:00"),
        ("X1", "rejected", False, True, "北海道", "2026-03-01 00:00"),
    ]
    assert query(warehouse, "select submission_id, severity, prefecture_code from mart_validation_issues") == [
        ("X1", "error", "01")
    ]


def test_empty_raw_schema_builds(tmp_path: Path, empty_warehouse: Path) -> None:
    dbt_build(empty_warehouse, tmp_path)
    for table in ("mart_prefecture_quarter", "mart_national_quarter", "mart_municipality_quarter"):
        assert query(empty_warehouse, f"select count(*) from {table}") == [(0,)]
    assert query(empty_warehouse, "select count(*) from indicator_catalog")[0][0] > 0
    assert query(empty_warehouse, "select count(*) from rollout_schedule") == [(8,)]
