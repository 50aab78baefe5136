"""A chart and its table alternative (with downloads of the chart's data), as two tabs."""

from __future__ import annotations

from collections.abc import Callable

import panel as pn
import polars as pl
from panel.viewable import Viewable

from dashboards.catalog import Catalog
from dashboards.components.batching import batched, set_objects
from dashboards.components.tables import TableBlock
from dashboards.texts import t


class ChartTable:
    """A chart and its table alternative as two tabs; the table joins the page when its tab is first opened.

    Few 表 tabs are ever opened, and a table with its downloads is ~25 ms to make and ~21 Bokeh models to draw
    (seven of the prefecture profile's eleven tables are chart alternatives). The tables (`TableBlock`) keep
    the current frame until then and are made on that opening (`table_tab` makes the tab's content), so the
    tab shows the current rows. The empty tab is shown first and the table added in the next message, as the
    shell does with pages: Panel's dynamic tabs made the table in the message that showed it, and its columns
    were measured for an empty box (periods cut to 「2025年度」). The tab not shown is hidden with `display: none`
    (Panel's `visible`): Bokeh's tabs only make it `visibility: hidden`, which leaves a table's rows and
    download buttons in the keyboard's Tab order and in what screen readers read."""

    def __init__(self, chart, tables: list[TableBlock], lang: str, table_tab: Callable[[], Viewable] | None = None):
        self.tables = tables
        self._table_tab = table_tab or (lambda: tables[0].layout)
        self._table_box = pn.Column(sizing_mode="stretch_width")
        self._panes = (chart, self._table_box)
        self.tabs = pn.Tabs((t("chart", lang), chart), (t("table", lang), self._table_box),
                            sizing_mode="stretch_width")
        self._show_active()
        self.tabs.param.watch(self._show_active, "active")

    def _show_active(self, *_) -> None:
        for index, pane in enumerate(self._panes):
            pane.visible = index == self.tabs.active
        if self.tabs.active == 1 and not self._table_box.objects:
            pn.state.execute(self._add_table, schedule=True)

    def _add_table(self) -> None:
        with batched():
            set_objects(self._table_box, [self._table_tab()])


def chart_table(fig, frame: pl.DataFrame, name: str, catalog: Catalog, lang: str, **kwargs) -> ChartTable:
    """A Bokeh figure and its table (with downloads of the chart's data)."""
    return ChartTable(pn.pane.Bokeh(fig, sizing_mode="stretch_width"),
                      [TableBlock(frame, name, catalog, lang, **kwargs)], lang)
