"""What the dashboards' downloads hold, opened as an analyst opens them (CSV and xlsx), and what the charts of
the prefecture profile draw: on a snapshot published by the real pipeline from the fixture's raw rows."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import duckdb
import openpyxl
import panel as pn
import pytest
from app_session import build_session
from published_fixture import build_warehouse, publish

from dashboards.shell import Shell

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# a column name such as period, prefecture_code or supply_engagements
CODE_LIKE = re.compile(r"^[a-z][a-z0-9_]*$|[a-z]+_[a-z]+")
# text that is a number (with a unit) instead of a number: '62市区町村', '46.2%', '3件'
NUMBER_AS_TEXT = re.compile(r"-?[\d,]+(\.\d+)?\s?(%|件|回|人|市区町村|主体|種別|千円|段階|四半期)?")
LABELS_Q1_Q2 = ["2025年度第1四半期（4〜6月）", "2025年度第2四半期（7〜9月）"]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_warehouse(tmp_path_factory.mktemp("export_warehouse"))


@pytest.fixture
def snapshot(warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KYOSO_DATA_DIR", str(tmp_path))
    return publish(warehouse, tmp_path)


def opened(button: pn.widgets.FileDownload) -> tuple[list[str], list[list[str]]] | tuple[str, list[tuple]]:
    """CSV: (header, rows as text); xlsx: (sheet name, rows as cell values, header first)."""
    raw = button.callback().getvalue()
    if button.filename.endswith(".csv"):
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8"))))
        return rows[0], rows[1:]
    book = openpyxl.load_workbook(io.BytesIO(raw))
    sheet = book.worksheets[0]
    return sheet.title, [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def table_downloads(shell: Shell) -> list[tuple[pn.widgets.FileDownload, pn.widgets.FileDownload]]:
    for tabs in pn.panel(shell).select(pn.Tabs):
        tabs.active = len(tabs) - 1  # a chart's table (and its downloads) joins the page when its 表 tab opens
    found = pn.panel(shell).select(pn.widgets.FileDownload)
    csvs = [b for b in found if "download-csv" in b.css_classes]
    xlsxs = [b for b in found if "download-xlsx" in b.css_classes]
    assert len(csvs) == len(xlsxs)
    return list(zip(csvs, xlsxs, strict=True))


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("page", ["overview", "prefecture", "municipalities", "submissions", "definitions"])
def test_every_download_has_headers_and_sheet_in_the_ui_language(snapshot, page, lang):
    _, shell = build_session(page, lang=lang, pref="13", period="FY2025Q1", indicator="partnership_program_rate")
    pairs = table_downloads(shell)
    assert len(pairs) >= {"prefecture": 8, "overview": 3}.get(page, 1)
    for csv_button, xlsx_button in pairs:
        header, rows = opened(csv_button)
        sheet, cells = opened(xlsx_button)
        assert list(cells[0]) == header, csv_button.filename
        assert len(cells) == len(rows) + 1
        assert [h for h in header if CODE_LIKE.search(h)] == [], (csv_button.filename, header)
        assert len(sheet) <= 31 and not CODE_LIKE.search(sheet), sheet
        if lang == "en":
            assert [h for h in header if JAPANESE.search(h)] == [], (csv_button.filename, header)
            assert not JAPANESE.search(sheet), sheet
        else:
            assert JAPANESE.search(sheet), sheet
        # numbers are numbers: no cell holds a number as text (codes and IDs are text on purpose)
        for number, title in enumerate(header):
            if re.search(r"コード|Code|ID|No\.", title):
                continue
            if page == "definitions" and title in ("目標", "Target"):
                continue  # each indicator's target in its own unit: a description, one unit per row
            as_text = [row[number] for row in cells[1:] if isinstance(row[number], str)
                       and NUMBER_AS_TEXT.fullmatch(row[number])]
            assert as_text == [], (csv_button.filename, title, as_text[:3])


def test_trend_download_names_indicator_and_periods_with_values_as_numbers(snapshot):
    with duckdb.connect(str(snapshot), read_only=True) as con:
        name = con.execute("SELECT name_ja FROM indicator_catalog WHERE code = ?",
                           ["partnership_program_rate"]).fetchone()[0]
        tokyo = dict(con.execute("""SELECT period, partnership_program_rate FROM mart_prefecture_quarter
            WHERE prefecture_code = '13'""").fetchall())
        nation = dict(con.execute("SELECT period, partnership_program_rate FROM mart_national_quarter").fetchall())
    _, shell = build_session("prefecture", lang="ja", pref="13", period="FY2025Q1",
                             indicator="partnership_program_rate")
    trend = next(pair for pair in table_downloads(shell) if pair[0].filename.startswith("trend_13_"))
    header, _ = opened(trend[0])
    sheet, cells = opened(trend[1])
    assert header == ["指標", "期間", "東京都（%）", "全国（%）"]
    assert sheet == f"東京都 {name}" or (len(sheet) == 31 and f"東京都 {name}".startswith(sheet[:-1]))
    assert [row[0] for row in cells[1:]] == [name, name]
    assert [row[1] for row in cells[1:]] == LABELS_Q1_Q2
    for row, period in zip(cells[1:], ["FY2025Q1", "FY2025Q2"], strict=True):
        for got, want in ((row[2], tokyo.get(period)), (row[3], nation.get(period))):
            if want is None:
                assert got is None
            else:
                assert isinstance(got, int | float) and got == pytest.approx(want * 100)


def test_english_ranking_download_has_indicator_and_period_columns(snapshot):
    _, shell = build_session("overview", lang="en", period="FY2025Q1", indicator="town_meetings")
    ranking = next(pair for pair in table_downloads(shell) if "Rank" in opened(pair[0])[0])
    header, rows = opened(ranking[0])
    sheet, _ = opened(ranking[1])
    assert header[:2] == ["Indicator", "Period"]
    assert {row[1] for row in rows} == {"FY2025 Q1 (Apr–Jun)"}
    assert sheet.endswith("FY2025 Q1") and len(sheet) <= 31
    assert any(title.endswith("(meetings)") for title in header), header


def test_submission_history_shows_japan_time_and_period_labels(snapshot):
    from dashboards.components.columns import DATETIME

    _, shell = build_session("prefecture", lang="ja", pref="13", period="FY2025Q1")
    history = next(view for view in shell._pages["prefecture"]._views if type(view).__name__ == "SubmissionHistory")
    grid = history.table.grid
    assert grid.formatters["received_at_jst"] is DATETIME["ja"]
    assert DATETIME["ja"].format == "%Y年%-m月%-d日 %H:%M"
    # M4 arrived 2025-07-31 23:59:59 JST: the cell holds that wall-clock time (the formatter writes it)
    m4 = grid.value[grid.value["submission_id"] == "M4"].iloc[0]
    assert str(m4["received_at_jst"]) == "2025-07-31 23:59:59"
    assert m4["period"] == "2025年度第1四半期（4〜6月）"
    header, rows = opened(history.table.buttons[0])
    row = rows[[r[header.index("提出ID")] for r in rows].index("M4")]
    assert row[header.index("受信日時（JST）")] == "2025-07-31 23:59"


def test_the_23_domain_chart_draws_the_published_supply_and_unmet_demand(snapshot):
    with duckdb.connect(str(snapshot), read_only=True) as con:
        published = con.execute("""SELECT d.label_ja, q.supply_engagements, q.unmet_rate
            FROM mart_prefecture_domain_quarter q JOIN domains d ON d.code = q.domain_code
            WHERE q.prefecture_code = '13' AND q.period = 'FY2025Q1'""").fetchall()
    assert len(published) == 23
    _, shell = build_session("prefecture", lang="ja", pref="13", period="FY2025Q1")
    view = next(view for view in shell._pages["prefecture"]._views if type(view).__name__ == "DomainView")
    drawn = view.charts._source.data
    assert sorted(zip(drawn["name"], drawn["supply"], drawn["unmet"], strict=True)) == \
        sorted((name, supply or 0, unmet or 0) for name, supply, unmet in published)
    # the fixture's four engagements by hand: shopping, meals ×2, watching, care, mobility
    supply = dict(zip(drawn["name"], drawn["supply"], strict=True))
    assert sum(supply.values()) == 6 and max(supply.values()) == 2
    # largest unmet demand at the top of the bars (the last factor of the y range)
    assert list(view.charts.supply.y_range.factors) == drawn["name"]
    assert drawn["unmet"] == sorted(drawn["unmet"])
    assert view._tabs.visible and view.layout.objects[0].visible is False
