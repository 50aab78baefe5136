"""Bokeh figures with Japanese fonts and quiet styling, and their period and percent axes.

The charts a page updates are classes (beside their views): the figure is made once per session and `update`
refills its data sources, ranges, titles and legend labels in place (so a click sends a data patch, not a new
figure)."""

from __future__ import annotations

from bokeh.core.properties import value
from bokeh.models import (
    ColumnDataSource,
    CustomJSTickFormatter,
    Glyph,
    GlyphRenderer,
    Legend,
    LegendItem,
    NumeralTickFormatter,
)
from bokeh.plotting import figure

from dashboards.formatting import is_percent, period_label, period_short

FONT = "'Noto Sans CJK JP', 'Noto Sans JP', sans-serif"


# the maps keep Bokeh's drag to pan and wheel to zoom; the charts have no tools but the hover each one adds
MAP_TOOLS = "pan,wheel_zoom"


def new_figure(title: str, height: int = 320, tools: str = "", **kwargs):
    """A bokeh figure with Japanese fonts and quiet styling, no toolbar and by default no tools: a drag no
    longer shifts a chart's bars out of place (with no toolbar there was no way to reset them), and a page
    makes 9 fewer models per chart."""
    fig = figure(title=title, height=height, sizing_mode="stretch_width", toolbar_location=None, tools=tools,
                 **kwargs)
    fig.title.text_font = FONT
    fig.title.text_font_size = "14px"
    for axis in (*fig.xaxis, *fig.yaxis):
        axis.major_label_text_font = FONT
        axis.axis_label_text_font = FONT
        axis.major_label_text_font_size = "12px"
    fig.outline_line_color = None
    fig.grid.grid_line_alpha = 0.4
    return fig


def draw(fig, glyph: Glyph, source: ColumnDataSource, legend_label: str | None = None) -> GlyphRenderer:
    """Add `glyph`, drawn from `source`, as `fig.line` and the like do, but as one model instead of three: they
    also make a copy of the glyph for points selected away and one for a muted series, which BokehJS derives by
    itself when needed (these charts select and mute nothing). A profile's first opening made ~90 fewer models."""
    renderer = fig.add_glyph(source, glyph)
    if legend_label is not None:
        legends = [item for item in fig.center + fig.below if isinstance(item, Legend)]
        if not legends:
            legends = [Legend()]
            fig.add_layout(legends[0])
        items = legends[0].items
        entry = next((item for item in items if item.label == value(legend_label)), None)
        if entry is None:
            items.append(LegendItem(label=value(legend_label), renderers=[renderer]))
        else:
            entry.renderers.append(renderer)
    return renderer


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


# value axes: ratios as percent, counts and amounts with thousands separators (as the tables show them)
PERCENT_TICKS, NUMBER_TICKS = "0.0%", "0,0.[00]"
# A categorical axis ignores `major_label_overrides` (BokehJS formats factors with the axis' formatter only):
# the factors stay period codes (the data sources key on them) and this formatter writes their labels.
PERIOD_TICKS = "const i = codes.indexOf(tick); return i < 0 ? tick : labels[i];"


def axis_period(period: str, lang: str) -> str:
    """A period on a chart axis, in two lines: '2026年度' / '第2四半期', 'FY2026' / 'Q2'."""
    return period_short(period, lang).replace(" ", "\n")


def label_periods(fig, periods: list[str], lang: str) -> None:
    """Period axes read '2026年度 / 第2四半期' (two lines) instead of the code FY2026Q2."""
    axis = fig.xaxis[0]
    labels = [axis_period(p, lang) for p in periods]
    if isinstance(axis.formatter, CustomJSTickFormatter):
        if list(axis.formatter.args["codes"]) != list(periods):
            axis.formatter.args = {"codes": list(periods), "labels": labels}
    else:
        axis.formatter = CustomJSTickFormatter(args={"codes": list(periods), "labels": labels}, code=PERIOD_TICKS)


def hover_periods(periods: list[str], lang: str) -> list[str]:
    """Periods as tooltips show them: '2026年度第2四半期（7〜9月）'."""
    return [period_label(p, lang) for p in periods]


def set_percent_axis(axis, unit: str | None) -> None:
    """Percent ticks for ratios, plain numbers otherwise (an axis that is reused across indicators). One
    formatter model per axis whose format changes: a new model would make Bokeh re-walk the session's whole
    model graph (~0.8 s) at every change between a ratio and a count."""
    wanted = PERCENT_TICKS if is_percent(unit) else NUMBER_TICKS
    if isinstance(axis.formatter, NumeralTickFormatter):
        axis.formatter.format = wanted
    else:
        axis.formatter = NumeralTickFormatter(format=wanted)
