"""Every page in a real browser: loads cleanly, shows the published numbers, downloads, URL state, banner."""

from __future__ import annotations

import json
import re
from datetime import datetime

import duckdb
import polars as pl
import pytest
from conftest import REPO, header_background, open_dashboard, screenshot
from playwright.sync_api import expect

from dashboards.formatting import SCHEDULE, format_value, period_label, stage_label
from dashboards.views.municipality_table import CONSTANT_COLUMNS

PAGES = ["overview", "prefecture", "municipalities", "submissions", "definitions"]


def mart(snapshot, sql: str) -> pl.DataFrame:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        return con.sql(sql).pl()


@pytest.mark.parametrize("name", PAGES)
def test_every_page_loads_without_console_errors(page, server, data_dir, name):
    status = json.loads((data_dir / "published" / "refresh_status.json").read_text(encoding="utf-8"))
    when = datetime.fromisoformat(status["last_success_at"])
    refreshed = f"{when.year}年{when.month}月{when.day}日 {when:%H:%M} 時点"
    open_dashboard(page, server, f"?page={name}")
    expect(page.locator(".page-nav [aria-current=page]")).to_have_count(1)
    expect(page.locator(".freshness")).to_contain_text(refreshed)
    screenshot(page, name)
    assert page.console_errors == []


def test_english_toggle_relabels_the_page(page, server):
    open_dashboard(page, server, "?page=overview")
    page.locator(".page-nav .lang-button", has_text="English").click()
    expect(page.locator(".app-header")).to_contain_text("Kyoso Monitor")
    expect(page.locator(".kpi-grid")).to_contain_text("Prefectures on track or ahead")
    expect(page).to_have_url(re.compile(r"lang=en"))
    screenshot(page, "overview_en")
    assert page.console_errors == []


def test_choosing_prefecture_and_period_shows_the_mart_numbers(page, server, published_snapshot):
    row = mart(published_snapshot, """
        SELECT p.*, d.prefecture_name FROM mart_prefecture_quarter p JOIN dim_prefecture d USING (prefecture_code)
        WHERE municipal_report_submitted AND platform_stage IS NOT NULL AND prefecture_code <> '13'
        ORDER BY fiscal_year, quarter, prefecture_code LIMIT 1 OFFSET 30""").to_dicts()[0]
    catalog = {r["code"]: r for r in mart(published_snapshot, "SELECT * FROM indicator_catalog").to_dicts()}
    open_dashboard(page, server, "?page=prefecture")
    page.locator(".prefecture-select select").select_option(label=row["prefecture_name"])
    page.locator(".period-select select").select_option(label=period_label(row["period"], "ja"))
    summary = page.locator(".pref-summary")
    expect(summary).to_contain_text(f"{row['prefecture_name']}（{period_label(row['period'], 'ja')}）")
    expect(summary).to_contain_text(stage_label(row["platform_stage"], "ja"))
    expect(summary).to_contain_text(SCHEDULE[row["schedule_status"]].label("ja"))
    for code in ("completeness", "partnership_program_rate", "town_meetings"):
        line = page.locator(".indicator-table tbody tr", has_text=catalog[code]["name_ja"]).first
        expect(line).to_contain_text(format_value(row[code], catalog[code]["unit"]))
    expect(page).to_have_url(re.compile(rf"pref={row['prefecture_code']}"))
    assert f"pref={row['prefecture_code']}" in page.url and f"period={row['period']}" in page.url
    assert page.console_errors == []


def test_the_projection_table_sorts_by_a_header_click_and_by_keyboard(page, server, published_snapshot):
    late = mart(published_snapshot, """SELECT quarters_late FROM mart_prefecture_stage_projection
        WHERE prefecture_code = '13'""")["quarters_late"].to_list()
    title = mart(published_snapshot, "SELECT name_ja FROM indicator_catalog WHERE code = 'quarters_late'").item()
    assert len(late) == 4
    open_dashboard(page, server, "?page=prefecture&pref=13")
    table = page.locator(".projection-table table")
    table.scroll_into_view_if_needed()
    header, cells = table.locator("th", has_text=title), table.locator("tbody td:nth-child(5)")
    expect(header).to_have_attribute("aria-sort", "none")
    header.locator("button").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    gaps_last = sorted(late, key=lambda q: (q is None, q))
    expect(cells).to_have_text(["―" if q is None else str(q) for q in gaps_last])
    page.keyboard.press("Enter")  # the header's button keeps the focus: Enter sorts the other way
    expect(header).to_have_attribute("aria-sort", "descending")
    descending = sorted(late, key=lambda q: (q is None, -(q or 0)))
    expect(cells).to_have_text(["―" if q is None else str(q) for q in descending])
    assert page.console_errors == []


def test_downloaded_csv_equals_the_mart_rows(page, server, published_snapshot):
    # a prefecture and period with an accepted municipal report, and not the page's defaults (13, latest)
    pref, period = mart(published_snapshot, """
        SELECT prefecture_code, period FROM mart_prefecture_quarter
        WHERE municipal_report_submitted AND engagements IS NOT NULL AND prefecture_code <> '13'
        ORDER BY fiscal_year, quarter, municipalities_total DESC LIMIT 1 OFFSET 50""").row(0)
    expected = mart(published_snapshot, f"""SELECT * FROM mart_municipality_quarter
        WHERE prefecture_code = '{pref}' AND period = '{period}' ORDER BY municipality_code""")
    open_dashboard(page, server, f"?page=prefecture&pref={pref}&period={period}")
    block = page.locator(".municipality-block")
    with page.expect_download() as download:
        block.locator(".download-csv button").click()
    raw = download.value.path().read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    got = pl.read_csv(raw[3:], infer_schema=False)
    # Japanese headers: the catalog's name, the unit in brackets; percentages ×100 under （%）
    catalog = mart(published_snapshot, "SELECT code, name_ja, unit FROM indicator_catalog").rows()
    assert got["市区町村コード" if "市区町村コード" in got.columns else "コード"].to_list() == \
        expected["municipality_code"].to_list()
    compared = 0
    for code, name, unit in catalog:
        # booleans, and the constant columns of a municipality reporting itself (not on screen, not exported)
        if code not in expected.columns or expected[code].dtype == pl.Boolean or code in CONSTANT_COLUMNS:
            continue
        percent = unit in ("ratio", "share")
        header = next((h for h in got.columns if h == name or h.startswith(f"{name}（")), None)
        assert header is not None, (code, got.columns)
        if percent:
            assert header == f"{name}（%）"
        want = expected[code].cast(pl.Float64) * (100 if percent else 1)
        have = got[header].cast(pl.Float64)
        assert ((have - want).abs().fill_null(0) < 1e-9).all(), code
        assert have.is_null().to_list() == want.is_null().to_list(), code
        compared += 1
    assert compared > 10


def test_url_round_trips_the_state(page, server, browser, published_snapshot):
    # an older period than the default (the latest), and an indicator other than the default
    period = mart(published_snapshot, """SELECT period FROM mart_national_quarter
        ORDER BY fiscal_year DESC, quarter DESC LIMIT 1 OFFSET 2""").item()
    indicator = mart(published_snapshot, """SELECT name_en, code FROM indicator_catalog
        WHERE code = 'sc_layer2_coverage'""").to_dicts()[0]
    osaka = mart(published_snapshot,
                 "SELECT prefecture_name_en FROM dim_prefecture WHERE prefecture_code = '27'").item()
    query = f"?page=municipalities&period={period}&indicator={indicator['code']}&lang=en"
    open_dashboard(page, server, query)
    expect(page.locator(".page-nav [aria-current=page]")).to_have_text("Municipality comparison")
    expect(page.locator(".indicator-select select")).to_have_value(indicator["name_en"])
    expect(page.locator(".period-select select")).to_have_value(period_label(period, "en"))
    page.locator(".page-nav a", has_text="Prefecture profile").click()
    page.locator(".prefecture-select select").select_option(label=osaka)
    expect(page).to_have_url(re.compile(r"pref=27"))
    assert "page=prefecture" in page.url
    shared = page.url
    other = browser.new_page()
    open_dashboard(other, shared, "")
    expect(other.locator(".pref-summary").first).to_contain_text(f"{osaka}（{period_label(period, 'en')}）")
    expect(other.locator(".indicator-select select")).to_have_value(indicator["name_en"])
    other.close()


def test_failed_refresh_is_announced_and_old_data_stay(page, server, data_dir):
    status_file = data_dir / "published" / "refresh_status.json"
    kept = status_file.read_text(encoding="utf-8")
    failed = {**json.loads(kept), "state": "failed", "last_failure_at": "2026-11-29T02:00:19+09:00",
              "last_failure_reason": "dbt test not_null_mart_prefecture_quarter_period failed"}
    status_file.write_text(json.dumps(failed), encoding="utf-8")
    try:
        open_dashboard(page, server, "?page=overview")
        warning = page.locator(".refresh-failed")
        expect(warning).to_contain_text("2026年11月29日 02:00")
        expect(warning).to_contain_text("完了しませんでした")
        ok = datetime.fromisoformat(json.loads(kept)["last_success_at"])
        expect(warning).to_contain_text(f"前回の更新時点（{ok.year}年{ok.month}月{ok.day}日 {ok:%H:%M}）")
        expect(warning).not_to_contain_text("not_null")
        expect(page.locator(".kpi-grid")).to_be_visible()
        screenshot(page, "overview_refresh_failed")
    finally:
        status_file.write_text(kept, encoding="utf-8")


def test_picking_a_prefecture_on_the_map_opens_its_profile(page, server):
    open_dashboard(page, server, "?page=overview")
    # A tap on the schedule map selects a row of its data source; do the same through BokehJS.
    picked = page.evaluate("""() => {
        for (const doc of Bokeh.documents) {
            for (const model of doc.all_models) {
                const data = model.data;
                if (data && data.code && data.xs && data.colour) {
                    const index = Array.from(data.code).indexOf('40');
                    model.selected.indices = [index];
                    return data.name[index];
                }
            }
        }
        return null;
    }""")
    assert picked == "福岡県"
    expect(page.locator(".pref-summary")).to_contain_text("福岡県")
    expect(page).to_have_url(re.compile(r"pref=40"))
    assert page.console_errors == []


def test_the_app_stylesheet_is_fetched_as_a_file_and_not_sent_with_every_message(page, server):
    """Given as text, the stylesheet's 7.6 KB went over the websocket with every model made (300 of the 318 KB
    of opening the prefecture profile); by URL it reaches every component's shadow root all the same."""
    frames, stylesheets = [], []
    page.on("websocket", lambda socket: socket.on("framereceived", lambda frame: frames.append(frame)))
    page.on("response", lambda response: "style.css" in response.url and stylesheets.append(response))
    open_dashboard(page, server, "?page=overview")
    page.locator(".page-nav a", has_text="都道府県プロファイル").click()
    page.locator(".prefecture-select select").wait_for()
    expect(page.locator(".part-loading:visible")).to_have_count(0)
    css = (REPO / "dashboards" / "static" / "style.css").read_text(encoding="utf-8")
    assert "--kyoso-accent: #0b4f8a;" in css
    received = [frame for frame in frames if isinstance(frame, str)]
    assert sum(map(len, received)) > 10_000  # the pages did come over this websocket
    assert not any("--kyoso-accent" in frame for frame in received)
    assert stylesheets and all(response.status == 200 for response in stylesheets)
    assert stylesheets[0].text() == css
    assert "max-age=315360000" in stylesheets[0].headers["cache-control"]  # ten years: its URL names its version
    # the rules reach into the shadow roots: the header (a Panel HTML pane) in the accent colour, #0b4f8a
    assert header_background(page) == "rgb(11, 79, 138)"
