"""The SPEC's facts the oracle is written from: the vocabularies, the published tables' columns, the
municipality master and the time rules (SPEC §2, §3.6, §4.2–§4.4)."""

from __future__ import annotations

import calendar
import csv
from datetime import datetime, timedelta
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parents[3] / "dbt_project" / "seeds"

# SPEC §3.6: the 23 domains (codes) and the traditional care-provider actor types.
DOMAINS = [
    "cleaning", "laundry", "cooking", "shopping", "watching", "mobility", "housing", "gathering_place",
    "meals", "health", "medical_care", "care", "learning", "culture_arts", "intergenerational",
    "sports_recreation", "community_development", "volunteering", "employment", "succession",
    "disaster_crime_prevention", "farmland", "environment",
]
# SPEC §3.6: the 11 actor types (codes, in the SPEC's order).
ACTOR_TYPES = [
    "company", "npo", "social_welfare", "medical", "coop", "workers_coop", "rural_rmo", "neighborhood_assoc",
    "volunteer_group", "education", "other",
]
ACTOR_TYPE_COUNT = 11
# SPEC §3.6: the guide's four model types (codes).
MODEL_TYPES = ["1-1", "1-2", "1-3", "2"]
TRADITIONAL_TYPES = {"social_welfare", "medical"}
SERVICE_A = {"home_a", "day_a"}

# SPEC §4.2 default target stage: FY2025Q1 1 · Q2 1 · Q3 2 · Q4 2 · FY2026Q1 3 · Q2 3 · Q3 4 · Q4 4 · later 4.
DEFAULT_TARGET = {(2025, 1): 1, (2025, 2): 1, (2025, 3): 2, (2025, 4): 2,
                  (2026, 1): 3, (2026, 2): 3, (2026, 3): 4, (2026, 4): 4}
FIRST_PERIOD = (2025, 1)

# SPEC §4.3, in the table's order. (The four platform_* counts are listed on one line in the SPEC.)
PREFECTURE_QUARTER_COLUMNS = [
    "prefecture_code", "fiscal_year", "quarter", "period",
    "municipalities_total", "municipal_report_submitted", "municipal_report_on_time",
    "municipalities_reported", "completeness", "partnership_program_rate", "town_meetings",
    "town_meetings_per_10k_65plus", "org_participant_share", "projects_started", "pilots_running",
    "kayoi_participation_rate", "sc_layer1_rate", "sc_layer2_coverage", "council_layer1_rate",
    "council_layer2_coverage", "engagements", "actors", "actor_types_present", "actor_type_diversity",
    "non_traditional_share", "domain_coverage", "service_a_engagements", "diverse_municipality_rate",
    "survey_respondents", "survey_participation_rate", "survey_satisfaction_mean",
    "platform_stage", "platform_stage_reported", "target_stage", "stage_gap", "schedule_status",
    "quarters_behind", "platform_member_orgs", "platform_events", "platform_matches",
    "platform_fund_used_kyen", "standard_amount_kyen", "spend_fy_to_date_kyen", "spend_ratio",
]
PREFECTURE_DOMAIN_QUARTER_COLUMNS = [
    "prefecture_code", "fiscal_year", "quarter", "period", "domain_code",
    "supply_engagements", "supply_actors", "demand_respondents", "used_respondents", "unmet_rate",
]
# The prefecture profile's actor-type composition (docs/published.md): every prefecture × period × type.
PREFECTURE_ACTOR_TYPE_QUARTER_COLUMNS = [
    "prefecture_code", "fiscal_year", "quarter", "period", "actor_type",
    "engagements", "actors", "municipalities_with_type",
]
PREFECTURE_MODEL_TYPE_QUARTER_COLUMNS = [
    "prefecture_code", "fiscal_year", "quarter", "period", "model_type", "engagements", "municipalities_with_model",
]
STAGE_PROJECTION_COLUMNS = [
    "prefecture_code", "stage", "scheduled_period", "reached_period", "projected_period", "quarters_late",
]
INDICATOR_CHANGE_COLUMNS = [
    "published_at", "prefecture_code", "period", "indicator", "old_value", "new_value", "cause_submission_ids",
]
NATIONAL_KEY_COLUMNS = ["fiscal_year", "quarter", "period"]
NATIONAL_OWN_COLUMNS = [
    "prefectures_reporting", "prefectures_on_time", "prefectures_stage_0", "prefectures_stage_1",
    "prefectures_stage_2", "prefectures_stage_3", "prefectures_stage_4", "prefectures_on_track_or_ahead",
    "target_stage",
]
# National columns the SPEC defines without room for doubt ("the same Σ/Σ indicators over all
# municipalities": pooled over every municipality row of the period, not averaged over prefectures).
NATIONAL_STRICT_INDICATORS = [
    "municipalities_reported", "partnership_program_rate", "town_meetings", "town_meetings_per_10k_65plus",
    "org_participant_share", "projects_started", "pilots_running", "kayoi_participation_rate",
    "sc_layer1_rate", "sc_layer2_coverage", "council_layer1_rate", "council_layer2_coverage",
    "engagements", "actor_types_present", "actor_type_diversity", "non_traditional_share",
    "domain_coverage", "service_a_engagements", "survey_respondents", "survey_participation_rate",
    "survey_satisfaction_mean", "standard_amount_kyen", "spend_fy_to_date_kyen",
]
# Computed by the oracle but only compared in separate, clearly labelled tests (one reading chosen).
NATIONAL_INTERPRETED_INDICATORS = ["actors", "spend_ratio"]
# Not defined nationally by the SPEC (never compared): municipalities_total, completeness,
# diverse_municipality_rate (their denominator is the master count — all 1,741 or only reporting
# prefectures?), municipal_report_submitted/on_time, platform_stage and the rest of the schedule columns,
# the platform_* counts.

RATIO_COLUMNS = {
    "completeness", "partnership_program_rate", "town_meetings_per_10k_65plus", "org_participant_share",
    "kayoi_participation_rate", "sc_layer1_rate", "sc_layer2_coverage", "council_layer1_rate",
    "council_layer2_coverage", "actor_type_diversity", "non_traditional_share", "domain_coverage",
    "diverse_municipality_rate", "survey_participation_rate", "survey_satisfaction_mean", "spend_ratio",
    "unmet_rate",
}
TEXT_COLUMNS = {"prefecture_code", "period", "schedule_status", "domain_code", "actor_type", "model_type",
                "scheduled_period", "reached_period", "projected_period", "indicator", "cause_submission_ids"}
BOOL_COLUMNS = {"municipal_report_submitted", "municipal_report_on_time", "platform_stage_reported"}


# ------------------------------------------------------------------------------------------ reference
def load_master(seeds_dir: Path = SEEDS_DIR) -> tuple[list[dict], list[str]]:
    """(municipalities as dicts with designated_city_wards int|None, sorted prefecture codes)."""
    with open(seeds_dir / "municipalities.csv", encoding="utf-8", newline="") as handle:
        municipalities = [
            {**row, "designated_city_wards": int(row["designated_city_wards"]) if row["designated_city_wards"]
             else None}
            for row in csv.DictReader(handle)
        ]
    with open(seeds_dir / "prefectures.csv", encoding="utf-8", newline="") as handle:
        prefectures = sorted(row["prefecture_code"] for row in csv.DictReader(handle))
    return municipalities, prefectures


# ------------------------------------------------------------------------------------------ time (§2)
def period_text(fy: int, q: int) -> str:
    return f"FY{fy}Q{q}"


def next_period(fy: int, q: int) -> tuple[int, int]:
    return (fy, q + 1) if q < 4 else (fy + 1, 1)


def due_utc(fy: int, q: int) -> datetime:
    """Last day of the month after the quarter ends, 23:59:59 JST, as a naive UTC timestamp."""
    # quarter 1 ends in June, 2 in September, 3 in December (of fy), 4 in March (of fy + 1);
    # the month after is July, October, January (fy + 1), April (fy + 1).
    year, month = {1: (fy, 7), 2: (fy, 10), 3: (fy + 1, 1), 4: (fy + 1, 4)}[q]
    last_day = calendar.monthrange(year, month)[1]
    return datetime(year, month, last_day, 23, 59, 59) - timedelta(hours=9)


def ordinal(fy: int, q: int) -> int:
    """Quarters since year 0, so that FY2025Q4 + 1 = FY2026Q1."""
    return fy * 4 + q - 1


def period_of(quarters: int | None) -> str | None:
    return None if quarters is None else period_text(quarters // 4, quarters % 4 + 1)


def target_stage(fy: int, q: int, override: int | None = None) -> int:
    if override is not None:
        return override
    return DEFAULT_TARGET.get((fy, q), 4)  # "later periods 4"

