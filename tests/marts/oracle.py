"""Plain-Python oracle for the published marts, written from SPEC §2, §4.2, §4.3 and §4.4 only.

Input: the raw.* tables of docs/raw-sources.md as lists of dicts, plus the municipality master
(dbt seed municipalities.csv) and the 47 prefecture codes. Output: the rows the marts must contain.

Deliberately simple and slow: one pass per (prefecture, period) over plain lists. Where the SPEC leaves
room, the chosen reading is written next to the code as "INTERPRETATION".
"""

from __future__ import annotations

import calendar
import csv
import math
import statistics
import unicodedata
from collections import Counter
from datetime import datetime, timedelta
from fractions import Fraction
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds"

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


# ------------------------------------------------------------------------------------------ marts
class Oracle:
    def __init__(self, raw: dict[str, list[dict]], municipalities: list[dict], prefectures: list[str],
                 target_overrides: dict[tuple[str, int, int], int] | None = None):
        self.raw = raw
        self.prefectures = prefectures
        self.overrides = target_overrides or {}  # the project ships the override seed empty
        self.wards = {m["municipality_code"]: m["designated_city_wards"] for m in municipalities}
        self.total = Counter(m["prefecture_code"] for m in municipalities)

        subs = raw["submissions"]
        # "accepted" in the SPEC's sense = accepted when it arrived: the effective one (status accepted)
        # and the ones it replaced (status superseded). Rejected and duplicate submissions are neither.
        self.ever_accepted = [s for s in subs if s["status"] in ("accepted", "superseded")]
        self.effective = {(s["prefecture_code"], s["form"], s["fiscal_year"], s["quarter"])
                          for s in subs if s["status"] == "accepted"}

        # Periods: FY2025Q1 … latest period of any accepted (or superseded) submission.
        latest = max((s["fiscal_year"], s["quarter"]) for s in self.ever_accepted if s["fiscal_year"] is not None)
        self.periods = []
        p = FIRST_PERIOD
        while p <= latest:
            self.periods.append(p)
            p = next_period(*p)

        # form rows grouped by (prefecture, fy, q); the form tables hold only effective submissions.
        self.rows: dict[str, dict[tuple, list[dict]]] = {}
        for form in ("municipal_report", "actor_roster", "platform_status", "survey_responses"):
            grouped: dict[tuple, list[dict]] = {}
            for r in raw[form]:
                grouped.setdefault((r["prefecture_code"], r["fiscal_year"], r["quarter"]), []).append(r)
            self.rows[form] = grouped

    # -- building blocks ----------------------------------------------------------------------------
    def submitted(self, pref: str, form: str, fy: int, q: int) -> bool:
        return (pref, form, fy, q) in self.effective

    def on_time(self, pref: str, form: str, fy: int, q: int) -> bool | None:
        """First accepted submission (earliest received_at, superseded ones included) ≤ due instant."""
        received = [s["received_at"] for s in self.ever_accepted
                    if (s["prefecture_code"], s["form"], s["fiscal_year"], s["quarter"]) == (pref, form, fy, q)]
        if not received:
            return None
        return min(received) <= due_utc(fy, q)  # boundary included

    def form_rows(self, form: str, pref: str, fy: int, q: int) -> list[dict]:
        return self.rows[form].get((pref, fy, q), [])

    def stage(self, pref: str, fy: int, q: int) -> int | None:
        """This period's stage, else the latest earlier reported stage, else None (carry-forward)."""
        for period in reversed([p for p in self.periods if p <= (fy, q)]):
            rows = self.form_rows("platform_status", pref, *period)
            if rows:
                return rows[0]["stage"]
        return None

    def target(self, pref: str, fy: int, q: int) -> int:
        return target_stage(fy, q, self.overrides.get((pref, fy, q)))

    def spend_fy_to_date(self, prefs: list[str], fy: int, q: int) -> int | None:
        """Σ program_spend_kyen over the effective municipal_reports of fy with quarter ≤ q."""
        amounts = [r["program_spend_kyen"] for pref in prefs for quarter in range(1, q + 1)
                   for r in self.form_rows("municipal_report", pref, fy, quarter)]
        submitted = any(self.submitted(pref, "municipal_report", fy, quarter)
                        for pref in prefs for quarter in range(1, q + 1))
        return sum(amounts) if submitted else None

    # -- mart_prefecture_quarter --------------------------------------------------------------------
    def prefecture_quarter(self) -> list[dict]:
        out = []
        for fy, q in self.periods:
            for pref in self.prefectures:
                out.append(self._prefecture_row(pref, fy, q))
        return out

    def _prefecture_row(self, pref: str, fy: int, q: int) -> dict:
        row: dict = {"prefecture_code": pref, "fiscal_year": fy, "quarter": q, "period": period_text(fy, q)}
        total = self.total[pref]
        row["municipalities_total"] = total

        # municipal_report
        mr_submitted = self.submitted(pref, "municipal_report", fy, q)
        mr_rows = self.form_rows("municipal_report", pref, fy, q)
        row["municipal_report_submitted"] = mr_submitted
        row["municipal_report_on_time"] = self.on_time(pref, "municipal_report", fy, q)
        municipal = municipal_indicators(mr_rows, mr_submitted, self.wards)
        row["municipalities_reported"] = municipal["municipalities_reported"]
        # NULL without a report even though the denominator is a constant (§4.3 precise rules)
        row["completeness"] = ratio(municipal["municipalities_reported"], total) if mr_submitted else None
        row.update({k: v for k, v in municipal.items() if k not in ("municipalities_reported",)})

        # actor_roster
        ar_submitted = self.submitted(pref, "actor_roster", fy, q)
        ar_rows = self.form_rows("actor_roster", pref, fy, q)
        row.update(roster_indicators(ar_rows, ar_submitted))
        row["diverse_municipality_rate"] = ratio(diverse_municipalities(ar_rows), total) if ar_submitted else None

        # survey_responses (respondents 0 when none; the ratios NULL)
        row.update(survey_indicators(self.form_rows("survey_responses", pref, fy, q)))

        # platform_status and schedule
        stage = self.stage(pref, fy, q)
        target = self.target(pref, fy, q)
        ps_rows = self.form_rows("platform_status", pref, fy, q)
        this_period = ps_rows[0] if ps_rows else None
        row["platform_stage"] = stage
        row["platform_stage_reported"] = self.submitted(pref, "platform_status", fy, q)
        row["target_stage"] = target
        row["stage_gap"] = None if stage is None else stage - target
        if stage is None:
            row["schedule_status"] = "no_data"
            row["quarters_behind"] = None
        else:
            gap = stage - target
            row["schedule_status"] = "ahead" if gap > 0 else "on_track" if gap == 0 else "behind"
            # every schedule period FY2025Q1 … this one whose target exceeds THIS row's stage
            behind = sum(1 for p in self.periods if p <= (fy, q) and self.target(pref, *p) > stage)
            row["quarters_behind"] = behind if gap < 0 else 0  # "0 unless behind"
        for column, source in (("platform_member_orgs", "member_orgs"), ("platform_events", "events"),
                               ("platform_matches", "matches"), ("platform_fund_used_kyen", "fund_used_kyen")):
            row[column] = this_period[source] if this_period else None  # no carry-forward

        # money
        row["spend_fy_to_date_kyen"] = self.spend_fy_to_date([pref], fy, q)
        row["spend_ratio"] = ratio(row["spend_fy_to_date_kyen"], row["standard_amount_kyen"])

        return {column: row[column] for column in PREFECTURE_QUARTER_COLUMNS}

    # -- mart_national_quarter ----------------------------------------------------------------------
    def national_quarter(self) -> list[dict]:
        by_period: dict[tuple, list[dict]] = {}
        for r in self.prefecture_quarter():
            by_period.setdefault((r["fiscal_year"], r["quarter"]), []).append(r)
        out = []
        for fy, q in self.periods:
            prefs = by_period[(fy, q)]
            row: dict = {"fiscal_year": fy, "quarter": q, "period": period_text(fy, q)}
            row["prefectures_reporting"] = sum(1 for p in prefs if p["municipal_report_submitted"])
            row["prefectures_on_time"] = sum(1 for p in prefs if p["municipal_report_on_time"] is True)
            for k in range(5):  # prefectures with no stage are in none
                row[f"prefectures_stage_{k}"] = sum(1 for p in prefs if p["platform_stage"] == k)
            row["prefectures_on_track_or_ahead"] = sum(
                1 for p in prefs if p["schedule_status"] in ("on_track", "ahead"))
            row["target_stage"] = target_stage(fy, q)  # default schedule

            # pooled over all municipalities of the period (Σ/Σ, not an average of prefecture rates)
            all_prefs = self.prefectures
            mr_any = any(self.submitted(p, "municipal_report", fy, q) for p in all_prefs)
            mr_rows = [r for p in all_prefs for r in self.form_rows("municipal_report", p, fy, q)]
            row.update(municipal_indicators(mr_rows, mr_any, self.wards))
            ar_any = any(self.submitted(p, "actor_roster", fy, q) for p in all_prefs)
            ar_rows = [r for p in all_prefs for r in self.form_rows("actor_roster", p, fy, q)]
            # INTERPRETATION (NATIONAL_INTERPRETED_INDICATORS): `actors` nationally = distinct actor keys
            # over the national pool, so one corporate number active in two prefectures counts once.
            row.update(roster_indicators(ar_rows, ar_any))
            row.update(survey_indicators(
                [r for p in all_prefs for r in self.form_rows("survey_responses", p, fy, q)]))
            row["spend_fy_to_date_kyen"] = self.spend_fy_to_date(all_prefs, fy, q)
            # INTERPRETATION: national spend_ratio = national spend FY-to-date / national standard amount
            # (the literal formula applied to the two national columns).
            row["spend_ratio"] = ratio(row["spend_fy_to_date_kyen"], row["standard_amount_kyen"])
            out.append({c: row[c] for c in NATIONAL_KEY_COLUMNS + NATIONAL_OWN_COLUMNS
                        + NATIONAL_STRICT_INDICATORS + NATIONAL_INTERPRETED_INDICATORS})
        return out

    # -- mart_prefecture_domain_quarter -------------------------------------------------------------
    def prefecture_domain_quarter(self) -> list[dict]:
        out = []
        for fy, q in self.periods:
            for pref in self.prefectures:
                has_roster = self.submitted(pref, "actor_roster", fy, q)
                has_survey = self.submitted(pref, "survey_responses", fy, q)
                roster = self.form_rows("actor_roster", pref, fy, q)
                survey = self.form_rows("survey_responses", pref, fy, q)
                for domain in DOMAINS:
                    row = {"prefecture_code": pref, "fiscal_year": fy, "quarter": q,
                           "period": period_text(fy, q), "domain_code": domain}
                    if has_roster:
                        covering = [r for r in roster if domain in _list(r["domains"])]
                        row["supply_engagements"] = len(covering)
                        row["supply_actors"] = len({actor_key(r) for r in covering})
                    else:
                        row["supply_engagements"] = row["supply_actors"] = None
                    if has_survey:
                        wanting = [r for r in survey if domain in _list(r["domains_wanted"])]
                        row["demand_respondents"] = len(wanting)
                        row["used_respondents"] = sum(1 for r in survey if domain in _list(r["domains_used"]))
                        unmet = sum(1 for r in wanting if domain not in _list(r["domains_used"]))
                        row["unmet_rate"] = ratio(unmet, len(survey))
                    else:
                        row["demand_respondents"] = row["used_respondents"] = row["unmet_rate"] = None
                    out.append(row)
        return out

    # -- mart_prefecture_actor_type_quarter ---------------------------------------------------------
    def prefecture_actor_type_quarter(self) -> list[dict]:
        """Per type: roster rows of that type, distinct actor keys among them, distinct municipalities.

        All three NULL when the prefecture has no actor_roster for the period (like the §4.3 roster counts);
        0 for a type the submitted roster does not contain.
        """
        out = []
        for fy, q in self.periods:
            for pref in self.prefectures:
                has_roster = self.submitted(pref, "actor_roster", fy, q)
                roster = self.form_rows("actor_roster", pref, fy, q)
                for actor_type in ACTOR_TYPES:
                    row = {"prefecture_code": pref, "fiscal_year": fy, "quarter": q,
                           "period": period_text(fy, q), "actor_type": actor_type}
                    if has_roster:
                        of_type = [r for r in roster if r["actor_type"] == actor_type]
                        row["engagements"] = len(of_type)
                        row["actors"] = len({actor_key(r) for r in of_type})
                        row["municipalities_with_type"] = len({r["municipality_code"] for r in of_type})
                    else:
                        row["engagements"] = row["actors"] = row["municipalities_with_type"] = None
                    out.append(row)
        return out


    # -- mart_prefecture_model_type_quarter ---------------------------------------------------------
    def prefecture_model_type_quarter(self) -> list[dict]:
        """Per model type: service-A roster rows (home_a, day_a) of that type and their distinct municipalities.

        Both NULL without an actor_roster for the period; 0 for a type the submitted roster does not contain.
        """
        out = []
        for fy, q in self.periods:
            for pref in self.prefectures:
                has_roster = self.submitted(pref, "actor_roster", fy, q)
                service_a = [r for r in self.form_rows("actor_roster", pref, fy, q)
                             if r["service_category"] in SERVICE_A]
                for model_type in MODEL_TYPES:
                    row = {"prefecture_code": pref, "fiscal_year": fy, "quarter": q,
                           "period": period_text(fy, q), "model_type": model_type}
                    of_type = [r for r in service_a if r["model_type"] == model_type]
                    row["engagements"] = len(of_type) if has_roster else None
                    row["municipalities_with_model"] = (len({r["municipality_code"] for r in of_type})
                                                        if has_roster else None)
                    out.append(row)
        return out

    # -- mart_prefecture_stage_projection -----------------------------------------------------------
    def own_pace(self, pref: str) -> Fraction | None:
        """(quarters from F to L) ÷ (current stage − first stage), when that difference is ≥ 1 — exact, so that
        ceil() of a pace that is a whole number of quarters is that number (in floats (1/3 + 25/3)/2 × 3 > 13)."""
        latest = self.periods[-1]
        current = self.stage(pref, *latest)
        reported = [p for p in self.periods if self.submitted(pref, "platform_status", *p)]
        if current is None or not reported:
            return None
        first = reported[0]
        first_stage = self.form_rows("platform_status", pref, *first)[0]["stage"]
        if current - first_stage < 1:
            return None
        return Fraction(ordinal(*latest) - ordinal(*first), current - first_stage)

    def stage_projection(self) -> list[dict]:
        # INTERPRETATION: the schedule is searched over FY2025Q1 … FY2030Q4 ("NULL if none up to FY2030Q4"),
        # also beyond the latest monitored period; reached_period looks only at monitored periods.
        horizon = []
        p = FIRST_PERIOD
        while p <= (2030, 4):
            horizon.append(p)
            p = next_period(*p)
        latest = self.periods[-1]
        paces = {pref: self.own_pace(pref) for pref in self.prefectures}
        own = [pace for pace in paces.values() if pace is not None]
        median = statistics.median(own) if own else None
        out = []
        for pref in self.prefectures:
            current = self.stage(pref, *latest)
            pace = paces[pref] if paces[pref] is not None else median
            for s in range(1, 5):
                scheduled = next((ordinal(*p) for p in horizon if self.target(pref, *p) >= s), None)
                reached = next((ordinal(*p) for p in self.periods
                                if (stage := self.stage(pref, *p)) is not None and stage >= s), None)
                projected = None
                if reached is None and current is not None and pace is not None:
                    projected = ordinal(*latest) + math.ceil((s - current) * pace)
                arrival = reached if reached is not None else projected
                out.append({
                    "prefecture_code": pref, "stage": s,
                    "scheduled_period": period_of(scheduled), "reached_period": period_of(reached),
                    "projected_period": period_of(projected),
                    "quarters_late": None if arrival is None or scheduled is None else arrival - scheduled,
                })
        return out


# ---------------------------------------------------------------------------------- mart_indicator_changes
def indicator_changes(before: list[dict], after: list[dict], submissions_before: list[dict],
                      submissions_after: list[dict], published_at) -> list[dict]:
    """The rows one publish adds: every numeric indicator of mart_prefecture_quarter whose value moved.

    INTERPRETATION: fiscal_year and quarter are row keys, not indicators.
    """
    indicators = [c for c in PREFECTURE_QUARTER_COLUMNS
                  if c not in ("prefecture_code", "fiscal_year", "quarter", "period", "schedule_status")
                  and c not in BOOL_COLUMNS]
    old_rows = {(r["prefecture_code"], r["period"]): r for r in before}
    new_rows = {(r["prefecture_code"], r["period"]): r for r in after}
    old_status = {s["submission_id"]: s["status"] for s in submissions_before}
    causes: dict[str, list[str]] = {}
    for s in submissions_after:
        if s["status"] in ("accepted", "superseded", "withdrawn") and old_status.get(s["submission_id"]) != s["status"]:
            causes.setdefault(s["prefecture_code"], []).append(s["submission_id"])
    out = []
    for key in sorted(set(old_rows) | set(new_rows)):
        for indicator in indicators:
            old = old_rows.get(key, {}).get(indicator)
            new = new_rows.get(key, {}).get(indicator)
            old = None if old is None else float(old)
            new = None if new is None else float(new)
            if old is None and new is None:
                continue
            if (old is None) == (new is None) and abs(new - old) <= 1e-9 * max(1.0, abs(old)):
                continue
            ids = causes.get(key[0])
            out.append({"published_at": published_at, "prefecture_code": key[0], "period": key[1],
                        "indicator": indicator, "old_value": old, "new_value": new,
                        "cause_submission_ids": ",".join(sorted(ids)) if ids else None})
    return out


def build(raw: dict[str, list[dict]], seeds_dir: Path = SEEDS_DIR,
          target_overrides: dict[tuple[str, int, int], int] | None = None) -> dict[str, list[dict]]:
    municipalities, prefectures = load_master(seeds_dir)
    oracle = Oracle(raw, municipalities, prefectures, target_overrides)
    return {
        "mart_prefecture_quarter": oracle.prefecture_quarter(),
        "mart_national_quarter": oracle.national_quarter(),
        "mart_prefecture_domain_quarter": oracle.prefecture_domain_quarter(),
        "mart_prefecture_actor_type_quarter": oracle.prefecture_actor_type_quarter(),
        "mart_prefecture_model_type_quarter": oracle.prefecture_model_type_quarter(),
        "mart_prefecture_stage_projection": oracle.stage_projection(),
    }
