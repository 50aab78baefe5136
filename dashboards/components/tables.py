"""Read-only tables (Tabulator) in the UI language, with their downloads, refilled in place."""

from __future__ import annotations

import pandas as pd
import panel as pn
import polars as pl

from dashboards.catalog import Catalog
from dashboards.components.batching import update_table
from dashboards.components.columns import column_headers, displayable
from dashboards.components.exports import downloads, export_frame
from dashboards.components.html_table import HtmlTable, table_content
from dashboards.formatting import VERDICT_STYLES

# Tabulator's own words (pager, filters) in the UI language
TABULATOR_LANGS = {
    "ja": {"pagination": {"first": "最初", "first_title": "最初のページ", "last": "最後", "last_title": "最後のページ",
                          "prev": "前へ", "prev_title": "前のページ", "next": "次へ", "next_title": "次のページ",
                          "all": "すべて", "page_size": "表示件数", "page_title": "ページ",
                          "counter": {"showing": "表示", "of": "/", "rows": "行", "pages": "ページ"}},
           "headerFilters": {"default": "絞り込み…"}, "data": {"loading": "読み込み中", "error": "エラー"}},
    "en": {"pagination": {"first": "First", "first_title": "First page", "last": "Last", "last_title": "Last page",
                          "prev": "Previous", "prev_title": "Previous page", "next": "Next", "next_title": "Next page",
                          "all": "All", "page_size": "Rows per page", "page_title": "Page"},
           "headerFilters": {"default": "Filter…"}},
}


def no_editors(frame: pl.DataFrame) -> dict[str, None]:
    """No column has an editor: Tabulator makes every cell of an editable column a Tab stop (in a read-only
    table), and Tab onto a cell that scrolls out of the page's rows dropped the focus to <body>."""
    return dict.fromkeys(frame.columns)


def verdict_colours(frame: pd.DataFrame) -> pd.DataFrame:
    """The CSS of every cell: the comparison with the nation in its verdict's colour, bold; other cells plain.
    One pass over the frame (a row-by-row style took 45 ms of each refill of a 60-row table)."""
    styles = pd.DataFrame("", index=frame.index, columns=frame.columns)
    if "vs_national" in frame.columns:
        styles["vs_national"] = frame["verdict"].map(VERDICT_STYLES).fillna("")
    return styles


def table(frame: pl.DataFrame, catalog: Catalog, lang: str, titles: dict[str, str] | None = None,
          units: dict[str, str | None] | None = None, height: int = 360, **kwargs) -> pn.widgets.Tabulator:
    """Read-only Tabulator: catalog names as headers, numbers formatted by unit (ratios as %), pager and filters
    in the UI language, each filter box labelled by its column, comparisons coloured by their verdict."""
    labels, formatters = column_headers(frame, catalog, lang, titles, units, kwargs.pop("formatters", None))
    filters = {}
    for column, spec in (kwargs.pop("header_filters", None) or {}).items():
        title = labels.get(column, column)
        filters[column] = {**spec, "placeholder": f"{title}で絞り込み" if lang == "ja" else f"Filter {title}"}
    grid = pn.widgets.Tabulator(
        displayable(frame, lang), titles=labels, formatters=formatters, disabled=True, show_index=False,
        pagination="local", page_size=kwargs.pop("page_size", 15), height=height, sizing_mode="stretch_width",
        layout="fit_data_table", header_filters=filters or None,
        configuration={"locale": lang, "langs": {lang: TABULATOR_LANGS[lang]}}, editors=no_editors(frame), **kwargs,
    )
    if "verdict" in frame.columns:
        grid.style.apply(verdict_colours, axis=None)
    return grid


def plain_table(frame: pl.DataFrame, css: str, lang: str, **options) -> pn.widgets.Tabulator:
    """A read-only Tabulator of a frame as it is (headers and values already in words), pager in the UI language."""
    return pn.widgets.Tabulator(
        frame.to_pandas(), disabled=True, show_index=False, layout="fit_data_stretch", css_classes=[css],
        configuration={"locale": lang, "langs": {lang: TABULATOR_LANGS[lang]}}, **options
    )


def table_with_downloads(frame: pl.DataFrame, name: str, catalog: Catalog, lang: str, sheet: str | None = None,
                         **kwargs) -> pn.Column:
    exported = export_frame(frame, catalog, lang, kwargs.get("titles"), kwargs.get("units"),
                            tuple(kwargs.get("hidden_columns", ())))
    return pn.Column(table(frame, catalog, lang, **kwargs),
                     downloads(lambda: exported, name, lang, lambda: sheet or name), sizing_mode="stretch_width")


class TableBlock:
    """A read-only table and its downloads, refilled in place (`update`); the downloads always give the current
    frame. The table and its buttons are made when first asked for (`layout`, `grid`, `buttons`): a Tabulator
    costs ~25 ms to make even before it is drawn, and the table behind a chart is only needed once its 表 tab
    is opened. Until then an update only keeps the frame the table will be made with.

    `html=True` draws a short table as one HTML table (`html_table`; ~3 ms instead of ~35 ms, one model instead
    of ~30): sortable, no pager or filters; its options are `hidden_columns`, `text_align`, `sort_by` and
    `css_classes`."""

    def __init__(self, frame: pl.DataFrame, name: str, catalog: Catalog, lang: str,
                 titles: dict[str, str] | None = None, units: dict[str, str | None] | None = None,
                 context: dict[str, str] | None = None, export_drop: tuple[str, ...] = (),
                 sheet: str | None = None, html: bool = False, **kwargs):
        self.catalog, self.lang, self.sheet, self.html = catalog, lang, sheet, html
        self._titles, self._units, self._kwargs = titles, units, kwargs
        self.context = context
        self._export_drop = tuple(export_drop) or tuple(kwargs.get("hidden_columns", ()))
        self.frame, self._name = frame, name
        self._layout: pn.Column | None = None

    @property
    def layout(self) -> pn.Column:
        if self._layout is None:
            if self.html:
                grid = HtmlTable(**self._html_content(self.frame), caption=self.sheet or self._name,
                                 css_classes=self._kwargs.get("css_classes", []), sizing_mode="stretch_width")
            else:
                grid = table(self.frame, self.catalog, self.lang, titles=self._titles, units=self._units,
                             **dict(self._kwargs))
            buttons = downloads(self.exported, self._name, self.lang, lambda: self.sheet or self._name)
            self._layout = pn.Column(grid, buttons, sizing_mode="stretch_width")
        return self._layout

    @property
    def grid(self) -> pn.widgets.Tabulator | HtmlTable:
        return self.layout[0]

    def _html_content(self, frame: pl.DataFrame, titles: dict[str, str] | None = None,
                      units: dict[str, str | None] | None = None) -> dict:
        return table_content(frame, self.catalog, self.lang, titles or self._titles, units or self._units,
                             **{key: self._kwargs[key] for key in ("hidden_columns", "text_align", "sort_by")
                                if key in self._kwargs})

    @property
    def buttons(self) -> pn.FlexBox:
        return self.layout[1]

    def exported(self) -> pl.DataFrame:
        return export_frame(self.frame, self.catalog, self.lang, self._titles, self._units, self._export_drop,
                            self.context)

    def update(self, frame: pl.DataFrame, name: str, titles: dict[str, str] | None = None,
               units: dict[str, str | None] | None = None, context: dict[str, str] | None = None,
               sheet: str | None = None) -> None:
        # a view refreshed right after it was made with the same state: the grid already shows these rows (the
        # frames are memoized per snapshot, so the same rows are the same object); refilling it costs 5-10 ms
        shown = frame is self.frame and name == self._name and titles in (None, self._titles) \
            and units in (None, self._units)
        self.frame, self._name = frame, name
        if sheet is not None:
            self.sheet = sheet
        if context is not None:
            self.context = context
        if titles is not None:
            self._titles = titles
        if units is not None:
            self._units = units
        if self._layout is None or shown:
            return
        for button, suffix in zip(self.buttons, ("csv", "xlsx"), strict=True):
            button.filename = f"{name}.{suffix}"
        self.show_rows(frame)

    def show_rows(self, frame: pl.DataFrame, titles: dict[str, str] | None = None,
                  units: dict[str, str | None] | None = None) -> None:
        """Put rows in the grid (e.g. a search's subset) without changing what the downloads give."""
        if self.html:
            self.grid.param.update(**self._html_content(frame, titles, units), caption=self.sheet or self._name)
            return
        labels, formatters = column_headers(frame, self.catalog, self.lang, titles or self._titles,
                                            units or self._units, self._kwargs.get("formatters"))
        changes = {}
        if labels != self.grid.titles:
            changes["titles"] = labels
        if formatters != self.grid.formatters:
            changes["formatters"] = formatters
        if set(frame.columns) - set(self.grid.editors):
            changes["editors"] = no_editors(frame)
        update_table(self.grid, displayable(frame, self.lang), **changes)
