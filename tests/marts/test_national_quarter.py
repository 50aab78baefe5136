"""mart_national_quarter (SPEC §4.4) against the oracle and hand arithmetic.

Compared strictly: the keys, the national columns the SPEC names (prefectures_*, target_stage) and the
indicators in oracle.spec.NATIONAL_STRICT_INDICATORS (Σ/Σ pooled over every municipality of the period).
Compared in a separate test, as a reading of the SPEC: oracle.spec.NATIONAL_INTERPRETED_INDICATORS.
Never compared (undefined nationally): municipalities_total, completeness, diverse_municipality_rate,
platform_* and the per-prefecture schedule columns.
"""

from __future__ import annotations

import pytest

from .conftest import check_hand_value, compare_rows
from .oracle.spec import (
    NATIONAL_INTERPRETED_INDICATORS,
    NATIONAL_KEY_COLUMNS,
    NATIONAL_OWN_COLUMNS,
    NATIONAL_STRICT_INDICATORS,
)

TABLE = "mart_national_quarter"
KEYS = ["fiscal_year", "quarter"]


def k(q: int) -> dict:
    return {"fiscal_year": 2025, "quarter": q}


HAND = [
    # Q1: municipal reports from 14 (S002, first accepted S001 on time), 31 and 01 (on time)
    (k(1), "prefectures_reporting", 3),
    (k(1), "prefectures_on_time", 3),
    # Q2: 14 on time (boundary), 31 late
    (k(2), "prefectures_reporting", 2),
    (k(2), "prefectures_on_time", 1),
    # Q3: only 31 has an accepted report (14's S018 was rejected)
    (k(3), "prefectures_reporting", 1),
    (k(3), "prefectures_on_time", 1),
    # stages Q1: 47 → 0; 14, 31 → 1.  Q2: the same (14 and 47 carried).  Q3: 14 → 3, 31 → 1, 47 → 0
    (k(1), "prefectures_stage_0", 1),
    (k(1), "prefectures_stage_1", 2),
    (k(1), "prefectures_stage_2", 0),
    (k(2), "prefectures_stage_1", 2),
    (k(3), "prefectures_stage_0", 1),
    (k(3), "prefectures_stage_1", 1),
    (k(3), "prefectures_stage_2", 0),
    (k(3), "prefectures_stage_3", 1),
    (k(3), "prefectures_stage_4", 0),
    # on track or ahead: Q1/Q2 14 and 31 (stage 1 = target 1); Q3 only 14 (3 > 2)
    (k(1), "prefectures_on_track_or_ahead", 2),
    (k(2), "prefectures_on_track_or_ahead", 2),
    (k(3), "prefectures_on_track_or_ahead", 1),
    (k(1), "target_stage", 1),
    (k(3), "target_stage", 2),
    # Σ/Σ Q1: meetings 14: 18, 31: 7, 01: 8; population 14: 1261000, 31: 55000 + 43000 + 900,
    # 01: 560000 + 50000 → 1969900
    (k(1), "town_meetings", 33),
    (k(1), "town_meetings_per_10k_65plus", 10000 * 33 / 1969900),
    (k(1), "municipalities_reported", 8),
    (k(1), "partnership_program_rate", 4 / 8),  # 横浜, 葉山, 米子, 苫小牧
    # 14: 1068000; 31: 48000 + 44000 + 12000; 01: 428000 + 28000
    (k(1), "standard_amount_kyen", 1068000 + 104000 + 456000),
    (k(1), "spend_fy_to_date_kyen", 86500 + 16300 + 45000),
    (k(1), "engagements", 14),  # 8 + 5 + 1
    (k(1), "actor_types_present", 7),  # company npo social_welfare neighborhood_assoc medical volunteer coop
    (k(1), "survey_respondents", 8),  # 5 + 3
    (k(1), "survey_participation_rate", 5 / 8),
    (k(1), "survey_satisfaction_mean", (4 + 5 + 2 + 3 + 1) / 5),
    # Q3: 31's participant counts are all 0 and 14 has no report → 0/0 → NULL
    (k(3), "org_participant_share", None),
    (k(3), "survey_respondents", 4),
    (k(3), "survey_satisfaction_mean", (4 + 3) / 2),
    (k(3), "standard_amount_kyen", 52000 + 44000),
    # FY-to-date spend includes 14's Q1+Q2 and 01's Q1 although neither reports in Q3: 188500 + 50550 + 45000
    (k(3), "spend_fy_to_date_kyen", 284050),
]

HAND_INTERPRETED = [
    # 株式会社ヨコハマ生活 (one corporate number) is active in 14 and 31: one actor nationally, 6 + 5 − 1 + 1
    (k(1), "actors", 11),
    (k(3), "spend_ratio", 284050 / 96000),
]


def _ids(x):
    return f"Q{x['quarter']}" if isinstance(x, dict) else str(x)


@pytest.mark.parametrize(("keys", "column", "value"), HAND + HAND_INTERPRETED, ids=_ids)
def test_oracle_matches_hand_value(expected, keys, column, value):
    check_hand_value(expected[TABLE], keys, column, value)


@pytest.mark.parametrize(("keys", "column", "value"), HAND, ids=_ids)
def test_mart_matches_hand_value(dbt_run, keys, column, value):
    columns, rows = dbt_run.table(TABLE)
    if column not in columns and column not in NATIONAL_OWN_COLUMNS:
        pytest.skip(f"{column} is not in the national mart (column set: see test_mart_columns)")
    check_hand_value(rows, keys, column, value)


def test_defined_columns_match_oracle(expected, dbt_run):
    columns, rows = dbt_run.table(TABLE)
    strict = NATIONAL_KEY_COLUMNS + NATIONAL_OWN_COLUMNS + NATIONAL_STRICT_INDICATORS
    problems = compare_rows(TABLE, expected[TABLE], rows, KEYS, strict)
    assert not problems, f"{len(problems)} mismatches:\n" + "\n".join(problems)


def test_interpreted_columns_match_oracle(expected, dbt_run):
    """actors = distinct actor keys over the whole country; spend_ratio = national spend / national standard."""
    columns, rows = dbt_run.table(TABLE)
    present = [c for c in NATIONAL_INTERPRETED_INDICATORS if c in columns]
    if not present:
        pytest.skip("the national mart has none of the interpreted columns")
    problems = compare_rows(TABLE, expected[TABLE], rows, KEYS, present)
    assert not problems, f"{len(problems)} mismatches (reading of the SPEC, see oracle):\n" + "\n".join(problems)
