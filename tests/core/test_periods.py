from datetime import datetime

from pipelines.core.periods import TOKYO, due_at, parse_period, period_index, period_text, periods_between


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
