"""mart_indicator_changes: the rows one publish adds."""

from __future__ import annotations

from .spec import BOOL_COLUMNS, PREFECTURE_QUARTER_COLUMNS


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
