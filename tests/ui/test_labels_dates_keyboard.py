"""In a real browser: period labels on chart axes and in tooltips, Japanese dates in the submission history, the
23-domain chart drawn, an xlsx download opened, and Tab leaving a data table for the next control."""

from __future__ import annotations

import io
import re

import duckdb
import openpyxl
import pytest
from conftest import open_dashboard, through_shadow_roots
from playwright.sync_api import expect

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
AXIS_LABELS = {"ja": re.compile(r"\d{4}年度\n第[1-4]四半期"), "en": re.compile(r"FY\d{4}\nQ[1-4]")}
TOOLTIP_PERIOD = {"ja": re.compile(r"\d{4}年度第[1-4]四半期（\d+〜\d+月）"),
                  "en": re.compile(r"FY\d{4} Q[1-4] \([A-Z][a-z]{2}–[A-Z][a-z]{2}\)")}
# the labels BokehJS draws on every categorical x axis (what the axis' formatter makes of the factors)
AXIS_TEXT = """() => {
    const found = [];
    for (const doc of Bokeh.documents) {
        for (const model of doc.all_models) {
            if (model.constructor.__name__ !== "CategoricalAxis") { continue; }
            const view = Bokeh.index.find_one(model);
            if (view === null) { continue; }
            const [labels] = view._get_factor_info()[0];
            found.push(labels.items.map((box) => box.text));
        }
    }
    return found;
}"""
# the texts the period tooltips show (the `period_text` column of every data source)
TOOLTIP_TEXT = """() => {
    const found = [];
    for (const doc of Bokeh.documents) {
        for (const model of doc.all_models) {
            const data = model.data;
            if (data && data.period_text) { found.push(...Array.from(data.period_text)); }
        }
    }
    return found;
}"""
# deepest focused element, through shadow roots
FOCUSED = through_shadow_roots("""() => { const e = deepFocus();
    if (!e || e === document.body) { return 'BODY'; }
    const path = []; let n = e;
    while (n) { if (n.classList) { path.push(...n.classList); } n = n.parentNode || n.host; }
    return e.tagName + ' ' + path.join(' '); }""")


def mart(snapshot, sql: str, *parameters) -> list[tuple]:
    with duckdb.connect(str(snapshot), read_only=True) as con:
        return con.execute(sql, list(parameters)).fetchall()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_chart_axes_and_tooltips_show_period_labels(page, server, lang):
    for name, charts in (("prefecture", 3), ("overview", 1)):
        open_dashboard(page, server, f"?page={name}&lang={lang}")
        page.wait_for_function("() => Bokeh.documents.length > 0")
        axes = page.evaluate(AXIS_TEXT)
        period_axes = [labels for labels in axes if any(AXIS_LABELS[lang].fullmatch(text) for text in labels)]
        assert len(period_axes) >= charts, (name, axes)
        for labels in period_axes:
            assert all(AXIS_LABELS[lang].fullmatch(text) for text in labels), labels
        assert not [labels for labels in axes if any(re.fullmatch(r"FY\d{4}Q[1-4]", text) for text in labels)]
        if name == "prefecture":
            tooltips = page.evaluate(TOOLTIP_TEXT)
            assert tooltips and all(TOOLTIP_PERIOD[lang].fullmatch(text) for text in tooltips), tooltips[:5]
    assert page.console_errors == []


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_submission_history_dates_are_japan_time_in_the_ui_language(page, server, published_snapshot, lang):
    newest = mart(published_snapshot, """SELECT received_at_jst, period FROM mart_submissions
        WHERE prefecture_code = '13' ORDER BY received_at DESC LIMIT 1""")[0]
    when, period = newest
    year, quarter = int(period[2:6]), int(period[-1])
    if lang == "ja":
        shown = f"{when.year}年{when.month}月{when.day}日 {when:%H:%M}"
        label = f"{year}年度第{quarter}四半期"
    else:
        shown = f"{when.day} {MONTHS_EN[when.month - 1]} {when.year}, {when:%H:%M}"
        label = f"FY{year} Q{quarter}"
    open_dashboard(page, server, f"?page=prefecture&pref=13&lang={lang}")
    history = page.locator(".submission-history")
    expect(history.locator(".tabulator-row").first).to_contain_text(shown)
    expect(history.locator(".tabulator-row").first).to_contain_text(label)
    text = history.inner_text()
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text), text[:300]
    assert not re.search(r"FY\d{4}Q[1-4]", text)


def test_the_23_domain_chart_is_drawn_with_the_published_values(page, server, published_snapshot):
    open_dashboard(page, server, "?page=prefecture&pref=13")
    period = re.search(r"period=(FY\d{4}Q[1-4])", page.url)[1]
    published = mart(published_snapshot, """SELECT d.label_ja, q.supply_engagements
        FROM mart_prefecture_domain_quarter q JOIN domains d ON d.code = q.domain_code
        WHERE q.prefecture_code = '13' AND q.period = ?""", period)
    assert len(published) == 23 and sum(supply or 0 for _, supply in published) > 0
    page.locator(".section-heading", has_text="23分野の供給と需要").scroll_into_view_if_needed()
    drawn = page.evaluate("""() => {
        for (const doc of Bokeh.documents) {
            for (const model of doc.all_models) {
                const title = model.title ? model.title.text : null;
                if (model.constructor.__name__ !== "Figure" || title !== "供給（参画件数）") { continue; }
                const view = Bokeh.index.find_one(model);
                const source = model.renderers[0].data_source.data;
                // the plot area itself (it had zero size while the figure's box had its full size)
                return {width: view.frame.bbox.width, height: view.frame.bbox.height, name: Array.from(source.name),
                        supply: Array.from(source.supply)};
            }
        }
        return null;
    }""")
    assert drawn is not None
    assert drawn["width"] > 250 and drawn["height"] > 400, drawn
    assert sorted(zip(drawn["name"], drawn["supply"], strict=True)) == \
        sorted((name, supply or 0) for name, supply in published)
    assert page.console_errors == []


def test_ranking_downloads_as_an_xlsx_with_indicator_and_period(page, server, published_snapshot):
    name = mart(published_snapshot, "SELECT name_ja FROM indicator_catalog WHERE code = 'town_meetings'")[0][0]
    open_dashboard(page, server, "?page=overview&indicator=town_meetings")
    period = re.search(r"period=FY(\d{4})Q([1-4])", page.url)
    values = dict(mart(published_snapshot, """SELECT prefecture_code, town_meetings FROM mart_prefecture_quarter
        WHERE period = ?""", f"FY{period[1]}Q{period[2]}"))
    wanted = f"{name} {period[1]}年度第{period[2]}四半期"
    for button in page.locator(".download-xlsx button:visible").all():  # not those of a closed table tab
        with page.expect_download() as download:
            button.click()
        if download.value.suggested_filename.startswith(wanted):
            break
    assert download.value.suggested_filename.startswith(wanted)
    book = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    sheet = book.worksheets[0]
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows()]
    label = f"{period[1]}年度第{period[2]}四半期"
    assert sheet.title == f"{name} {period[1]}年度 第{period[2]}四半期"[:31] or sheet.title.endswith("…")
    assert len(sheet.title) <= 31
    header = rows[0]
    assert header[:2] == ("指標", "期間")
    assert all(row[0] == name and row[1].startswith(label) for row in rows[1:])
    codes, counts = header.index("コード"), next(i for i, h in enumerate(header) if h.startswith(f"{name}（"))
    assert header[counts] == f"{name}（回）"
    assert {row[codes]: row[counts] for row in rows[1:]} == values
    assert all(isinstance(row[counts], int | float) for row in rows[1:] if row[counts] is not None)


def test_tab_moves_out_of_a_data_table_to_the_next_control(page, server):
    open_dashboard(page, server, "?page=prefecture&pref=13")
    page.locator(".municipality-search input").focus()
    path = []
    for _ in range(40):
        page.keyboard.press("Tab")
        path.append(page.evaluate(FOCUSED))
        if "download-csv" in path[-1] and any("municipality-table" in stop for stop in path):
            break
    assert "BODY" not in path, path
    assert any("municipality-table" in stop for stop in path), path  # the table's own controls had the focus
    assert "download-csv" in path[-1], path  # … and then the control after the table


@pytest.mark.parametrize("name", ["overview", "prefecture"])
def test_every_chart_on_screen_has_a_plot_area(page, server, name):
    """A Bokeh pane in a wrapping row was drawn with a plot area of zero size (the schedule map, the 23 domains)."""
    open_dashboard(page, server, f"?page={name}")
    areas = page.evaluate("""() => { const out = [];
        for (const doc of Bokeh.documents) for (const m of doc.all_models) {
            if (m.constructor.__name__ !== 'Figure' || !m.visible) { continue; }
            const view = Bokeh.index.find_one(m);
            if (view && view.el.isConnected && view.el.checkVisibility()) {
                out.push([m.title ? m.title.text : '', view.frame.bbox.width, view.frame.bbox.height]); }
        }
        return out; }""")
    assert len(areas) >= 3, areas
    assert [area for area in areas if area[1] < 100 or area[2] < 100] == [], areas
