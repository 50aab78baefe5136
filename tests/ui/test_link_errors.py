"""Hand-edited or outdated links in a real browser: no traceback or server path on the page, a notice naming
the value that could not be shown, and selectors that agree with the content and the URL."""

from __future__ import annotations

import re

import duckdb
import pytest
from conftest import REPO, open_dashboard, screenshot, visible_text
from playwright.sync_api import expect

KAYOI_JA = "通いの場参加率"  # indicator_catalog name of the default indicator, kayoi_participation_rate
LEAK_MARKERS = ("Traceback", "File \"", ".py", str(REPO), "site-packages", "Error:")


def _no_leak(page) -> None:
    text = visible_text(page)
    assert "共創モニター" in text  # the page's own text is there to be checked
    for marker in LEAK_MARKERS:
        assert marker not in text, marker


def _latest_reported_period(snapshot) -> str:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        return con.execute("SELECT period FROM mart_prefecture_quarter WHERE municipal_report_submitted "
                       "ORDER BY fiscal_year DESC, quarter DESC LIMIT 1").fetchone()[0]


@pytest.mark.parametrize(("page_name", "indicator"), [
    ("overview", "unmet_rate"), ("overview", "supply_engagements"), ("overview", "prefectures_reporting"),
    ("overview", "schedule_status"), ("prefecture", "schedule_status")])
def test_an_indicator_the_page_does_not_chart_falls_back_with_a_notice(page, server, page_name, indicator):
    open_dashboard(page, server, f"?page={page_name}&indicator={indicator}")
    notice = page.locator(".link-notice")
    expect(notice).to_contain_text(f"リンクの指標「{indicator}」はここでは表示できません")
    expect(notice).to_contain_text(f"「{KAYOI_JA}」を表示しています")
    assert notice.inner_text().count("リンクの") == 1  # said once, though the browser re-sends the link
    select = page.locator(".indicator-select select")
    expect(select.locator("option:checked")).to_have_text(re.compile(KAYOI_JA))
    expect(page).to_have_url(re.compile(r"indicator=kayoi_participation_rate"))
    if page_name == "prefecture":
        expect(page.locator(".indicator-table tbody tr", has_text=KAYOI_JA).first).to_be_visible()
    else:
        expect(page.locator(".ranking-table")).to_contain_text(KAYOI_JA)
    _no_leak(page)
    screenshot(page, f"link_fallback_{page_name}_{indicator}")
    assert page.console_errors == []


def _japanese_period(period: str) -> str:
    """FY2026Q2 → 2026年度第2四半期（7〜9月）, as the selectors say it."""
    months = {1: "4〜6月", 2: "7〜9月", 3: "10〜12月", 4: "1〜3月"}
    year, quarter = int(period[2:6]), int(period[7])
    return f"{year}年度第{quarter}四半期（{months[quarter]}）"


def test_unknown_prefecture_and_period_fall_back_consistently(page, server, published_snapshot):
    latest = _latest_reported_period(published_snapshot)
    open_dashboard(page, server, "?page=prefecture&pref=99&period=FY1999Q9")
    notice = page.locator(".link-notice")
    expect(notice).to_contain_text("リンクの都道府県「99」")
    expect(notice).to_contain_text("リンクの期間「FY1999Q9」")
    expect(page.locator(".prefecture-select select option:checked")).to_have_text("東京都")
    expect(page.locator(".period-select select option:checked")).to_have_text(_japanese_period(latest))
    expect(page.locator(".pref-summary")).to_contain_text(f"東京都（{_japanese_period(latest)}）")
    expect(page).to_have_url(re.compile(rf"pref=13.*period={latest}|period={latest}.*pref=13"))
    _no_leak(page)
    screenshot(page, "link_fallback_prefecture_period")


def test_unknown_page_and_language_and_markup_in_a_link(page, server):
    open_dashboard(page, server, "?page=%3Cscript%3Ealert(1)%3C/script%3E&lang=fr")
    notice = page.locator(".link-notice")
    expect(notice).to_contain_text("リンクのページ「<script>alert(1)</script>」")  # shown as text, not run
    expect(notice).to_contain_text("リンクの表示言語「fr」")
    expect(page.locator(".page-nav a[aria-current=page]")).to_have_text("全国概況")
    _no_leak(page)
    page.locator(".page-nav a", has_text="指標の定義").click()
    expect(notice).to_be_hidden()  # the notice was about the link, not the page chosen now
