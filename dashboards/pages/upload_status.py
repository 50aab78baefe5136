"""What an officer needs on arrival: where the prefecture stands for the quarter being reported, per form,
and the due dates (SPEC §2). Pure Python over the submission register."""

from __future__ import annotations

from datetime import datetime

import polars as pl

from dashboards.formatting import format_date, format_datetime, period_short
from pipelines.core.periods import TOKYO, due_at, is_on_time, period_text, quarter_of
from pipelines.core.vocab import ACCEPTED, REJECTED, STATUS_EN, STATUS_JA, WITHDRAWN
from pipelines.intake.forms import FORMS

# The state of one form for one reporting period, in the register's words (pipelines.core.vocab) with what
# the officer has to do.
STATE_LABELS = {
    ACCEPTED: (f"✓ {STATUS_JA[ACCEPTED]}", f"✓ {STATUS_EN[ACCEPTED]}"),
    REJECTED: (f"✗ {STATUS_JA[REJECTED]}（再提出が必要）", f"✗ {STATUS_EN[REJECTED]} (resubmit)"),
    WITHDRAWN: (f"{STATUS_JA[WITHDRAWN]}（再提出が必要）", f"{STATUS_EN[WITHDRAWN]} (resubmit)"),
    "missing": ("未提出", "Not submitted"),
}


def reporting_periods(now: datetime) -> list[tuple[int, int]]:
    """The quarter that ended last (its data are due at the end of the next month) and the current one."""
    fiscal_year, quarter = quarter_of(now)
    previous = (fiscal_year, quarter - 1) if quarter > 1 else (fiscal_year - 1, 4)
    return [previous, (fiscal_year, quarter)]


def _state(submissions: list, form: str, period: str) -> tuple[str, datetime | None]:
    mine = [s for s in submissions if s.form == form and s.period == period]
    effective = [s for s in mine if s.status == ACCEPTED]
    if effective:
        return ACCEPTED, effective[0].received
    for state in (WITHDRAWN, REJECTED):
        latest = [s for s in mine if s.status == state]
        if latest:
            return state, latest[-1].received
    return "missing", None


def quarter_status(submissions: list, prefecture_code: str, lang: str, now: datetime | None = None) -> pl.DataFrame:
    """One row per reporting period × form: period, form, due date, state, when."""
    index = 0 if lang == "ja" else 1
    mine = [s for s in submissions if s.prefecture_code == prefecture_code]
    clock = now or datetime.now(TOKYO)
    rows = []
    for fiscal_year, quarter in reporting_periods(clock):
        period = period_text(fiscal_year, quarter)
        due = due_at(fiscal_year, quarter)
        for form in FORMS.values():
            state, when = _state(mine, form.key, period)
            overdue = state != ACCEPTED and not is_on_time(clock, fiscal_year, quarter)
            label = STATE_LABELS[state][index] + (("・期限超過" if lang == "ja" else " · overdue") if overdue else "")
            rows.append(
                {
                    "period": period_short(period, lang),
                    "form": form.title_ja if lang == "ja" else form.title_en,
                    "due": format_date(due, lang),
                    "state": label,
                    "when": format_datetime(when, lang) if when else "―",
                }
            )
    headers = {"period": ("期間", "Period"), "form": ("様式", "Form"), "due": ("提出期限", "Due"),
               "state": ("状況", "Status"), "when": ("受付日時", "Received")}  # fmt: skip
    return pl.DataFrame(rows).rename({key: names[index] for key, names in headers.items()})
