"""Building blocks shared by the pages: tables with downloads, chart + table alternative, figures."""

from __future__ import annotations

import html
import io
from collections.abc import Callable

import panel as pn
import polars as pl
from bokeh.models import NumberFormatter
from bokeh.plotting import figure

from dashboards.formatting import Catalog, is_percent
from dashboards.texts import t
from pipelines import export

FONT = "'Noto Sans CJK JP', 'Noto Sans JP', sans-serif"
PERCENT = NumberFormatter(format="0.0%", text_align="right", nan_format="―", null_format="―")
NUMBER = NumberFormatter(format="0,0.[00]", text_align="right", nan_format="―", null_format="―")
# whole numbers that are not quantities (row numbers, years, issue numbers): no thousands separator
PLAIN_INTEGER = NumberFormatter(format="0", text_align="right", nan_format="―", null_format="―")
YES_NO = {"type": "tickCross", "allowEmpty": True}


def downloads(frame: Callable[[], pl.DataFrame], name: str, lang: str) -> pn.Row:
    """CSV (UTF-8 with BOM) and xlsx buttons; the bytes are made on click from the frame callback."""
    return pn.Row(
        pn.widgets.FileDownload(callback=lambda: io.BytesIO(export.csv_bytes(frame())), filename=f"{name}.csv",
                                label=t("download_csv", lang), button_type="default",
                                css_classes=["download-csv"], embed=False, width=190),
        pn.widgets.FileDownload(callback=lambda: io.BytesIO(export.xlsx_bytes(frame(), name)),
                                filename=f"{name}.xlsx", label=t("download_xlsx", lang), button_type="default",
                                css_classes=["download-xlsx"], embed=False, width=190),
        margin=(4, 0),
    )


def displayable(frame: pl.DataFrame):
    """pandas for Tabulator; zoned timestamps become Japan wall-clock time (Tabulator would show UTC)."""
    return frame.with_columns(
        pl.col(name).dt.convert_time_zone("Asia/Tokyo").dt.replace_time_zone(None)
        for name, dtype in frame.schema.items() if isinstance(dtype, pl.Datetime) and dtype.time_zone
    ).to_pandas()


def table(frame: pl.DataFrame, catalog: Catalog, lang: str, titles: dict[str, str] | None = None,
          units: dict[str, str | None] | None = None, height: int = 360, **kwargs) -> pn.widgets.Tabulator:
    """Read-only Tabulator: catalog names as headers, numbers formatted by unit (ratios as %)."""
    labels = {code: catalog.name(code, lang) for code in frame.columns if code in catalog.rows}
    labels.update(titles or {})
    unit_of = {code: catalog.unit(code) for code in frame.columns if code in catalog.rows} | (units or {})
    formatters = {}
    for code, dtype in frame.schema.items():
        if dtype == pl.Boolean:
            formatters[code] = YES_NO
        elif is_percent(unit_of.get(code)):
            formatters[code] = PERCENT
        elif dtype.is_float() or (dtype.is_integer() and (code in unit_of or code.endswith("_count"))):
            formatters[code] = NUMBER
        elif dtype.is_integer():
            formatters[code] = PLAIN_INTEGER
    formatters.update(kwargs.pop("formatters", {}))
    return pn.widgets.Tabulator(
        displayable(frame), titles=labels, formatters=formatters, disabled=True, show_index=False,
        pagination="local", page_size=kwargs.pop("page_size", 15), height=height, sizing_mode="stretch_width",
        layout="fit_data_table", **kwargs,
    )


def table_with_downloads(frame: pl.DataFrame, name: str, catalog: Catalog, lang: str, **kwargs) -> pn.Column:
    return pn.Column(table(frame, catalog, lang, **kwargs), downloads(lambda: frame, name, lang),
                     sizing_mode="stretch_width")


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


def heading(text: str, level: int = 3) -> pn.pane.HTML:
    return pn.pane.HTML(f"<h{level} class='section-heading'>{html.escape(text)}</h{level}>",
                        sizing_mode="stretch_width", margin=(12, 5, 0, 5))


def note(text: str) -> pn.pane.HTML:
    return pn.pane.HTML(f"<p class='note'>{html.escape(text)}</p>", sizing_mode="stretch_width", margin=(0, 5))
