"""Every chart's table alternative opens with the chart's numbers (the 表 tab behind each chart)."""

from __future__ import annotations

import duckdb
from conftest import open_dashboard, open_table_tab
from playwright.sync_api import expect


def test_the_prefecture_trend_table_shows_the_mart_values(page, server, published_snapshot):
    with duckdb.connect(str(published_snapshot), read_only=True) as con:
        period, rate = con.execute(
            "select period, kayoi_participation_rate from mart_prefecture_quarter "
            "where prefecture_code = '13' and kayoi_participation_rate is not null order by period limit 1"
        ).fetchone()
    open_dashboard(page, server, "?page=prefecture&pref=13&indicator=kayoi_participation_rate")
    year, quarter = int(period[2:6]), int(period[-1])
    row = page.locator(".tabulator-row", has_text=f"{year}年度第{quarter}四半期").filter(has_text=f"{rate * 100:.1f}%")
    tab = page.locator(".bk-tab", has_text="表").first  # the trend chart's table: the first table tab
    tab.click()
    expect(row.first).to_be_visible()
    assert 0 < row.first.bounding_box()["y"] - tab.bounding_box()["y"] < 200  # drawn under its tab


def _row_below(page, tab) -> bool:
    """A visible table row right below the tab."""
    box = tab.bounding_box()
    rows = page.locator(".tabulator-row:visible")
    return any(0 < (r["y"] - box["y"]) < 200 for r in
               (rows.nth(i).bounding_box() for i in range(min(rows.count(), 400))) if r)


def test_every_table_tab_of_the_overview_and_the_profile_shows_a_table(page, server):
    """The tables are made when their tab is first opened (Panel's dynamic tabs): each one reaches the browser."""
    for query in ("?page=overview", "?page=prefecture&pref=13"):
        open_dashboard(page, server, query)
        tabs = page.locator(".bk-tab", has_text="表")
        assert tabs.count() >= 2
        for index in range(tabs.count()):
            tabs.nth(index).scroll_into_view_if_needed()
            open_table_tab(page, tabs.nth(index))
            assert _row_below(page, tabs.nth(index)), (query, index)
