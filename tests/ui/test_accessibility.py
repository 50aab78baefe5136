"""WCAG 2.2 AA in a real browser: axe-core on every page, keyboard use, history, language, the schedule story."""

from __future__ import annotations

import re

import duckdb
import pytest
from conftest import REPO, screenshot, through_shadow_roots
from playwright.sync_api import expect

PAGES = ["overview", "prefecture", "municipalities", "submissions", "definitions"]
AXE_PAGES = [*PAGES, "upload"]
WIDTHS = {"desktop": (1440, 900), "phone": (390, 844)}
AXE = REPO / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
# every text node, also inside the shadow roots Panel renders into
DEEP_TEXT = """(skipLang) => {
  const parts = [];
  const walk = (node) => {
    if (node.nodeType === 3) { parts.push(node.textContent); return; }
    if (node.nodeType !== 1 && node.nodeType !== 11) { return; }
    if (node.nodeType === 1 && ['SCRIPT', 'STYLE'].includes(node.tagName)) { return; }
    if (node.nodeType === 1 && skipLang && node.getAttribute('lang') === skipLang) { return; }
    if (node.nodeType === 1 && !node.checkVisibility()) { return; }  // text on screen only
    if (node.shadowRoot) { walk(node.shadowRoot); }
    node.childNodes.forEach(walk);
  };
  walk(document.body);
  return parts.join(' ');
}"""
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
expect.set_options(timeout=20_000)  # a link opens a new session: the next page is built on a shared, busy machine


def _open(tab, server: str, query: str) -> None:
    tab.goto(server + query)
    tab.wait_for_load_state("networkidle")
    tab.locator(".app-header").wait_for()
    tab.wait_for_timeout(800)
    # the page has settled once the app has repaired the roles of the tables it drew (on a short timer)
    tab.wait_for_function(through_shadow_roots("() => deepAll('.tabulator[role=grid]').length === 0"), timeout=10_000)


@pytest.fixture(scope="module", params=list(WIDTHS))
def sized(request, browser):
    """One tab per width for the whole module (the server and browser are shared by the session)."""
    width, height = WIDTHS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="ja-JP")
    tab = context.new_page()
    tab.width_name = request.param
    yield tab
    context.close()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_axe_finds_no_serious_violation(sized, server, lang):
    failures = []
    for name in AXE_PAGES:
        _open(sized, server, f"?page={name}&lang={lang}")
        assert sized.evaluate("document.documentElement.lang") == lang
        assert sized.evaluate("document.querySelector('meta[name=viewport]') !== null")
        # the page fits the width: nothing wider than the window makes it scroll sideways
        assert sized.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), name
        screenshot(sized, f"{name}_{lang}_{sized.width_name}")
        sized.add_script_tag(path=str(AXE))
        violations = sized.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
            .violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.html.slice(0, 120)).join(' | '))""")
        failures += [f"{name}/{lang}/{sized.width_name}: {v}" for v in violations]
    assert failures == []


def test_landmarks_and_headings(page, server):
    _open(page, server, "?page=overview")
    roles = page.evaluate(through_shadow_roots("""() => deepAll('[role], h1, h2, h3').flatMap((n) =>
        [...(n.getAttribute('role') ? [n.getAttribute('role')] : []),
         ...(/^H[123]$/.test(n.tagName) ? [n.tagName] : [])])"""))
    assert roles.count("main") == 1 and roles.count("navigation") == 1
    headings = [r for r in roles if r in ("H1", "H2", "H3")]
    assert headings[0] == "H1" and headings.count("H1") == 1
    # no level skipped on the way down
    levels = [int(h[1]) for h in headings]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_enter_on_navigation_and_back_forward(page, server):
    _open(page, server, "?page=overview")
    link = page.locator(".page-nav a", has_text="指標の定義")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".page-nav [aria-current=page]")).to_have_text("指標の定義")
    expect(page.locator(".definition-card").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"page=definitions"))
    assert re.search(r"period=FY\d{4}Q[1-4]", page.url)  # the period is always in the URL
    page.locator(".page-nav a", has_text="都道府県プロファイル").click()
    expect(page).to_have_url(re.compile(r"page=prefecture"))
    expect(page.locator(".pref-summary")).to_be_visible()
    page.go_back()
    expect(page).to_have_url(re.compile(r"page=definitions"))
    expect(page.locator(".page-nav [aria-current=page]")).to_have_text("指標の定義")
    expect(page.locator(".definition-card").first).to_be_visible()
    page.go_back()
    expect(page).to_have_url(re.compile(r"page=overview"))
    expect(page.locator(".page-nav [aria-current=page]")).to_have_text("全国概況")
    page.go_forward()
    expect(page.locator(".page-nav [aria-current=page]")).to_have_text("指標の定義")
    assert page.console_errors == []


def test_tab_order_reaches_navigation_then_the_tiles_by_keyboard(page, server):
    _open(page, server, "?page=overview")
    seen = []
    for _ in range(12):
        page.keyboard.press("Tab")
        seen.append(page.evaluate(through_shadow_roots("""() => { const e = deepFocus();
            return e ? (e.className || e.tagName) + ':' + (e.textContent || '').trim().slice(0, 20) : ''; }""")))
    # the first stops are the page links in order, then the language buttons
    pages = ["全国概況", "都道府県プロファイル", "市区町村比較", "市区町村プロファイル", "提出状況・データ品質",
             "指標の定義", "データ提出"]
    assert [s.split(":")[1] for s in seen[:7]] == pages
    assert seen[7].startswith("lang-button")
    tile = page.locator(".tile-grid a[data-pick='27']")
    tile.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"page=prefecture"))
    expect(page).to_have_url(re.compile(r"pref=27"))
    expect(page.locator(".pref-summary")).to_contain_text("大阪府")


def test_overview_lists_prefectures_behind_worst_first(page, server, published_snapshot):
    with duckdb.connect(str(published_snapshot), read_only=True) as con:
        period = con.execute("""SELECT period FROM mart_prefecture_quarter WHERE municipal_report_submitted
            ORDER BY fiscal_year DESC, quarter DESC LIMIT 1""").fetchall()[0][0]
        behind = con.execute(f"""SELECT d.prefecture_name, q.quarters_behind FROM mart_prefecture_quarter q
            JOIN dim_prefecture d USING (prefecture_code)
            WHERE q.period = '{period}' AND q.schedule_status = 'behind'
            ORDER BY q.quarters_behind DESC, q.stage_gap, q.prefecture_code""").fetchall()
    assert behind, "the demo data should have prefectures behind schedule"
    _open(page, server, "?page=overview")
    buttons = page.locator(".behind-list a")
    expect(buttons).to_have_count(len(behind))
    shown = [(b.locator(".picker-name").inner_text(), b.locator(".picker-detail").inner_text())
             for b in buttons.all()]
    assert shown == [(name, f"{quarters}期遅れ") for name, quarters in behind]
    for pair in zip(behind, behind[1:], strict=False):
        assert pair[0][1] >= pair[1][1]
    buttons.first.click()
    expect(page.locator(".pref-summary")).to_contain_text(behind[0][0])


def test_english_ui_has_no_japanese_and_japanese_ui_no_english_words(page, server, published_snapshot):
    with duckdb.connect(str(published_snapshot), read_only=True) as con:
        # proper names the user chose to show (the municipalities of a prefecture, all of them in a comparison)
        names = sorted({row[0] for row in con.execute("SELECT municipality_name FROM dim_municipality").fetchall()},
                       key=len, reverse=True)
    for name in AXE_PAGES:
        _open(page, server, f"?page={name}&lang=en")
        text = page.evaluate(DEEP_TEXT, "ja")  # names marked lang=ja (the 日本語 button, official names) are fine
        for proper in names:
            text = text.replace(proper, "")
        leaks = sorted(set(JAPANESE.findall(text)))
        assert leaks == [], (name, "".join(leaks)[:80], text[text.find(leaks[0]) - 60:][:120] if leaks else "")
    english_words = re.compile(r"\b(First|Prev|Next|Last|Download|Chart|Table|Loading|prefecture_code|period|"
                               r"schedule_status|NULL|Log in|Submit|Prefecture|Indicator|Period|Rank|Code|"
                               r"Stage|Behind|On track|Ahead|No data|FY\d{4})")
    for name in AXE_PAGES:
        _open(page, server, f"?page={name}&lang=ja")
        found = sorted(set(english_words.findall(page.evaluate(DEEP_TEXT, "en"))))
        assert found == [], (name, found)


