"""`dbt build` (seeds, models, data tests, unit tests) on small raw fixtures, checking values by hand.

The every-column oracle lives in tests/marts/; these tests pin the rules that are easy to get wrong:
first-accepted on-time, NULL when a form is missing, carry-forward, spend to date, Σ/Σ ratios.
"""

from __future__ import annotations

import math
from datetime import datetime
from pathlib import Path

import pytest
from dbt_warehouse import create_raw_warehouse, dbt_build, query, submission

from pipelines.periods import TOKYO

SAPPORO, HAKODATE, CHIYODA = "011002", "012025", "131016"
CORPORATE_NUMBER = "7000012050002"


def jst(*args: int) -> datetime:
    return datetime(*args, tzinfo=TOKYO)


def report_row(submission_id: str, code: str, quarter: int, **values: object) -> dict:
    row = {
        "submission_id": submission_id,
        "prefecture_code": code[:2],
        "fiscal_year": 2025,
        "quarter": quarter,
        "period": f"FY2025Q{quarter}",
        "municipality_code": code,
        "council_layer1": False,
        "partnership_program": False,
    }
    return row | values


def with_source_rows(rows: list[dict]) -> list[dict]:
    """Number the rows like the Excel rows of one file (header = row 1)."""
    return [row | {"source_row": number} for number, row in enumerate(rows, start=2)]


def roster_row(code: str, name: str, actor_type: str, domains: list[str], service: str, corp=None) -> dict:
    return {
        "submission_id": "R1",
        "prefecture_code": "01",
        "fiscal_year": 2025,
        "quarter": 1,
        "period": "FY2025Q1",
        "municipality_code": code,
        "actor_name": name,
        "actor_name_normalized": name.replace(" ", ""),
        "corporate_number": corp,
        "actor_type": actor_type,
        "domains": domains,
        "service_category": service,
    }


def survey_row(respondent: str, participates: bool, used, wanted, satisfaction) -> dict:
    return {
        "submission_id": "V1",
        "prefecture_code": "13",
        "fiscal_year": 2025,
        "quarter": 1,
        "period": "FY2025Q1",
        "municipality_code": CHIYODA,
        "respondent_id": respondent,
        "age_band": "70-74",
        "participates": participates,
        "domains_used": used,
        "domains_wanted": wanted,
        "satisfaction": satisfaction,
    }


def platform_row(submission_id: str, prefecture: str, fiscal_year: int, quarter: int, stage: int) -> dict:
    return {
        "submission_id": submission_id,
        "prefecture_code": prefecture,
        "fiscal_year": fiscal_year,
        "quarter": quarter,
        "period": f"FY{fiscal_year}Q{quarter}",
        "stage": stage,
        "member_orgs": 5,
        "events": 1,
        "trainings": 0,
        "matches": 2,
        "fund_used_kyen": 100,
        "linked_national": True,
    }


SAPPORO_Q1 = {
    "population_65plus": 500_000, "daily_living_areas": 87, "sc_layer1_count": 1, "sc_layer2_areas_covered": 80,
    "council_layer1": True, "council_layer2_areas": 70, "partnership_program": True, "town_meetings": 10,
    "meeting_participants_residents": 100, "meeting_participants_orgs": 50, "projects_started": 2,
    "pilots_running": 1, "kayoi_participants": 25_000, "program_spend_kyen": 50_000,
}  # fmt: skip
HAKODATE_Q1 = {
    "population_65plus": 90_000, "daily_living_areas": 10, "sc_layer1_count": 0, "sc_layer2_areas_covered": 5,
    "council_layer2_areas": 3, "town_meetings": 2, "meeting_participants_residents": 30,
    "meeting_participants_orgs": 10, "projects_started": 0, "pilots_running": 0, "kayoi_participants": 4_000,
    "program_spend_kyen": 3_000,
}  # fmt: skip


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("dbt_fixture")
    rows = {
        "submissions": [
            # FY2025Q1 municipal report of Hokkaido: first accepted on time, effective one late
            submission("M1", "municipal_report", "01", 2025, 1, jst(2025, 7, 30, 10), "superseded", 2),
            submission("M2", "municipal_report", "01", 2025, 1, jst(2025, 8, 5, 9), "accepted", 2),
            # FY2025Q3: received exactly at the due instant (boundary included)
            submission("M3", "municipal_report", "01", 2025, 3, jst(2026, 1, 31, 23, 59, 59)),
            submission("R1", "actor_roster", "01", 2025, 1, jst(2025, 7, 1)),
            submission("P1", "platform_status", "01", 2025, 1, jst(2025, 7, 1)),
            submission("P2", "platform_status", "13", 2025, 2, jst(2025, 10, 1)),
            submission("P0", "platform_status", "14", 2024, 4, jst(2025, 4, 20)),
            submission("V1", "survey_responses", "13", 2025, 1, jst(2025, 9, 1)),
            # an accepted report without rows (every municipality missing is only a warning)
            submission("M4", "municipal_report", "47", 2025, 2, jst(2025, 10, 1), rows=0),
            # a rejected file for a later period neither adds a period nor reaches a mart
            submission("X1", "municipal_report", "01", 2025, 4, jst(2026, 3, 1), "rejected", 2),
        ],
        "validation_issues": [
            {
                "submission_id": "X1",
                "issue_no": 1,
                "severity": "error",
                "sheet": "市町村四半期報告",
                "row_number": 2,
                "column_name": "団体コード",
                "value": "011003",
                "rule": "municipality_code.check_digit",
                "message_ja": "検査数字が誤っています",
                "message_en": "wrong check digit",
            },
        ],
        "municipal_report": [
            report_row("M2", SAPPORO, 1, **SAPPORO_Q1),
            report_row("M2", HAKODATE, 1, **HAKODATE_Q1),
            report_row("M3", SAPPORO, 3, **(SAPPORO_Q1 | {"program_spend_kyen": 7_000})),
        ],
        "actor_roster": with_source_rows(
            [
                roster_row(SAPPORO, "株式会社A", "company", ["cleaning", "shopping"], "home_a", CORPORATE_NUMBER),
                roster_row(SAPPORO, "ささえ 会", "npo", ["watching"], "day_a"),
                roster_row(SAPPORO, "福祉会C", "social_welfare", ["care"], "other_support"),
                roster_row(HAKODATE, "株式会社A", "company", ["shopping"], "outside", CORPORATE_NUMBER),
            ]
        ),
        "platform_status": [
            platform_row("P1", "01", 2025, 1, 1),
            platform_row("P2", "13", 2025, 2, 3),
            platform_row("P0", "14", 2024, 4, 0),
        ],
        "survey_responses": with_source_rows(
            [
                survey_row("r1", True, ["shopping"], ["shopping", "meals"], 4),
                survey_row("r2", False, [], ["meals"], None),
                survey_row("r3", True, None, None, 2),
            ]
        ),
    }
    path = create_raw_warehouse(work / "warehouse.duckdb", rows)
    dbt_build(path, work)
    return path


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
