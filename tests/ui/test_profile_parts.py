"""The prefecture profile opened by a link in a session: its first screen comes at once and the parts below it
after (dashboards/components/page.py `Page.later`). Once whole it has every section of the profile opened on
its own URL, and it follows a prefecture chosen afterwards, parts included."""

from __future__ import annotations

import duckdb
from conftest import open_dashboard, through_shadow_roots
from playwright.sync_api import expect

HEADINGS = through_shadow_roots(
    "() => deepAll('.section-heading').filter((e) => e.offsetParent !== null).map((e) => e.textContent)")


def _first_municipality(published_snapshot, prefecture: str) -> str:
    with duckdb.connect(str(published_snapshot), read_only=True) as con:
        return con.execute("SELECT municipality_name FROM dim_municipality WHERE prefecture_code = ? "
                           "ORDER BY municipality_code LIMIT 1", [prefecture]).fetchone()[0]


def test_a_profile_opened_by_link_becomes_whole_and_follows_a_new_prefecture(page, server, published_snapshot):
    open_dashboard(page, server, "?page=prefecture&pref=13")  # its own URL: whole in the session's first document
    expect(page.locator(".part-loading:visible")).to_have_count(0)
    whole = page.evaluate(HEADINGS)
    assert whole[0] == "推移（全国との比較）" and whole[-1] == "提出履歴"  # the first screen's and the last part's
    assert {"構築段階の推移とスケジュール", "多様な主体の参画", "市区町村一覧"} <= set(whole)

    open_dashboard(page, server, "?page=overview&pref=13")
    page.locator(".page-nav a", has_text="都道府県プロファイル").click()
    expect(page.locator(".pref-summary")).to_contain_text("東京都")
    expect(page.locator(".part-loading:visible")).to_have_count(0)
    assert page.evaluate(HEADINGS) == whole
    tokyo = page.locator(".municipality-table .tabulator-row").first
    expect(tokyo).to_contain_text(_first_municipality(published_snapshot, "13"))

    page.locator(".prefecture-select select").select_option(label="大阪府")
    expect(page.locator(".pref-summary")).to_contain_text("大阪府")
    expect(page.locator(".municipality-table .tabulator-row").first).to_contain_text(
        _first_municipality(published_snapshot, "27"))
    assert page.console_errors == []
