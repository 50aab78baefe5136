"""A chart and its table alternative (with downloads of the chart's data), as two tabs."""

from __future__ import annotations

import panel as pn
import polars as pl

from dashboards.catalog import Catalog
from dashboards.components.tables import TableBlock
from dashboards.texts import t


class ChartTable:
    """A chart and its table alternative as two tabs, both made at once.

    The tables are made with the tabs, not when their tab is first opened: a table made on that click did not
    reach the browser on the overview and the prefecture profile (the server made it and sent nothing), so
    the table alternative of every chart there stayed empty. The tab not shown is hidden with `display: none`
    (Panel's `visible`): Bokeh's tabs only make it `visibility: hidden`, which leaves a table's rows and
    download buttons in the keyboard's Tab order and in what screen readers read."""

    def __init__(self, chart, tables: list[TableBlock], lang: str, table_tab=None):
        self.tables = tables
        self._panes = (chart, table_tab if table_tab is not None else tables[0].layout)
        self.tabs = pn.Tabs((t("chart", lang), self._panes[0]), (t("table", lang), self._panes[1]),
                            sizing_mode="stretch_width")
        self._show_active()
        self.tabs.param.watch(self._show_active, "active")

    def _show_active(self, *_) -> None:
        for index, pane in enumerate(self._panes):
            pane.visible = index == self.tabs.active


def chart_table(fig, frame: pl.DataFrame, name: str, catalog: Catalog, lang: str, **kwargs) -> ChartTable:
    """A Bokeh figure and its table (with downloads of the chart's data)."""
    return ChartTable(pn.pane.Bokeh(fig, sizing_mode="stretch_width"),
                      [TableBlock(frame, name, catalog, lang, **kwargs)], lang)
