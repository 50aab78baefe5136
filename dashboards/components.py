"""Building blocks shared by the pages: tables with downloads, chart + table alternative, figures."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import panel as pn
import param
import polars as pl
from bokeh.models import DateFormatter, NumberFormatter
from bokeh.plotting import figure
from panel.io.document import hold
from panel.viewable import Viewer

from dashboards import data
from dashboards.formatting import VERDICT_COLOURS, Catalog, is_percent, period_label, period_short, unit_suffix
from dashboards.state import AppState, fallback_value
from dashboards.texts import t
from pipelines import export

FONT = "'Noto Sans CJK JP', 'Noto Sans JP', sans-serif"
PERCENT = NumberFormatter(format="0.0%", text_align="right", nan_format="―", null_format="―")
NUMBER = NumberFormatter(format="0,0.[00]", text_align="right", nan_format="―", null_format="―")
# whole numbers that are not quantities (row numbers, years, issue numbers): no thousands separator
PLAIN_INTEGER = NumberFormatter(format="0", text_align="right", nan_format="―", null_format="―")
# Japan wall-clock times (`displayable` makes them naive): '2026年10月28日 16:25' / '28 Oct 2026, 16:25', as
# formatting.format_datetime writes them; the cell keeps the timestamp, so the column still sorts by time.
DATETIME = {"ja": DateFormatter(format="%Y年%-m月%-d日 %H:%M", text_align="right", nan_format="―"),
            "en": DateFormatter(format="%-d %b %Y, %H:%M", text_align="right", nan_format="―")}
# yes/no as words: Tabulator's tickCross puts aria-checked on a grid cell, which screen readers misread
YES_NO = {"ja": {"type": "lookup", "true": "はい", "false": "いいえ"},
          "en": {"type": "lookup", "true": "yes", "false": "no"}}


class _Deferred:
    """Stands in for `doc.models.invalidate` during a batch: remembers that the model graph changed."""

    def __init__(self):
        self.dirty = False

    def __call__(self) -> None:
        self.dirty = True


@contextmanager
def _one_recompute(doc) -> Iterator[None]:
    """Recompute the document's model graph once at the end, and only if an update attached or detached models.

    Bokeh recomputes the whole graph (all pages a session keeps, ~50 ms) on every change of a property that
    holds models (new table columns, a tick formatter), and `freeze()` recomputes on exit even when nothing
    changed; most updates here change data, titles and visibility only. Where Panel makes new models (a page,
    a table made on first show) `attaching` lifts the deferral, as Panel needs them in the document at once."""
    models = getattr(doc, "models", None)
    if models is None or getattr(models, "_freeze_count", 1) or "invalidate" in vars(models):
        yield  # no document, or an outer batch already defers the recompute
        return
    deferred = models.invalidate = _Deferred()
    models._push_freeze()
    try:
        yield
    finally:
        del models.invalidate
        models._freeze_count -= 1
        if deferred.dirty and models._freeze_count == 0:
            models.recompute()


@contextmanager
def attaching() -> Iterator[None]:
    """Around changes that make new Panel components render (layout children, a pane's object): the models
    join the document right away, as without a batch (their stylesheets are resolved against it)."""
    models = getattr(pn.state.curdoc, "models", None)
    deferred = vars(models).get("invalidate") if models is not None else None
    if not isinstance(deferred, _Deferred):
        yield
        return
    del models.invalidate
    models._freeze_count -= 1
    if deferred.dirty and models._freeze_count == 0:
        models.recompute()
        deferred.dirty = False
    try:
        yield
    finally:
        models._freeze_count += 1
        models.invalidate = deferred


def set_objects(layout, objects: list) -> None:
    """Replace a layout's children (if they differ), letting new components join the document at once."""
    if list(layout.objects) != list(objects):
        with attaching():
            layout.objects = objects


@contextmanager
def batched() -> Iterator[None]:
    """One update of the session: its events are sent together, the model graph is recomputed at most once."""
    doc = pn.state.curdoc
    with hold(doc), _one_recompute(doc):
        yield


def catalog_of(snap: data.Snapshot) -> Catalog:
    """The snapshot's indicator catalog, read once per snapshot (shared by every session)."""
    return snap.memo(("Catalog",), lambda: Catalog(data.catalog(snap)))


def sheet_title(name: str) -> str:
    """An xlsx sheet name (≤ 31 characters, none of []:*?/\\) that still says what the sheet holds."""
    title = re.sub(r"[\[\]:*?/\\]", "・", name).strip("'")
    if len(title) > 31:
        title = re.sub(r"\s*[（(][^）)]*[）)]$", "", title)  # drop '（7〜9月）' / '(Jul–Sep)' first
    return title if len(title) <= 31 else title[:30] + "…"


def downloads(frame: Callable[[], pl.DataFrame], name: str, lang: str,
              sheet: Callable[[], str] | None = None) -> pn.FlexBox:
    """CSV (UTF-8 with BOM) and xlsx buttons; the bytes are made on click from the frame callback. `sheet` gives
    the xlsx sheet's name in the UI language (the file name by default)."""
    sheet = sheet or (lambda: name)
    return pn.FlexBox(
        pn.widgets.FileDownload(callback=lambda: io.BytesIO(export.csv_bytes(frame())), filename=f"{name}.csv",
                                label=t("download_csv", lang), button_type="default",
                                css_classes=["download-csv"], embed=False, width=190),
        pn.widgets.FileDownload(callback=lambda: io.BytesIO(export.xlsx_bytes(frame(), sheet_title(sheet()))),
                                filename=f"{name}.xlsx", label=t("download_xlsx", lang), button_type="default",
                                css_classes=["download-xlsx"], embed=False, width=190),
        flex_wrap="wrap", margin=(4, 0),
    )


def export_frame(frame: pl.DataFrame, catalog: Catalog, lang: str, titles: dict[str, str] | None = None,
                 units: dict[str, str | None] | None = None, drop: tuple[str, ...] = (),
                 context: dict[str, str] | None = None) -> pl.DataFrame:
    """What a download holds: the table's headers in the UI language with units (percentages ×100 under a
    '（%）' header), periods as labels, `context` columns (period, indicator) first, numbers as numbers."""
    labels, _ = _headers(frame, catalog, lang, titles, units)
    unit_of = {code: catalog.unit(code) for code in frame.columns if code in catalog.rows} | (units or {})
    columns, taken = [pl.lit(value).alias(title) for title, value in (context or {}).items()], set(context or {})
    for name, dtype in frame.schema.items():
        if name in drop:
            continue
        title, column, unit = labels.get(name) or name, pl.col(name), unit_of.get(name)
        if name == "period" and dtype == pl.String:
            column = column.map_elements(lambda p: period_label(p, lang), return_dtype=pl.String)
        elif isinstance(dtype, pl.Datetime):  # Japan time to the minute, as on screen; Excel reads it as a date
            column = displayable_time(column, dtype).dt.strftime("%Y-%m-%d %H:%M")
        if dtype.is_numeric() and is_percent(unit):
            column, title = column * 100, f"{title}（%）" if lang == "ja" else f"{title} (%)"
        elif dtype.is_numeric() and unit_suffix(unit, lang).strip():
            suffix = unit_suffix(unit, lang).strip()
            title = f"{title}（{suffix}）" if lang == "ja" else f"{title} ({suffix})"
        if title in taken:
            title = f"{title} [{name}]"
        taken.add(title)
        columns.append(column.alias(title))
    return frame.select(columns)


def indicator_export(catalog: Catalog, code: str, period: str, lang: str) -> dict:
    """A one-indicator download (TableBlock arguments): the indicator and period as columns, both in the sheet's
    name."""
    name = catalog.name(code, lang)
    return {"context": {t("indicator", lang): name, t("period", lang): period_label(period, lang)},
            "sheet": f"{name} {period_short(period, lang)}"}


def displayable_time(column: pl.Expr, dtype: pl.Datetime) -> pl.Expr:
    """A zoned timestamp as Japan wall-clock time (naive); naive timestamps already are (the marts' *_jst)."""
    return column.dt.convert_time_zone("Asia/Tokyo").dt.replace_time_zone(None) if dtype.time_zone else column


def displayable(frame: pl.DataFrame, lang: str):
    """pandas for Tabulator; zoned timestamps become Japan wall-clock time (Tabulator would show UTC), period
    codes their labels ('2026年度第2四半期（7〜9月）', which sort as the codes do)."""
    periods = [pl.col("period").map_elements(lambda p: period_label(p, lang), return_dtype=pl.String)] \
        if frame.schema.get("period") == pl.String else []
    return frame.with_columns(
        *(displayable_time(pl.col(name), dtype) for name, dtype in frame.schema.items()
          if isinstance(dtype, pl.Datetime) and dtype.time_zone), *periods
    ).to_pandas()


# headers of the key columns many tables share, unless a table names them itself
COMMON_TITLES = {"period": "period", "prefecture_code": "code", "prefecture_name": "prefecture",
                 "prefecture_name_en": "prefecture"}


def _headers(frame: pl.DataFrame, catalog: Catalog, lang: str, titles: dict[str, str] | None = None,
             units: dict[str, str | None] | None = None, formatters: dict | None = None) -> tuple[dict, dict]:
    """Column titles (catalog names, then `titles`) and number formatters by unit (ratios as %)."""
    labels = {code: t(key, lang) for code, key in COMMON_TITLES.items() if code in frame.columns}
    labels.update({code: catalog.name(code, lang) for code in frame.columns if code in catalog.rows})
    labels.update(titles or {})
    unit_of = {code: catalog.unit(code) for code in frame.columns if code in catalog.rows} | (units or {})
    chosen = {}
    for code, dtype in frame.schema.items():
        if dtype == pl.Boolean:
            chosen[code] = YES_NO[lang]
        elif isinstance(dtype, pl.Datetime):
            chosen[code] = DATETIME[lang]
        elif is_percent(unit_of.get(code)):
            chosen[code] = PERCENT
        elif dtype.is_float() or (dtype.is_integer() and (code in unit_of or code.endswith("_count"))):
            chosen[code] = NUMBER
        elif dtype.is_integer():
            chosen[code] = PLAIN_INTEGER
    chosen.update(formatters or {})
    return labels, chosen


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


def _verdict_colours(row) -> list[str]:
    colour = VERDICT_COLOURS.get(row.get("verdict"), "")
    return [f"color: {colour}; font-weight: bold" if column == "vs_national" and colour else "" for column in row.index]


def table(frame: pl.DataFrame, catalog: Catalog, lang: str, titles: dict[str, str] | None = None,
          units: dict[str, str | None] | None = None, height: int = 360, **kwargs) -> pn.widgets.Tabulator:
    """Read-only Tabulator: catalog names as headers, numbers formatted by unit (ratios as %), pager and filters
    in the UI language, each filter box labelled by its column, comparisons coloured by their verdict."""
    labels, formatters = _headers(frame, catalog, lang, titles, units, kwargs.pop("formatters", None))
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
        grid.style.apply(_verdict_colours, axis=1)
    return grid


def table_with_downloads(frame: pl.DataFrame, name: str, catalog: Catalog, lang: str, sheet: str | None = None,
                         **kwargs) -> pn.Column:
    exported = export_frame(frame, catalog, lang, kwargs.get("titles"), kwargs.get("units"),
                            tuple(kwargs.get("hidden_columns", ())))
    return pn.Column(table(frame, catalog, lang, **kwargs),
                     downloads(lambda: exported, name, lang, lambda: sheet or name), sizing_mode="stretch_width")


def chart_with_table(fig, frame: pl.DataFrame, name: str, catalog: Catalog, lang: str, **kwargs) -> pn.Tabs:
    """A chart and its table alternative (with downloads of the chart's data)."""
    return pn.Tabs(
        (t("chart", lang), pn.pane.Bokeh(fig, sizing_mode="stretch_width")),
        (t("table", lang), table_with_downloads(frame, name, catalog, lang, **kwargs)),
        sizing_mode="stretch_width", dynamic=True,
    )


def new_figure(title: str, height: int = 320, **kwargs):
    """A bokeh figure with Japanese fonts and quiet styling."""
    fig = figure(title=title, height=height, sizing_mode="stretch_width", toolbar_location=None, **kwargs)
    fig.title.text_font = FONT
    fig.title.text_font_size = "14px"
    for axis in (*fig.xaxis, *fig.yaxis):
        axis.major_label_text_font = FONT
        axis.axis_label_text_font = FONT
        axis.major_label_text_font_size = "12px"
    fig.outline_line_color = None
    fig.grid.grid_line_alpha = 0.4
    return fig


def style_legend(fig, location: str = "below") -> None:
    """Japanese font; 'below' puts a horizontal legend under the plot so it never hides data."""
    fig.legend.label_text_font = FONT
    fig.legend.label_text_font_size = "12px"
    fig.legend.background_fill_alpha = 0.8
    if location == "below":
        fig.legend.orientation = "horizontal"
        fig.add_layout(fig.legend[0], "below")
    else:
        fig.legend.location = location


def wrapping(*objects, css_class: str = "filters") -> pn.FlexBox:
    """A row that wraps onto the next line on a narrow screen (selectors, side-by-side charts)."""
    return pn.FlexBox(*objects, flex_wrap="wrap", sizing_mode="stretch_width", css_classes=[css_class])


def heading(text: str, level: int = 2) -> pn.pane.HTML:
    return pn.pane.HTML(f"<h{level} class='section-heading'>{html.escape(text)}</h{level}>",
                        sizing_mode="stretch_width", margin=(12, 5, 0, 5))


def note(text: str) -> pn.pane.HTML:
    return pn.pane.HTML(f"<p class='note'>{html.escape(text)}</p>", sizing_mode="stretch_width", margin=(0, 5))


class TableBlock:
    """A read-only table and its downloads, made once and refilled in place (`update`).

    A `lazy` block (the table tab behind a chart) makes its widgets only when first shown, and while hidden
    (`shown` False) a refill waits until it is shown again; the downloads always give the current frame."""

    def __init__(self, frame: pl.DataFrame, name: str, catalog: Catalog, lang: str,
                 titles: dict[str, str] | None = None, units: dict[str, str | None] | None = None,
                 lazy: bool = False, context: dict[str, str] | None = None, export_drop: tuple[str, ...] = (),
                 sheet: str | None = None, **kwargs):
        self.catalog, self.lang, self.sheet = catalog, lang, sheet
        self._titles, self._units, self._kwargs = titles, units, kwargs
        self.context = context
        self._export_drop = tuple(export_drop) or tuple(kwargs.get("hidden_columns", ()))
        self.frame, self._name, self._pending = frame, name, (frame, titles, units)
        self.grid = self.buttons = None
        self.layout = pn.Column(sizing_mode="stretch_width")
        self.shown = not lazy
        if not lazy:
            self.flush()

    def exported(self) -> pl.DataFrame:
        return export_frame(self.frame, self.catalog, self.lang, self._titles, self._units, self._export_drop,
                            self.context)

    def update(self, frame: pl.DataFrame, name: str, titles: dict[str, str] | None = None,
               units: dict[str, str | None] | None = None, context: dict[str, str] | None = None,
               sheet: str | None = None) -> None:
        self.frame, self._name = frame, name
        if sheet is not None:
            self.sheet = sheet
        if context is not None:
            self.context = context
        if titles is not None:
            self._titles = titles
        if units is not None:
            self._units = units
        if self.buttons is not None:
            for button, suffix in zip(self.buttons, ("csv", "xlsx"), strict=True):
                button.filename = f"{name}.{suffix}"
        self._pending = (frame, self._titles if titles is None else titles, self._units if units is None else units)
        if self.shown:
            self.flush()

    def show(self, shown: bool) -> None:
        self.shown = shown
        if shown:
            self.flush()

    def flush(self) -> None:
        if self._pending is None:
            return
        frame, titles, units = self._pending
        self._pending = None
        if self.grid is None:
            self.grid = table(frame, self.catalog, self.lang, titles=titles, units=units, **dict(self._kwargs))
            self.buttons = downloads(self.exported, self._name, self.lang, lambda: self.sheet or self._name)
            set_objects(self.layout, [self.grid, self.buttons])
        else:
            self.show_rows(frame, titles, units)

    def show_rows(self, frame: pl.DataFrame, titles: dict[str, str] | None = None,
                  units: dict[str, str | None] | None = None) -> None:
        """Put rows in the grid (e.g. a search's subset) without changing what the downloads give."""
        labels, formatters = _headers(frame, self.catalog, self.lang, titles or self._titles, units or self._units,
                                      self._kwargs.get("formatters"))
        changes = {"value": displayable(frame, self.lang)}
        if labels != self.grid.titles:
            changes["titles"] = labels
        if formatters != self.grid.formatters:
            changes["formatters"] = formatters
        if set(frame.columns) - set(self.grid.editors):
            changes["editors"] = no_editors(frame)
        self.grid.param.update(**changes)


class ChartTable:
    """A chart and its table alternative as two tabs, both made at once.

    The tables are made with the tabs, not when their tab is first opened: a table made on that click did not
    reach the browser on the overview and the prefecture profile (the server made it and sent nothing), so
    the table alternative of every chart there stayed empty. The tab not shown is hidden with `display: none`
    (Panel's `visible`): Bokeh's tabs only make it `visibility: hidden`, which leaves a table's rows and
    download buttons in the keyboard's Tab order and in what screen readers read."""

    def __init__(self, chart, tables: list[TableBlock], lang: str, table_tab=None):
        self.tables = tables
        for block in tables:
            block.show(True)
        self._panes = (chart, table_tab if table_tab is not None else tables[0].layout)
        self.tabs = pn.Tabs((t("chart", lang), self._panes[0]), (t("table", lang), self._panes[1]),
                            sizing_mode="stretch_width")
        self._show_active()
        self.tabs.param.watch(self._show_active, "active")

    def _show_active(self, *_) -> None:
        for index, pane in enumerate(self._panes):
            pane.visible = index == self.tabs.active


def chart_table(fig, frame: pl.DataFrame, name: str, catalog: Catalog, lang: str, **kwargs) -> ChartTable:
    """A Bokeh figure and its table (with downloads of the chart's data), like `chart_with_table`, kept."""
    return ChartTable(pn.pane.Bokeh(fig, sizing_mode="stretch_width"),
                      [TableBlock(frame, name, catalog, lang, lazy=True, **kwargs)], lang)


class View:
    """One part of a page, made once (per language and snapshot) and updated in place.

    `depends` names the AppState parameters it shows; `refresh` calls `update` only when one of them changed
    since the last update, so a page can refresh every view on any change (or when it is shown again)."""

    depends: tuple[str, ...] = ()

    def __init__(self, state: AppState, snap: data.Snapshot):
        self.state, self.snap, self.lang = state, snap, state.lang
        self.catalog = catalog_of(snap)
        self._key = None

    def key(self) -> tuple:
        return tuple(getattr(self.state, name) for name in self.depends)

    def refresh(self) -> None:
        key = self.key()
        if key != self._key:
            self._key = key
            self.update()

    def update(self) -> None:
        raise NotImplementedError


class Page(Viewer):
    """A page: built once per session, language and snapshot; then its views are updated in place.

    Only the page on screen follows the session state (`active`, set by the shell); a hidden page catches up
    when it is shown again. One watcher per page, so rebuilding (new language) leaves nothing behind."""

    state = param.ClassSelector(class_=AppState)
    FOLLOWS = ("pref", "period", "indicator", "lang", "data_version")

    def __init__(self, **params):
        super().__init__(**params)
        self.active = True
        self._layout = pn.Column(sizing_mode="stretch_width")
        self._built = None
        self._views: list[View] = []
        self._selects: list[tuple[str, pn.widgets.Select]] = []
        self._building = False
        self._snap = None
        self.state.param.watch(self._on_state, list(self.FOLLOWS))

    def _on_state(self, *_) -> None:
        if self.active and not self._building:
            with batched():
                self.refresh()

    def add(self, view: View):
        """Register a view (refreshed with the page); returns what to lay out."""
        self._views.append(view)
        return view.layout

    def follow(self, name: str, select: pn.widgets.Select) -> pn.widgets.Select:
        """A selector of state.<name> that is set back to the state when the state changes elsewhere.

        Called in `build` before the views are made: a value the selector does not offer (a hand-edited or
        outdated link) is replaced by the default here, with a notice, so views and selector agree."""
        self._selects.append((name, select))
        self._settle(name, select)
        return select

    def _settle(self, name: str, select: pn.widgets.Select) -> None:
        """state.<name> brought into the selector's options (else the default, with a notice); the selector
        set to it. Quietly: the caller goes on to build or refresh the views with the settled state."""
        options = list(select.options.values())
        if options and getattr(self.state, name) not in options:
            quiet, self._building = self._building, True
            try:
                self.state.fall_back(name, getattr(self.state, name), fallback_value(name, options, self._snap))
            finally:
                self._building = quiet
        wanted = getattr(self.state, name)
        if select.value != wanted and wanted in options:
            select.value = wanted

    def build(self, snap: data.Snapshot) -> list:
        raise NotImplementedError

    def refresh(self) -> None:
        snap = data.snapshot()
        if snap is None:
            return
        built = (self.state.lang, self.state.data_version, snap.key)
        if built != self._built:
            self._views, self._selects, self._snap, self._building = [], [], snap, True
            try:
                set_objects(self._layout, self.build(snap))
            finally:
                self._building = False
            self._built = built
        for name, select in self._selects:
            self._settle(name, select)
        for view in self._views:
            view.refresh()

    def __panel__(self):
        if self._built is None:
            self.refresh()
        return self._layout
