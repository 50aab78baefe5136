"""Every chart's table alternative opens with the chart's numbers (the 表 tab behind each chart)."""

from __future__ import annotations

import duckdb
from conftest import open_dashboard, through_shadow_roots
from playwright.sync_api import expect

# the text of every visible table cell or column title drawn narrower than its text (cut with an ellipsis)
CUT_CELLS = through_shadow_roots("""() => deepAll('.tabulator-cell, .tabulator-col-title').filter((cell) =>
    cell.offsetParent !== null && cell.innerText.trim() && cell.scrollWidth > cell.clientWidth + 1)
    .map((cell) => cell.innerText)""")
# a visible table row drawn right below the given height (an opened tab's top)
ROW_BELOW = through_shadow_roots("""(top) => deepAll('.tabulator-row').some((row) => {
    const below = row.getBoundingClientRect().y - top;
    return row.offsetParent !== null && below > 0 && below < 200; })""")


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


def test_a_table_opened_after_a_change_shows_the_current_rows(page, server, published_snapshot):
    """The trend's table, refilled while its tab was closed, opens with Osaka's rows, not Tokyo's (those the
    page was built with)."""
    with duckdb.connect(str(published_snapshot), read_only=True) as con:
        rates = dict(con.execute(
            "select prefecture_code, kayoi_participation_rate from mart_prefecture_quarter "
            "where prefecture_code in ('13', '27') and period = (select min(period) from mart_prefecture_quarter "
            "where kayoi_participation_rate is not null)").fetchall())
        period = con.execute("select min(period) from mart_prefecture_quarter "
                             "where kayoi_participation_rate is not null").fetchone()[0]
    assert f"{rates['13'] * 100:.1f}" != f"{rates['27'] * 100:.1f}"
    open_dashboard(page, server, "?page=prefecture&pref=13&indicator=kayoi_participation_rate")
    page.locator(".prefecture-select select").select_option(label="大阪府")
    expect(page.locator(".pref-summary")).to_contain_text("大阪府")
    page.locator(".bk-tab", has_text="表").first.click()
    year, quarter = int(period[2:6]), int(period[-1])
    first_row = page.locator(".tabulator-row:visible", has_text=f"{year}年度第{quarter}四半期").first
    expect(first_row).to_contain_text(f"{rates['27'] * 100:.1f}%")
    assert f"{rates['13'] * 100:.1f}%" not in first_row.inner_text()


def test_every_table_tab_of_the_overview_and_the_profile_shows_a_table(page, server):
    """A chart's table joins the page when its tab is first opened: it is there, right below the tab, with
    columns wide enough for their text (a table made in the message that showed its box was measured for an
    empty box, and cut the periods to 「2025年度」)."""
    for query in ("?page=overview", "?page=prefecture&pref=13"):
        open_dashboard(page, server, query)
        tabs = page.locator(".bk-tab", has_text="表")
        assert tabs.count() >= 2
        for index in range(tabs.count()):
            tabs.nth(index).scroll_into_view_if_needed()
            tabs.nth(index).click()
            box = tabs.nth(index).bounding_box()
            page.wait_for_function(ROW_BELOW, arg=box["y"], timeout=20_000)  # the table arrives after the click
            assert page.evaluate(CUT_CELLS) == [], (query, index)
