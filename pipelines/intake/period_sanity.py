"""Period sanity (SPEC §3.7): no period before monitoring began, none that starts after the file arrived."""

from __future__ import annotations

from datetime import datetime

from pipelines.core.periods import FIRST_FISCAL_YEAR, FIRST_QUARTER, TOKYO, period_text
from pipelines.intake.issues import IssueLog


def period_start(fiscal_year: int, quarter: int) -> datetime:
    """00:00 Asia/Tokyo on the quarter's first day (Q1 = April 1)."""
    month = 3 * quarter + 1  # Q1 → 4, Q4 → 13 = January of the next calendar year
    year, month = (fiscal_year, month) if month <= 12 else (fiscal_year + 1, month - 12)
    return datetime(year, month, 1, tzinfo=TOKYO)


def _reiwa(fiscal_year: int) -> str:
    return f"令和{fiscal_year - 2018}年度" if fiscal_year >= 2019 else f"{fiscal_year}年度"


def check_period(period: tuple[int, int], received_at: datetime, column: str, log: IssueLog) -> bool:
    """Whether the file's period is plausible; logs `period.before_monitoring` or `period.future` if not."""
    fiscal_year, quarter = period
    text = period_text(fiscal_year, quarter)
    label = f"{_reiwa(fiscal_year)}第{quarter}四半期"
    if period < (FIRST_FISCAL_YEAR, FIRST_QUARTER):
        first = period_text(FIRST_FISCAL_YEAR, FIRST_QUARTER)
        log.add(
            "error",
            "period.before_monitoring",
            f"期間 {label}（{text}）はモニタリング開始（令和7年度第1四半期、{first}）より前です。"
            "年度・四半期をご確認ください。",
            f"The period {text} is before monitoring began ({first}). Please check the fiscal year and quarter.",
            column=column,
            value=text,
        )
        return False
    start = period_start(fiscal_year, quarter)
    if start > received_at:
        received = received_at.astimezone(TOKYO)
        log.add(
            "error",
            "period.future",
            f"期間 {label}（{text}）は {start:%Y年%m月%d日} に始まり、受付日時（{received:%Y-%m-%d %H:%M}）より"
            "後です。年度・四半期の誤り（例: 令和17年度と令和7年度）がないかご確認ください。",
            f"The period {text} starts on {start:%Y-%m-%d}, after the file was received "
            f"({received:%Y-%m-%d %H:%M} JST). Please check the fiscal year and quarter for a typo.",
            column=column,
            value=text,
        )
        return False
    return True
