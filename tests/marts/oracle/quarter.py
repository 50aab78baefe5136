"""mart_prefecture_quarter (SPEC §4.3) and mart_national_quarter (§4.4)."""

from __future__ import annotations

from .indicators import diverse_municipalities, municipal_indicators, ratio, roster_indicators, survey_indicators
from .spec import (
    NATIONAL_INTERPRETED_INDICATORS,
    NATIONAL_KEY_COLUMNS,
    NATIONAL_OWN_COLUMNS,
    NATIONAL_STRICT_INDICATORS,
    PREFECTURE_QUARTER_COLUMNS,
    period_text,
    target_stage,
)
from .state import Oracle


# -- mart_prefecture_quarter --------------------------------------------------------------------
def prefecture_quarter(oracle: Oracle) -> list[dict]:
    out = []
    for fy, q in oracle.periods:
        for pref in oracle.prefectures:
            out.append(_prefecture_row(oracle, pref, fy, q))
    return out


def _prefecture_row(oracle: Oracle, pref: str, fy: int, q: int) -> dict:
    row: dict = {"prefecture_code": pref, "fiscal_year": fy, "quarter": q, "period": period_text(fy, q)}
    total = oracle.total[pref]
    row["municipalities_total"] = total

    # municipal_report
    mr_submitted = oracle.submitted(pref, "municipal_report", fy, q)
    mr_rows = oracle.form_rows("municipal_report", pref, fy, q)
    row["municipal_report_submitted"] = mr_submitted
    row["municipal_report_on_time"] = oracle.on_time(pref, "municipal_report", fy, q)
    municipal = municipal_indicators(mr_rows, mr_submitted, oracle.wards)
    row["municipalities_reported"] = municipal["municipalities_reported"]
    # NULL without a report even though the denominator is a constant (§4.3 precise rules)
    row["completeness"] = ratio(municipal["municipalities_reported"], total) if mr_submitted else None
    row.update({k: v for k, v in municipal.items() if k not in ("municipalities_reported",)})

    # actor_roster
    ar_submitted = oracle.submitted(pref, "actor_roster", fy, q)
    ar_rows = oracle.form_rows("actor_roster", pref, fy, q)
    row.update(roster_indicators(ar_rows, ar_submitted))
    row["diverse_municipality_rate"] = ratio(diverse_municipalities(ar_rows), total) if ar_submitted else None

    # survey_responses (respondents 0 when none; the ratios NULL)
    row.update(survey_indicators(oracle.form_rows("survey_responses", pref, fy, q)))

    # platform_status and schedule
    stage = oracle.stage(pref, fy, q)
    target = oracle.target(pref, fy, q)
    ps_rows = oracle.form_rows("platform_status", pref, fy, q)
    this_period = ps_rows[0] if ps_rows else None
    row["platform_stage"] = stage
    row["platform_stage_reported"] = oracle.submitted(pref, "platform_status", fy, q)
    row["target_stage"] = target
    row["stage_gap"] = None if stage is None else stage - target
    if stage is None:
        row["schedule_status"] = "no_data"
        row["quarters_behind"] = None
    else:
        gap = stage - target
        row["schedule_status"] = "ahead" if gap > 0 else "on_track" if gap == 0 else "behind"
        # every schedule period FY2025Q1 … this one whose target exceeds THIS row's stage
        behind = sum(1 for p in oracle.periods if p <= (fy, q) and oracle.target(pref, *p) > stage)
        row["quarters_behind"] = behind if gap < 0 else 0  # "0 unless behind"
    for column, source in (("platform_member_orgs", "member_orgs"), ("platform_events", "events"),
                           ("platform_matches", "matches"), ("platform_fund_used_kyen", "fund_used_kyen")):
        row[column] = this_period[source] if this_period else None  # no carry-forward

    # money
    row["spend_fy_to_date_kyen"] = oracle.spend_fy_to_date([pref], fy, q)
    row["spend_ratio"] = ratio(row["spend_fy_to_date_kyen"], row["standard_amount_kyen"])

    return {column: row[column] for column in PREFECTURE_QUARTER_COLUMNS}

# -- mart_national_quarter ----------------------------------------------------------------------
def national_quarter(oracle: Oracle) -> list[dict]:
    by_period: dict[tuple, list[dict]] = {}
    for r in prefecture_quarter(oracle):
        by_period.setdefault((r["fiscal_year"], r["quarter"]), []).append(r)
    out = []
    for fy, q in oracle.periods:
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
        all_prefs = oracle.prefectures
        mr_any = any(oracle.submitted(p, "municipal_report", fy, q) for p in all_prefs)
        mr_rows = [r for p in all_prefs for r in oracle.form_rows("municipal_report", p, fy, q)]
        row.update(municipal_indicators(mr_rows, mr_any, oracle.wards))
        ar_any = any(oracle.submitted(p, "actor_roster", fy, q) for p in all_prefs)
        ar_rows = [r for p in all_prefs for r in oracle.form_rows("actor_roster", p, fy, q)]
        # INTERPRETATION (NATIONAL_INTERPRETED_INDICATORS): `actors` nationally = distinct actor keys
        # over the national pool, so one corporate number active in two prefectures counts once.
        row.update(roster_indicators(ar_rows, ar_any))
        row.update(survey_indicators(
            [r for p in all_prefs for r in oracle.form_rows("survey_responses", p, fy, q)]))
        row["spend_fy_to_date_kyen"] = oracle.spend_fy_to_date(all_prefs, fy, q)
        # INTERPRETATION: national spend_ratio = national spend FY-to-date / national standard amount
        # (the literal formula applied to the two national columns).
        row["spend_ratio"] = ratio(row["spend_fy_to_date_kyen"], row["standard_amount_kyen"])
        out.append({c: row[c] for c in NATIONAL_KEY_COLUMNS + NATIONAL_OWN_COLUMNS
                    + NATIONAL_STRICT_INDICATORS + NATIONAL_INTERPRETED_INDICATORS})
    return out
