"""mart_prefecture_quarter (SPEC §4.3) against the oracle, cell by cell, and against hand arithmetic."""

from __future__ import annotations

import math

import pytest

from .conftest import check_hand_value, compare_rows
from .oracle.spec import PREFECTURE_QUARTER_COLUMNS

TABLE = "mart_prefecture_quarter"
KEYS = ["prefecture_code", "fiscal_year", "quarter"]


def k(pref: str, q: int) -> dict:
    return {"prefecture_code": pref, "fiscal_year": 2025, "quarter": q}


LN11 = math.log(11)

# (keys, column, value) — worked out by hand from tests/marts/fixture_rows.py
HAND = [
    # 標準額 14 Q1: 横浜 8000·18 + 4000·146 + 4000·18·1 = 800000; 川崎 8000·7 + 4000·49 + 0 = 252000;
    # 葉山 8000·1 + 4000·1 + 4000·1·1 = 16000 → 1068000
    (k("14", 1), "standard_amount_kyen", 1068000),
    # 14 Q2: 横浜 800000; 川崎 (partnership now true) 56000 + 196000 + 28000 = 280000; 葉山 16000;
    # 清川村 8000 + 4000 + 0 = 12000 → 1108000
    (k("14", 2), "standard_amount_kyen", 1108000),
    # spend 14 Q1: 60000 + 25000 + 1500
    (k("14", 1), "spend_fy_to_date_kyen", 86500),
    (k("14", 1), "spend_ratio", 86500 / 1068000),
    # 14 Q3 has no effective municipal_report: spend = Q1 86500 + Q2 (70000+30000+1600+400) = 188500
    (k("14", 3), "spend_fy_to_date_kyen", 188500),
    (k("14", 3), "standard_amount_kyen", None),
    (k("14", 3), "spend_ratio", None),
    (k("14", 3), "municipal_report_submitted", False),  # S018 was rejected
    (k("14", 3), "municipal_report_on_time", None),
    (k("14", 3), "completeness", None),
    (k("14", 3), "municipalities_reported", None),
    (k("14", 3), "town_meetings", None),
    # 31: Q1 9000+7000+300 = 16300; Q2 9500+7200+350 = 17050; Q3 9800+7400 = 17200
    (k("31", 3), "spend_fy_to_date_kyen", 16300 + 17050 + 17200),
    # 31 Q3 standard: 鳥取 8000 + 40000 + 4000 = 52000; 米子 8000 + 32000 + 4000 = 44000
    (k("31", 3), "spend_ratio", 50550 / 96000),
    # on time: S001 (first accepted, 2025-07-20) before 2025-07-31 14:59:59 UTC, although S002 is late
    (k("14", 1), "municipal_report_on_time", True),
    (k("14", 2), "municipal_report_on_time", True),  # S011 received exactly at the due instant
    (k("31", 2), "municipal_report_on_time", False),  # S013 rejected (early), S014 accepted late
    (k("31", 1), "municipal_report_on_time", True),
    # municipal ratios 14 Q1 (3 of 33 municipalities; population 930000 + 320000 + 11000 = 1261000)
    (k("14", 1), "completeness", 3 / 33),
    (k("14", 1), "partnership_program_rate", 2 / 3),  # 横浜, 葉山
    (k("14", 1), "town_meetings", 18),  # 12 + 5 + 1
    (k("14", 1), "town_meetings_per_10k_65plus", 10000 * 18 / 1261000),
    (k("14", 1), "org_participant_share", (60 + 30 + 0) / ((300 + 120 + 20) + (60 + 30 + 0))),
    (k("14", 1), "kayoi_participation_rate", (40000 + 15000 + 600) / 1261000),
    (k("14", 1), "sc_layer1_rate", 2 / 3),  # 葉山 has 0 coordinators
    (k("14", 1), "sc_layer2_coverage", (140 + 45 + 0) / (146 + 49 + 1)),
    (k("14", 1), "council_layer1_rate", 2 / 3),
    (k("14", 1), "council_layer2_coverage", (130 + 40 + 0) / 196),
    (k("14", 1), "projects_started", 4),
    (k("14", 1), "pilots_running", 3),
    # 31 Q3: every participant count is 0 → 0/0 → NULL; meetings 0 → 0 per 10k
    (k("31", 3), "org_participant_share", None),
    (k("31", 3), "town_meetings_per_10k_65plus", 0.0),
    # roster 14 Q1: 8 rows; actor keys: corp 4010001012345 (横浜 + 川崎), 8020005008888, 1030001077777,
    # 141003:NPO法人みなと見守り (two spellings), 141003:港北区自治会連合会, 141305:NPO法人みなと見守り → 6
    (k("14", 1), "engagements", 8),
    (k("14", 1), "actors", 6),
    (k("14", 1), "actor_types_present", 5),  # company 2, npo 3, social_welfare 1, neighborhood 1, medical 1
    (k("14", 1), "actor_type_diversity",
     -(2 / 8 * math.log(2 / 8) + 3 / 8 * math.log(3 / 8) + 3 * (1 / 8 * math.log(1 / 8))) / LN11),
    (k("14", 1), "non_traditional_share", 6 / 8),  # all but social_welfare and medical
    # shopping mobility watching care meals gathering_place intergenerational cleaning medical_care health
    (k("14", 1), "domain_coverage", 10 / 23),
    (k("14", 1), "service_a_engagements", 2),  # home_a (NPO), day_a (横浜福祉会)
    (k("14", 1), "diverse_municipality_rate", 1 / 33),  # 横浜 has 4 types, 川崎 2, 葉山 1
    # 14 Q3 roster: 4 types, one engagement each → ln 4 / ln 11
    (k("14", 3), "actor_type_diversity", math.log(4) / LN11),
    (k("14", 3), "actors", 4),
    (k("14", 3), "diverse_municipality_rate", 1 / 33),  # roster without municipal_report: still defined
    # 31 Q1: 'NPO法人とっとり' ≠ 'npo法人とっとり' (no case folding) → 5 actors; 鳥取市 has 3 types
    (k("31", 1), "actors", 5),
    (k("31", 1), "diverse_municipality_rate", 1 / 19),
    # 31 Q2: one engagement (social_welfare) → diversity 0, non-traditional 0
    (k("31", 2), "actor_type_diversity", 0.0),
    (k("31", 2), "non_traditional_share", 0.0),
    (k("31", 2), "actor_types_present", 1),
    # 14 Q2: no roster, no survey
    (k("14", 2), "engagements", None),
    (k("14", 2), "domain_coverage", None),
    (k("14", 2), "diverse_municipality_rate", None),
    (k("14", 2), "survey_respondents", 0),
    (k("14", 2), "survey_participation_rate", None),
    # survey 14 Q1: 5 rows (R001 and R002 appear in 横浜 and 川崎); participates 3; satisfaction 4, 5, 2
    (k("14", 1), "survey_respondents", 5),
    (k("14", 1), "survey_participation_rate", 3 / 5),
    (k("14", 1), "survey_satisfaction_mean", (4 + 5 + 2) / 3),
    (k("14", 3), "survey_satisfaction_mean", None),  # both answers blank
    (k("14", 3), "survey_participation_rate", 0.0),
    # platform / schedule (targets: Q1 1, Q2 1, Q3 2)
    (k("14", 2), "platform_stage", 1),  # carried forward from Q1
    (k("14", 2), "platform_stage_reported", False),
    (k("14", 2), "platform_member_orgs", None),
    (k("14", 2), "schedule_status", "on_track"),
    (k("14", 3), "platform_stage", 3),  # S022 (S021 with stage 2 was superseded)
    (k("14", 3), "stage_gap", 1),
    (k("14", 3), "schedule_status", "ahead"),
    (k("14", 3), "platform_member_orgs", 20),
    (k("31", 3), "platform_stage", 1),
    (k("31", 3), "stage_gap", -1),
    (k("31", 3), "schedule_status", "behind"),
    (k("31", 3), "quarters_behind", 1),  # only Q3's target 2 > 1
    (k("47", 1), "quarters_behind", 1),  # stage 0 < 1
    (k("47", 1), "platform_member_orgs", 0),  # reported zero, not NULL
    (k("47", 2), "quarters_behind", 2),
    (k("47", 3), "quarters_behind", 3),  # targets 1, 1, 2 all > 0
    (k("47", 3), "stage_gap", -2),
    (k("47", 3), "platform_events", None),
    # a prefecture without any data (02 青森県, 40 municipalities)
    (k("02", 1), "municipalities_total", 40),
    (k("02", 1), "municipal_report_submitted", False),
    (k("02", 1), "municipal_report_on_time", None),
    (k("02", 1), "platform_stage_reported", False),
    (k("02", 1), "schedule_status", "no_data"),
    (k("02", 1), "quarters_behind", None),
    (k("02", 1), "stage_gap", None),
    (k("02", 1), "completeness", None),
    (k("02", 3), "target_stage", 2),
    (k("02", 2), "survey_respondents", 0),
    (k("02", 2), "spend_fy_to_date_kyen", None),
    # 01 北海道 Q1: 札幌市 011002 (leading zero; 10 wards) 8000·10 + 4000·87 + 0 = 428000;
    # 苫小牧市 8000 + 4000·4 + 4000 = 28000 → 456000
    (k("01", 1), "municipalities_total", 179),
    (k("01", 1), "standard_amount_kyen", 456000),
    (k("01", 1), "spend_ratio", (40000 + 5000) / 456000),
    (k("01", 1), "completeness", 2 / 179),
    (k("01", 1), "municipal_report_on_time", True),
    (k("01", 1), "actors", 1),
    (k("01", 1), "diverse_municipality_rate", 0 / 179),
    (k("01", 1), "survey_respondents", 0),
    (k("01", 1), "schedule_status", "no_data"),
    # no report in Q2 but the FY-to-date spend carries Q1's
    (k("01", 2), "spend_fy_to_date_kyen", 45000),
    (k("01", 2), "municipal_report_submitted", False),
]


@pytest.mark.parametrize(("keys", "column", "value"), HAND, ids=lambda x: str(x) if not isinstance(x, dict) else
                         f"{x['prefecture_code']}Q{x['quarter']}")
def test_oracle_matches_hand_value(expected, keys, column, value):
    check_hand_value(expected[TABLE], keys, column, value)


@pytest.mark.parametrize(("keys", "column", "value"), HAND, ids=lambda x: str(x) if not isinstance(x, dict) else
                         f"{x['prefecture_code']}Q{x['quarter']}")
def test_mart_matches_hand_value(dbt_run, keys, column, value):
    _, rows = dbt_run.table(TABLE)
    check_hand_value(rows, keys, column, value)


def test_dbt_build_succeeds(dbt_run):
    assert dbt_run.returncode == 0, f"dbt build failed on the fixture warehouse:\n{dbt_run.output[-6000:]}"


def test_every_cell_matches_oracle(expected, dbt_run):
    _, rows = dbt_run.table(TABLE)
    problems = compare_rows(TABLE, expected[TABLE], rows, KEYS, PREFECTURE_QUARTER_COLUMNS)
    assert not problems, f"{len(problems)} mismatches:\n" + "\n".join(problems)
