"""Fiscal periods (SPEC §2): FY starts in April; period text is `FY2025Q1`."""

from __future__ import annotations

import calendar
import re
from datetime import datetime, timedelta, timezone

TOKYO = timezone(timedelta(hours=9), "Asia/Tokyo")
FIRST_FISCAL_YEAR = 2025
FIRST_QUARTER = 1

_PERIOD_RE = re.compile(r"^FY(\d{4})Q([1-4])$")


def period_text(fiscal_year: int, quarter: int) -> str:
    return f"FY{fiscal_year}Q{quarter}"


def parse_period(text: str) -> tuple[int, int]:
    match = _PERIOD_RE.match(text)
    if not match:
        raise ValueError(f"not a period (expected FY2025Q1): {text!r}")
    return int(match.group(1)), int(match.group(2))


def period_index(fiscal_year: int, quarter: int) -> int:
    """Quarters since FY2025Q1 (0 for the first monitored period)."""
    return (fiscal_year - FIRST_FISCAL_YEAR) * 4 + (quarter - FIRST_QUARTER)


def periods_between(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    fy, q = first
    out = []
    while (fy, q) <= last:
        out.append((fy, q))
        fy, q = (fy, q + 1) if q < 4 else (fy + 1, 1)
    return out


def quarter_end_month(fiscal_year: int, quarter: int) -> tuple[int, int]:
    """Calendar (year, month) of the last month of a fiscal quarter."""
    month = 3 + 3 * quarter  # Q1 → 6, Q2 → 9, Q3 → 12, Q4 → 15 (= March next year)
    return (fiscal_year, month) if month <= 12 else (fiscal_year + 1, month - 12)


def due_at(fiscal_year: int, quarter: int) -> datetime:
    """Last day of the month after the quarter ends, 23:59:59 Asia/Tokyo."""
    year, month = quarter_end_month(fiscal_year, quarter)
    year, month = (year, month + 1) if month < 12 else (year + 1, 1)
    last_day = calendar.monthrange(year, month)[1]
    return datetime(year, month, last_day, 23, 59, 59, tzinfo=TOKYO)


def is_on_time(received: datetime, fiscal_year: int, quarter: int) -> bool:
    """The on-time rule of SPEC §2 (dbt computes the same for published submissions): received by the
    period's due date, the boundary included."""
    return received <= due_at(fiscal_year, quarter)


def quarter_of(moment: datetime) -> tuple[int, int]:
    """The fiscal (year, quarter) containing `moment` (Asia/Tokyo)."""
    local = moment.astimezone(TOKYO)
    quarter = (local.month - 4) % 12 // 3 + 1
    return (local.year if local.month >= 4 else local.year - 1), quarter
