"""A chart's table alternative is made when its 表 tab is first opened, with the rows of the last update."""

from __future__ import annotations

import panel as pn
import polars as pl
from bokeh.document import Document
from bokeh.models import TableColumn
from panel.io.state import set_curdoc

from dashboards.catalog import Catalog
from dashboards.components.chart_table import ChartTable
from dashboards.components.tables import TableBlock


def test_the_table_is_made_when_its_tab_opens_with_the_rows_and_name_of_the_last_update(monkeypatch):
    made = []
    make = pn.widgets.Tabulator.__init__
    monkeypatch.setattr(pn.widgets.Tabulator, "__init__",
                        lambda grid, *args, **params: made.append(grid) or make(grid, *args, **params))
    doc = Document()
    with set_curdoc(doc):
        block = TableBlock(pl.DataFrame({"period": ["FY2025Q1"], "share": [0.25]}), "trend_13",
                           Catalog(pl.DataFrame()), "ja", titles={"period": "期間", "share": "割合"},
                           units={"share": "ratio"})
        chart = ChartTable(pn.pane.Markdown("グラフ"), [block], "ja")
        doc.add_root(chart.tabs.get_root(doc))
        block.update(pl.DataFrame({"period": ["FY2025Q1", "FY2025Q2"], "share": [0.5, 0.75]}), "trend_27")
        assert made == []
        assert [model for model in doc.models if isinstance(model, TableColumn)] == []

        chart.tabs.active = 1
        chart.tabs.active = 0
        chart.tabs.active = 1
    assert made == [block.grid]
    assert block.grid.value["share"].tolist() == [0.5, 0.75]
    assert [button.filename for button in block.buttons] == ["trend_27.csv", "trend_27.xlsx"]
    assert sorted(model.title for model in doc.models if isinstance(model, TableColumn)) == ["割合", "期間"]
    assert chart.tabs[1].objects == [block.layout] and chart.tabs[1].visible and not chart.tabs[0].visible


def test_a_tab_of_several_tables_is_made_by_its_own_function():
    frame = pl.DataFrame({"period": ["FY2025Q1"], "actors": [3]})
    blocks = [TableBlock(frame, name, Catalog(pl.DataFrame()), "ja") for name in ("composition", "diversity")]
    chart = ChartTable(pn.pane.Markdown("グラフ"), blocks, "ja",
                       table_tab=lambda: pn.Column(blocks[0].layout, pn.pane.Markdown("### 多様性"), blocks[1].layout))
    doc = Document()
    with set_curdoc(doc):
        doc.add_root(chart.tabs.get_root(doc))
        chart.tabs.active = 1
    (tab,) = chart.tabs[1].objects
    assert tab.objects[0] is blocks[0].layout and tab.objects[2] is blocks[1].layout
    assert all(block.grid._models for block in blocks)
