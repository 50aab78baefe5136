"""Indicators of one form's rows for one period: one prefecture's rows, or all pooled nationally."""

from __future__ import annotations

import math
import unicodedata
from collections import Counter

from .spec import ACTOR_TYPE_COUNT, DOMAINS, SERVICE_A, TRADITIONAL_TYPES


# ------------------------------------------------------------------------------------------ helpers
def ratio(numerator, denominator):
    """Σ/Σ ratio: NULL when there is no data or the denominator is 0."""
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator


def actor_key(row: dict) -> str:
    """corporate_number when given, else <6-digit municipality code>:<NFKC name, all whitespace removed>.

    Computed from actor_name itself (not from actor_name_normalized) so the intake column is checked too.
    str.split() with no argument splits on every Unicode whitespace character, U+3000 included.
    No case folding.
    """
    if row["corporate_number"]:  # INTERPRETATION: blank ('' or NULL) = not given
        return row["corporate_number"]
    name = "".join(unicodedata.normalize("NFKC", row["actor_name"]).split())
    return f"{row['municipality_code']}:{name}"


def _list(value) -> list:
    # INTERPRETATION: a blank domain list may reach the warehouse as NULL or as []; both mean "none"
    # (SPEC §3.5 "optional (blank = none)").
    return list(value) if value is not None else []


def municipal_indicators(rows: list[dict], submitted: bool, wards: dict[str, int | None]) -> dict:
    """Columns built on the municipal_report of one period (one prefecture, or pooled nationally)."""
    if not submitted:
        return dict.fromkeys(
            ["municipalities_reported", "partnership_program_rate", "town_meetings",
             "town_meetings_per_10k_65plus", "org_participant_share", "projects_started", "pilots_running",
             "kayoi_participation_rate", "sc_layer1_rate", "sc_layer2_coverage", "council_layer1_rate",
             "council_layer2_coverage", "standard_amount_kyen"])
    reported = len({r["municipality_code"] for r in rows})
    population = sum(r["population_65plus"] for r in rows)
    areas = sum(r["daily_living_areas"] for r in rows)
    residents = sum(r["meeting_participants_residents"] for r in rows)
    orgs = sum(r["meeting_participants_orgs"] for r in rows)
    meetings = sum(r["town_meetings"] for r in rows)

    standard = 0
    for r in rows:
        u = wards.get(r["municipality_code"]) or 1  # designated-city ward count, else 1
        standard += 8000 * u + 4000 * r["daily_living_areas"] + 4000 * u * (1 if r["partnership_program"] else 0)

    return {
        "municipalities_reported": reported,
        "partnership_program_rate": ratio(sum(1 for r in rows if r["partnership_program"]), reported),
        "town_meetings": meetings,
        "town_meetings_per_10k_65plus": ratio(10000 * meetings, population),
        "org_participant_share": ratio(orgs, residents + orgs),
        "projects_started": sum(r["projects_started"] for r in rows),
        "pilots_running": sum(r["pilots_running"] for r in rows),
        "kayoi_participation_rate": ratio(sum(r["kayoi_participants"] for r in rows), population),
        "sc_layer1_rate": ratio(sum(1 for r in rows if r["sc_layer1_count"] >= 1), reported),
        "sc_layer2_coverage": ratio(sum(r["sc_layer2_areas_covered"] for r in rows), areas),
        "council_layer1_rate": ratio(sum(1 for r in rows if r["council_layer1"]), reported),
        "council_layer2_coverage": ratio(sum(r["council_layer2_areas"] for r in rows), areas),
        "standard_amount_kyen": standard,
    }


def roster_indicators(rows: list[dict], submitted: bool) -> dict:
    """Columns built on the actor_roster (diverse_municipality_rate is added by the caller)."""
    if not submitted:
        return dict.fromkeys(["engagements", "actors", "actor_types_present", "actor_type_diversity",
                              "non_traditional_share", "domain_coverage", "service_a_engagements"])
    engagements = len(rows)
    by_type = Counter(r["actor_type"] for r in rows)
    if len(by_type) == 1:
        diversity = 0.0  # "(0 when one type)"
    else:
        entropy = -sum((n / engagements) * math.log(n / engagements) for n in by_type.values())
        diversity = entropy / math.log(ACTOR_TYPE_COUNT)
    domains = {d for r in rows for d in _list(r["domains"])}
    return {
        "engagements": engagements,
        "actors": len({actor_key(r) for r in rows}),
        "actor_types_present": len(by_type),
        "actor_type_diversity": diversity,
        "non_traditional_share": ratio(sum(1 for r in rows if r["actor_type"] not in TRADITIONAL_TYPES),
                                       engagements),
        "domain_coverage": len(domains) / len(DOMAINS),
        "service_a_engagements": sum(1 for r in rows if r["service_category"] in SERVICE_A),
    }


def diverse_municipalities(rows: list[dict]) -> int:
    types: dict[str, set] = {}
    for r in rows:
        types.setdefault(r["municipality_code"], set()).add(r["actor_type"])
    return sum(1 for t in types.values() if len(t) >= 3)


def survey_indicators(rows: list[dict]) -> dict:
    respondents = len(rows)  # rows, not distinct IDs (IDs repeat across municipalities); 0 when none
    answers = [r["satisfaction"] for r in rows if r["satisfaction"] is not None]
    return {
        "survey_respondents": respondents,
        "survey_participation_rate": ratio(sum(1 for r in rows if r["participates"]), respondents),
        "survey_satisfaction_mean": sum(answers) / len(answers) if answers else None,
    }

