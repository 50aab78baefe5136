"""Short tables as one HTML table: the texts the Tabulator would show, sort keys, verdict colours, refills."""

from __future__ import annotations

from datetime import datetime

import polars as pl
from bokeh.document import Document
from panel.io.state import set_curdoc

from dashboards.catalog import Catalog
from dashboards.components.html_table import HtmlTable, table_content
from dashboards.components.tables import TableBlock

NO_CATALOG = Catalog(pl.DataFrame())


def test_cells_read_as_the_tabulator_formats_them_and_sort_by_their_values():
    frame = pl.DataFrame({
        "name": ["札幌市", "函館市", None],
        "rate": [0.1234, None, 0.5],
        "engagements": [1234, 7, None],
        "amount": [1234.5, 2.0, 0.25],
        "year": [2025, 2026, 2027],
        "reported": [True, False, None],
        "received": [datetime(2026, 10, 28, 16, 25), None, datetime(2027, 1, 5, 9, 3)],
    })
    content = table_content(frame, NO_CATALOG, "ja", titles={"name": "市区町村", "rate": "割合"},
                            units={"rate": "ratio", "engagements": "engagements", "amount": "yen"})
    assert [(c["field"], c["title"], c["align"]) for c in content["columns"]] == [
        ("name", "市区町村", "left"), ("rate", "割合", "right"), ("engagements", "engagements", "right"),
        ("amount", "amount", "right"), ("year", "year", "right"), ("reported", "reported", "left"),
        ("received", "received", "left")]
    texts = [[cell[0] for cell in row] for row in content["rows"]]
    assert texts == [
        ["札幌市", "12.3%", "1,234", "1,234.5", "2025", "はい", "2026年10月28日 16:25"],
        ["函館市", "―", "7", "2", "2026", "いいえ", "―"],
        ["", "50.0%", "―", "0.25", "2027", "", "2027年1月5日 09:03"]  # a missing yes/no: blank, as Tabulator's lookup,
    ]
    keys = [[cell[1] for cell in row] for row in content["rows"]]
    assert keys[0] == ["札幌市", 0.1234, 1234, 1234.5, 2025, True, "2026-10-28T16:25:00"]
    assert keys[1][1] is None and keys[2][2] is None  # gaps sort last in the browser
    assert table_content(frame, NO_CATALOG, "en", units={"rate": "ratio"})["rows"][0][5][0] == "yes"


def test_hidden_columns_sort_keys_alignment_and_the_verdicts_colour():
    frame = pl.DataFrame({"indicator": ["完了率", "参画件数"], "value_text": ["88.2%", "1,855件"],
                          "vs_national": ["全国より高い", "比較対象外"], "verdict": ["better", "none"],
                          "value": [88.2, 1855.0]})
    content = table_content(frame, NO_CATALOG, "ja", hidden_columns=["verdict", "value"],
                            text_align={"value_text": "right"}, sort_by={"value_text": "value"})
    assert [(c["field"], c["align"]) for c in content["columns"]] == [
        ("indicator", "left"), ("value_text", "right"), ("vs_national", "left")]
    assert content["rows"][1] == [["参画件数", "参画件数", ""], ["1,855件", 1855.0, ""],
                                  ["比較対象外", "比較対象外", "color: #595959; font-weight: bold"]]
    assert content["rows"][0][2][2] == "color: #005A8C; font-weight: bold"


def test_an_html_table_block_is_one_component_refilled_in_place():
    rows = pl.DataFrame({"stage": ["段階1"], "quarters_late": [2]})
    doc = Document()
    with set_curdoc(doc):
        block = TableBlock(rows, "stage_projection_32", NO_CATALOG, "ja", html=True, sheet="島根県 到達見込み",
                           css_classes=["projection-table"])
        doc.add_root(block.layout.get_root(doc))
        grid = block.grid
        assert isinstance(grid, HtmlTable) and grid.caption == "島根県 到達見込み"
        assert grid.css_classes == ["projection-table"]
        assert [type(model).__name__ for model in doc.models].count("ReactiveESM") == 1
        assert not any(type(model).__name__ == "TableColumn" for model in doc.models)
        block.update(pl.DataFrame({"stage": ["段階1", "段階2"], "quarters_late": [3, 11]}), "stage_projection_27",
                     sheet="大阪府 到達見込み")
    assert block.grid is grid
    assert grid.caption == "大阪府 到達見込み"
    assert [[cell[0] for cell in row] for row in grid.rows] == [["段階1", "3"], ["段階2", "11"]]
    assert [button.filename for button in block.buttons] == ["stage_projection_27.csv", "stage_projection_27.xlsx"]
