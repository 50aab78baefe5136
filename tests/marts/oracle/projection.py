"""mart_prefecture_stage_projection (SPEC §4.4): when each stage was or will be reached."""

from __future__ import annotations

import math
import statistics
from fractions import Fraction

from .spec import FIRST_PERIOD, next_period, ordinal, period_of
from .state import Oracle


def own_pace(oracle: Oracle, pref: str) -> Fraction | None:
    """(quarters from F to L) ÷ (current stage − first stage), when that difference is ≥ 1 — exact, so that
    ceil() of a pace that is a whole number of quarters is that number (in floats (1/3 + 25/3)/2 × 3 > 13)."""
    latest = oracle.periods[-1]
    current = oracle.stage(pref, *latest)
    reported = [p for p in oracle.periods if oracle.submitted(pref, "platform_status", *p)]
    if current is None or not reported:
        return None
    first = reported[0]
    first_stage = oracle.form_rows("platform_status", pref, *first)[0]["stage"]
    if current - first_stage < 1:
        return None
    return Fraction(ordinal(*latest) - ordinal(*first), current - first_stage)


def stage_projection(oracle: Oracle) -> list[dict]:
    # INTERPRETATION: the schedule is searched over FY2025Q1 … FY2030Q4 ("NULL if none up to FY2030Q4"),
    # also beyond the latest monitored period; reached_period looks only at monitored periods.
    horizon = []
    p = FIRST_PERIOD
    while p <= (2030, 4):
        horizon.append(p)
        p = next_period(*p)
    latest = oracle.periods[-1]
    paces = {pref: own_pace(oracle, pref) for pref in oracle.prefectures}
    own = [pace for pace in paces.values() if pace is not None]
    median = statistics.median(own) if own else None
    out = []
    for pref in oracle.prefectures:
        current = oracle.stage(pref, *latest)
        pace = paces[pref] if paces[pref] is not None else median
        for s in range(1, 5):
            scheduled = next((ordinal(*p) for p in horizon if oracle.target(pref, *p) >= s), None)
            reached = next((ordinal(*p) for p in oracle.periods
                            if (stage := oracle.stage(pref, *p)) is not None and stage >= s), None)
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
