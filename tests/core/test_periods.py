from datetime import UTC, datetime

from pipelines.core.periods import (
    TOKYO,
    due_at,
    is_on_time,
    parse_period,
    period_index,
    period_text,
    periods_between,
    quarter_of,
)


def test_due_date_is_last_day_of_month_after_quarter_end_tokyo():
    assert due_at(2025, 1) == datetime(2025, 7, 31, 23, 59, 59, tzinfo=TOKYO)
    assert due_at(2025, 2) == datetime(2025, 10, 31, 23, 59, 59, tzinfo=TOKYO)
    assert due_at(2025, 3) == datetime(2026, 1, 31, 23, 59, 59, tzinfo=TOKYO)
    assert due_at(2025, 4) == datetime(2026, 4, 30, 23, 59, 59, tzinfo=TOKYO)
    assert due_at(2027, 3).isoformat() == "2028-01-31T23:59:59+09:00"


def test_period_text_and_ordering():
    assert period_text(2025, 1) == "FY2025Q1"
    assert parse_period("FY2026Q4") == (2026, 4)
    assert period_index(2025, 1) == 0
    assert period_index(2026, 2) == 5
    assert periods_between((2025, 3), (2026, 2)) == [(2025, 3), (2025, 4), (2026, 1), (2026, 2)]


def test_quarter_of_a_moment_in_tokyo() -> None:
    assert quarter_of(datetime(2026, 12, 2, 10, tzinfo=TOKYO)) == (2026, 3)
    assert quarter_of(datetime(2026, 3, 31, 23, tzinfo=TOKYO)) == (2025, 4)
    assert quarter_of(datetime(2026, 3, 31, 15, 0, tzinfo=UTC)) == (2026, 1)  # 1 April, 0:00 in Tokyo


def test_on_time_until_the_due_second_inclusive() -> None:
    """As dbt's is_on_time: received <= due_at (FY2025 Q1 is due on 31 July 2025, 23:59:59 JST)."""
    assert is_on_time(datetime(2025, 7, 31, 23, 59, 59, tzinfo=TOKYO), 2025, 1)
    assert not is_on_time(datetime(2025, 8, 1, 0, 0, 0, tzinfo=TOKYO), 2025, 1)
