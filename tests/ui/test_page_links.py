"""The app's links, Back and Forward followed inside the session (dashboards/browser.py): the same document
stays, pages once built come back without a new session, the address bar and history follow, and a link still
works as a link (a new tab with Ctrl, the browser's own loading when the server does not answer)."""

from __future__ import annotations

import re
import urllib.parse

from conftest import open_dashboard, start_server, through_shadow_roots
from playwright.sync_api import expect

FOCUSED = through_shadow_roots("() => { const e = deepFocus(); return e ? e.className : ''; }")


def _query(page) -> dict[str, str]:
    return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(page.url).query))


def test_a_page_link_is_followed_in_the_same_document(page, server):
    open_dashboard(page, server, "?page=overview&pref=27")
    page.evaluate("window.sameDocument = true")
    entries = page.evaluate("history.length")
    page.locator(".page-nav a", has_text="都道府県プロファイル").click()
    expect(page.locator(".page-nav [aria-current=page]")).to_have_text("都道府県プロファイル")
    expect(page.locator(".pref-summary")).to_contain_text("大阪府")  # the state the link carried
    expect(page).to_have_url(re.compile(r"page=prefecture"))
    assert _query(page)["pref"] == "27"
    expect(page).to_have_title(re.compile("^都道府県プロファイル｜"))
    assert page.evaluate("window.sameDocument") is True
    assert page.evaluate("history.length") == entries + 1
    assert "page-content" in page.evaluate(FOCUSED)  # keyboard and screen reader users start at the new page
    expect(page.locator("#kyoso-waiting")).to_have_count(0)

    page.locator(".page-nav a", has_text="全国概況").click()  # built before: shown again, not rebuilt
    expect(page.locator(".page-nav [aria-current=page]")).to_have_text("全国概況")
    expect(page.locator(".kpi-grid")).to_be_visible()
    expect(page.locator(".pref-summary")).to_be_hidden()
    assert page.evaluate("window.sameDocument") is True
    assert page.evaluate("history.length") == entries + 2
    page.go_back()  # Back and Forward: the entry's state, in the same session
    expect(page.locator(".page-nav [aria-current=page]")).to_have_text("都道府県プロファイル")
    expect(page.locator(".pref-summary")).to_contain_text("大阪府")
    expect(page).to_have_url(re.compile(r"page=prefecture"))
    page.go_forward()
    expect(page.locator(".page-nav [aria-current=page]")).to_have_text("全国概況")
    expect(page.locator(".kpi-grid")).to_be_visible()
    assert page.evaluate("window.sameDocument") is True
    assert page.evaluate("history.length") == entries + 2  # going back and forth added no entry
    assert page.console_errors == []


def test_a_prefecture_tile_and_the_language_link_are_followed_in_the_session(page, server):
    open_dashboard(page, server, "?page=overview")
    page.evaluate("window.sameDocument = true")
    page.locator(".tile-grid a[data-pick='01']").click()
    expect(page.locator(".pref-summary")).to_contain_text("北海道")
    page.locator(".page-nav .lang-button", has_text="English").click()
    expect(page.locator(".app-header")).to_contain_text("Kyoso Monitor")
    expect(page.locator(".pref-summary")).to_contain_text("Hokkaido")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"lang=en"))
    assert _query(page) | {"page": "prefecture", "pref": "01", "lang": "en"} == _query(page)
    assert page.evaluate("window.sameDocument") is True
    assert page.console_errors == []


PICK_ON_MAP = """(code) => {
    for (const doc of Bokeh.documents) {
        for (const model of doc.all_models) {
            const index = model.data && model.data.href ? Array.from(model.data.code || []).indexOf(code) : -1;
            if (index >= 0) { model.selected.indices = [index]; return true; }  // what a tap on the shape does
        }
    }
    return false; }"""


def test_a_prefecture_picked_on_the_map_is_followed_in_the_session(page, server):
    open_dashboard(page, server, "?page=overview")
    page.evaluate("window.sameDocument = true")
    assert page.evaluate(PICK_ON_MAP, "27")
    expect(page.locator(".pref-summary")).to_contain_text("大阪府")
    expect(page).to_have_url(re.compile(r"page=prefecture"))
    assert page.evaluate("window.sameDocument") is True
    assert page.console_errors == []


def test_profile_links_in_a_table_and_a_text_are_followed_in_the_session(page, server):
    open_dashboard(page, server, "?page=prefecture&pref=13")
    page.evaluate("window.sameDocument = true")
    link = page.locator(".municipality-table a").first
    expect(link).to_be_visible()
    name = link.inner_text()
    link.click()
    expect(page.locator(".muni-summary")).to_contain_text(name)
    expect(page).to_have_url(re.compile(r"page=municipality"))
    page.locator(".muni-title a").click()  # 「東京都のプロフィール」
    expect(page.locator(".page-nav [aria-current=page]")).to_have_text("都道府県プロファイル")
    expect(page.locator(".pref-summary")).to_contain_text("東京都")
    assert page.evaluate("window.sameDocument") is True
    assert page.console_errors == []


def test_ctrl_click_opens_the_link_in_a_new_tab(page, server):
    open_dashboard(page, server, "?page=overview")
    with page.context.expect_page() as opened:
        page.locator(".page-nav a", has_text="指標の定義").click(modifiers=["Control"])
    tab = opened.value
    tab.wait_for_load_state()
    expect(tab).to_have_url(re.compile(r"page=definitions"))
    expect(tab.locator(".definition-card").first).to_be_visible()
    expect(page.locator(".page-nav [aria-current=page]")).to_have_text("全国概況")  # this tab stays


def test_a_link_is_loaded_by_the_browser_when_the_server_does_not_answer(page, demo_system, tmp_path):
    """The server restarted while the page was open: its session is gone, so the link is loaded as a page."""
    url, stop = start_server(demo_system.data_dir, tmp_path / "before.log")
    port = urllib.parse.urlsplit(url).port
    try:
        open_dashboard(page, url, "?page=overview")
        page.evaluate("window.sameDocument = true")
    finally:
        stop()
    url, stop = start_server(demo_system.data_dir, tmp_path / "after.log", port=port)
    try:
        page.locator(".page-nav a", has_text="指標の定義").click()
        expect(page.locator("#kyoso-waiting")).to_be_visible()  # said at once, while nothing answers
        expect(page.locator(".definition-card").first).to_be_visible(timeout=60_000)
        expect(page).to_have_url(re.compile(r"page=definitions"))
        assert page.evaluate("window.sameDocument") is None
    finally:
        stop()
