"""Issue 15's pages in a real browser, against values computed by hand from this module's uploads: the
municipality profile reached by clicking a municipality in a table (peer class, rank), the prefecture profile's
report download, four-model chart and projected stage timeline, and the overview's projected-lateness table.

Uploads (real intake, `kyoso refresh`), FY2025Q1–Q3:
- 鳥取県 (31) municipal_report each quarter, the same rows: 65+ population 鳥取市 60,000 · 米子市 40,000 ·
  倉吉市 30,000 · 境港市 25,000 · the other 15 municipalities (index i = 4…18) 3,000 + 100·i; kayoi participants
  米子市 2,400 (6.0 %) · 倉吉市 2,700 (9.0 %) · 境港市 1,000 (4.0 %) · the others 65+ population / 20.
- actor_roster of 鳥取県 FY2025Q3: 鳥取市 and 米子市 訪問型サービスA model ①-1, 倉吉市 通所型サービスA model ②.
- platform_status: 鳥取県 stage 1 (Q1), 2 (Q3); 島根県 (32) stage 0 (Q1), 1 (Q3); 岡山県 (33) stage 0 (Q1).
  Latest period L = FY2025Q3. Paces (quarters F→L ÷ stages gained): 鳥取 2 / 1 = 2, 島根 2 / 1 = 2; 岡山 gained
  none and takes the median pace 2. Schedule: stage 1 FY2025Q1, 2 FY2025Q3, 3 FY2026Q1, 4 FY2026Q3.
  島根 (stage 1 at L): stage 1 reached FY2025Q3 (+2), 2 → L + 2 = FY2026Q1 (+2), 3 → L + 4 = FY2026Q3 (+2),
  4 → L + 6 = FY2027Q1 (+2). 岡山 (stage 0): 1 → FY2026Q1 (+4), 2 → FY2026Q3 (+4), 3 → FY2027Q1 (+4),
  4 → FY2027Q3 (+4). 鳥取 is on schedule for every stage.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import datetime

import duckdb
import openpyxl
import pytest
from conftest import REPO, document_data, open_dashboard, screenshot, start_server
from playwright.sync_api import expect

from pipelines import submissions
from pipelines.core.periods import TOKYO
from pipelines.core.reference import municipalities_of
from tests.builders import municipal_rows, platform_rows, write_form_csv

TOTTORI, SHIMANE, OKAYAMA = "31", "32", "33"
POPULATION = {0: 60_000, 1: 40_000, 2: 30_000, 3: 25_000}
KAYOI = {1: 2_400, 2: 2_700, 3: 1_000}
RECEIVED = {1: datetime(2025, 7, 10, 9, tzinfo=TOKYO), 2: datetime(2025, 10, 10, 9, tzinfo=TOKYO),
            3: datetime(2026, 1, 10, 9, tzinfo=TOKYO)}
STAGES = {TOTTORI: {1: 1, 3: 2}, SHIMANE: {1: 0, 3: 1}, OKAYAMA: {1: 0}}
AXE = REPO / ".tools" / "node_modules" / "axe-core" / "axe.min.js"
expect.set_options(timeout=30_000)  # a link opens a new session, built on a shared machine


def tottori_rows(quarter: int) -> list[dict]:
    rows = municipal_rows(TOTTORI, 2025, quarter)
    for index, row in enumerate(rows):
        row["population_65plus"] = POPULATION.get(index, 3_000 + 100 * index)
        row["kayoi_participants"] = KAYOI.get(index, row["population_65plus"] // 20)
    return rows


def tottori_roster() -> list[dict]:
    tottori, yonago, kurayoshi = municipalities_of(TOTTORI)[:3]
    rows = [(tottori, "株式会社とっとり配食", "民間企業", "食事", "訪問型サービスA", "①-1"),
            (yonago, "株式会社よなご買物", "民間企業", "買い物", "訪問型サービスA", "①-1"),
            (kurayoshi, "NPOくらよし", "NPO法人", "居場所", "通所型サービスA", "②")]
    return [{"municipality_code": m.code, "fiscal_year": 2025, "quarter": 3, "actor_name": name, "actor_type": kind,
             "domains": domains, "service_category": service, "model_type": model}
            for m, name, kind, domains, service, model in rows]


def _refresh() -> None:
    done = subprocess.run([sys.executable, "-m", "pipelines.cli", "refresh"], cwd=REPO, capture_output=True)
    assert done.returncode == 0, done.stdout[-3000:]


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    root = tmp_path_factory.mktemp("municipality_ui")
    env = {"KYOSO_RAW_DIR": str(root / "raw"), "KYOSO_DATA_DIR": str(root / "data")}
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    for quarter, received in RECEIVED.items():
        submissions.submit(write_form_csv(root / f"r{quarter}.csv", "municipal_report", tottori_rows(quarter)), TOTTORI,
                     received_at=received)
        for prefecture, stages in STAGES.items():
            if quarter in stages:
                path = write_form_csv(root / f"p{prefecture}{quarter}.csv", "platform_status",
                                      platform_rows(prefecture, 2025, quarter, stages[quarter]))
                submissions.submit(path, prefecture, received_at=received)
    submissions.submit(write_form_csv(root / "roster.csv", "actor_roster", tottori_roster()), TOTTORI,
                 received_at=RECEIVED[3])
    _refresh()
    server, stop = start_server(root / "data", root / "server.log")
    yield {"server": server, "published": root / "data" / "published" / "kyoso.duckdb"}
    stop()
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def test_municipality_profile_from_the_prefecture_table(page, system):
    yonago = municipalities_of(TOTTORI)[1]
    open_dashboard(page, system["server"], f"?page=prefecture&pref={TOTTORI}")
    link = page.locator(".municipality-table a", has_text=yonago.name).first
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(f"**muni={yonago.code}**")
    summary = page.locator(".muni-summary")
    expect(summary).to_contain_text(yonago.name)
    # 40,000 aged 65+: the class 20,000–50,000, with 倉吉市 (30,000) and 境港市 (25,000)
    expect(summary).to_contain_text("類似団体区分：65歳以上人口2万人以上5万人未満")
    expect(summary).to_contain_text("全国3団体")
    # kayoi 9.0 % (倉吉), 6.0 % (米子), 4.0 % (境港): 米子市 is 2nd of 3, the median is 6.0 %
    expect(summary).to_contain_text("3団体中2位")
    expect(summary).to_contain_text("類似団体の中央値: 6.0%")
    peers = page.locator(".peer-table .tabulator-row")
    expect(peers).to_have_count(3)
    expect(peers.nth(0)).to_contain_text(municipalities_of(TOTTORI)[2].name)  # best first
    screenshot(page, "municipality_profile_ja")
    assert page.console_errors == []


def test_municipalities_page_links_and_english_profile(page, system):
    kurayoshi = municipalities_of(TOTTORI)[2]
    open_dashboard(page, system["server"], "?page=municipalities&lang=en")
    page.locator(".bk-tab", has_text="Table").first.click()
    page.locator(".comparison-table a", has_text=kurayoshi.name).first.click()
    page.wait_for_url(f"**muni={kurayoshi.code}**")
    summary = page.locator(".muni-summary")
    expect(summary).to_contain_text("Peer class: 65+ population 20 000–50 000")
    expect(summary).to_contain_text("1 of 3")  # 9.0 %, the best of the class
    assert "lang=en" in page.url
    screenshot(page, "municipality_profile_en")


def test_unknown_municipality_code_is_said(page, system):
    first = municipalities_of(TOTTORI)[0]
    open_dashboard(page, system["server"], f"?page=municipality&pref={TOTTORI}&muni=999999")
    notice = page.locator(".link-notice")
    expect(notice).to_contain_text("リンクの市町村「999999」はここでは表示できません")
    expect(notice).to_contain_text(f"{first.code} {first.name}")
    expect(page.locator(".muni-summary")).to_contain_text(first.name)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_axe_on_the_municipality_profile(page, system, lang):
    open_dashboard(page, system["server"], f"?page=municipality&muni={municipalities_of(TOTTORI)[1].code}"
                                           f"&lang={lang}")
    page.locator(".muni-summary").wait_for()
    page.wait_for_timeout(1_000)
    assert page.evaluate("document.documentElement.lang") == lang
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("""async () => (await axe.run(document, {resultTypes: ['violations']}))
        .violations.filter(v => ['serious', 'critical'].includes(v.impact))
        .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.html.slice(0, 120)).join(' | '))""")
    assert violations == []


def test_report_button_downloads_the_published_numbers(page, system):
    open_dashboard(page, system["server"], f"?page=prefecture&pref={TOTTORI}")
    with page.expect_download() as download:
        page.locator(".report-xlsx button").click()
    workbook = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    sheet = workbook["主要指標"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    header = rows[0]
    table = {row[0]: dict(zip(header, row, strict=False)) for row in rows[1:] if row[0] is not None}
    with duckdb.connect(str(system["published"]), read_only=True) as con:
        names = dict(con.sql("select name_ja, code from indicator_catalog").fetchall())
        cursor = con.execute("select * from mart_prefecture_quarter where prefecture_code = ? and period = ?",
                             [TOTTORI, "FY2025Q3"])
        mart = dict(zip([c[0] for c in cursor.description], cursor.fetchone(), strict=True))
    compared = 0
    for name, row in table.items():
        if name in names and isinstance(row["当期値"], int | float):
            assert row["当期値"] == pytest.approx(mart[names[name]], rel=1e-12), name
            compared += 1
    assert compared >= 10
    # by hand: Σ kayoi / Σ 65+ over the 19 municipalities (the same rows each quarter)
    population = sum(POPULATION.values()) + sum(3_000 + 100 * i for i in range(4, 19))
    kayoi = 60_000 // 20 + sum(KAYOI.values()) + sum((3_000 + 100 * i) // 20 for i in range(4, 19))
    assert (population, kayoi) == (216_500, 12_175)
    assert table["通いの場参加率"]["当期値"] == pytest.approx(kayoi / population)
    assert table["タウンミーティング等開催回数"]["当期値"] == 2 * 19


def test_stage_timeline_projection_and_outlook(page, system):
    open_dashboard(page, system["server"], f"?page=prefecture&pref={SHIMANE}")
    outlook = page.locator(".stage-outlook")
    expect(outlook).to_contain_text("段階1は2025年度第3四半期に到達（予定より2四半期遅れ）")
    expect(outlook).to_contain_text("このペースでは段階3到達は2026年度第3四半期（予定より2四半期遅れ）")
    table = page.locator(".projection-table tbody tr")
    expect(table).to_have_count(4)
    expect(table.nth(3)).to_contain_text("2027年度第1四半期")
    # the timeline runs on to the last projected quarter; dashed from L (stage 1) through the projected stages
    data = document_data(page)
    assert "FY2027Q1" in data and "FY2026Q3" in data
    screenshot(page, "prefecture_projection_shimane")
    assert page.console_errors == []


MODEL_SERIES = """() => {
    const found = {};
    for (const doc of Bokeh.documents) for (const model of doc.all_models) {
        const data = model.data;
        if (model.type === "ColumnDataSource" && data && data.label && data.engagements && data.label.length) {
            found[data.label[0]] = [Array.from(data.period), Array.from(data.engagements)];
        }
    }
    return found;
}"""


def test_four_model_chart(page, system):
    open_dashboard(page, system["server"], f"?page=prefecture&pref={TOTTORI}")
    block = page.locator(".model-types")
    block.scroll_into_view_if_needed()
    expect(block.locator(".bk-tab", has_text="表")).to_be_visible()
    # no roster before FY2025Q3: one point per model type. ①-1: 鳥取市 and 米子市; ②: 倉吉市; ①-2, ①-3: none
    assert page.evaluate(MODEL_SERIES) == {
        "①-1 市場拡大": [["FY2025Q3"], [2]], "①-2 地域活性化": [["FY2025Q3"], [0]],
        "①-3 新規事業立ち上げ": [["FY2025Q3"], [0]], "② 専門職介入": [["FY2025Q3"], [1]]}
    screenshot(page, "prefecture_model_types")


def test_overview_projected_lateness(page, system):
    open_dashboard(page, system["server"], "?page=overview")
    rows = page.locator(".lateness-table .tabulator-row")
    expect(rows).to_have_count(2)  # 鳥取 is on schedule; the other 44 prefectures have no stage
    expect(rows.nth(0)).to_contain_text("岡山県")
    expect(rows.nth(0)).to_contain_text("2026年度第1四半期")  # stage 1 projected, scheduled FY2025Q1
    expect(rows.nth(0).locator("[tabulator-field=quarters_late]")).to_have_text("4")
    expect(rows.nth(1)).to_contain_text("島根県")
    expect(rows.nth(1)).to_contain_text("2025年度第3四半期")  # stage 1 reached, scheduled FY2025Q1
    expect(rows.nth(1).locator("[tabulator-field=quarters_late]")).to_have_text("2")
    screenshot(page, "overview_lateness")
    rows.nth(0).locator("a", has_text="岡山県").click()
    page.wait_for_url(f"**pref={OKAYAMA}**")
    expect(page.locator(".stage-outlook")).to_contain_text(
        "このペースでは段階1到達は2026年度第1四半期（予定より4四半期遅れ）")
