"""The distribution of one indicator over municipalities (the municipality comparison)."""

from __future__ import annotations

import polars as pl
from bokeh.models import ColumnDataSource, Line, Quad

from dashboards.components.figures import draw, new_figure, set_percent_axis, style_legend
from dashboards.formatting import format_value
from dashboards.texts import t


class Histogram:
    """Distribution of one indicator over municipalities, with quartiles and the 1.5 × IQR fences.

    A long right tail (big cities in counts) would squeeze every other municipality into one bar: the axis
    then stops at Q3 + 3 × IQR and the last bar gathers everything above it (said in the title).
    Made once per session; `update` refills the bars and moves the lines.
    """

    BINS = 30

    def __init__(self, lang: str):
        self.lang = lang
        fig = self.fig = new_figure("", height=320)
        self._bars = ColumnDataSource({"left": [], "right": [], "top": []})
        draw(fig, Quad(left="left", right="right", bottom=0, top="top", fill_color="#56B4E9", line_color="#ffffff"),
             self._bars)
        self._lines = []
        styles = (("#000000", "solid", t("median", lang)), ("#555555", "dashed", t("quartiles", lang)),
                  ("#555555", "dashed", t("quartiles", lang)), ("#D55E00", "dotted", t("fences", lang)),
                  ("#D55E00", "dotted", t("fences", lang)))
        for colour, dash, label in styles:
            source = ColumnDataSource({"x": [], "y": []})
            renderer = draw(fig, Line(x="x", y="y", line_color=colour, line_dash=dash, line_width=2), source,
                            legend_label=label)
            self._lines.append((source, renderer))
        style_legend(fig, "top_right")

    def update(self, values: pl.Series, title: str, unit: str | None) -> None:
        lang, fig = self.lang, self.fig
        fig.title.text = title
        known = values.drop_nulls().cast(pl.Float64)
        known = known.filter(known.is_finite())
        if known.is_empty():
            self._bars.data = {"left": [], "right": [], "top": []}
            for _source, renderer in self._lines:
                renderer.visible = False
            fig.legend.visible = False
            fig.yaxis.axis_label = None
            return
        q1, median, q3 = (float(known.quantile(q, "linear")) for q in (0.25, 0.5, 0.75))
        low, high = float(known.min()), float(known.max())
        cap = q3 + 3 * (q3 - q1)
        above = int((known > cap).sum()) if q3 > q1 else 0
        if above:
            high = cap
            fig.title.text = f"{title}　{t('histogram_tail', lang, n=above, cap=format_value(cap, unit, lang))}"
        bins = self.BINS
        width = (high - low) / bins or 1.0
        edges = [low + i * width for i in range(bins + 1)]
        counts = ((known - low) / width).floor().cast(pl.Int64).clip(0, bins - 1).value_counts()
        counts = dict(counts.rows())
        tops = [counts.get(i, 0) for i in range(bins)]
        self._bars.data = {"left": edges[:-1], "right": edges[1:], "top": tops}
        for x, (source, renderer) in zip((median, q1, q3, q1 - 1.5 * (q3 - q1), q3 + 1.5 * (q3 - q1)), self._lines,
                                         strict=True):
            shown = low <= x <= high  # a fence outside the data (e.g. below 0) would only stretch the axis
            source.data = {"x": [x, x], "y": [0, max(tops)]} if shown else {"x": [], "y": []}
            renderer.visible = shown
        for item in fig.legend.items:
            item.visible = any(renderer.visible for renderer in item.renderers)
        fig.legend.visible = True
        set_percent_axis(fig.xaxis[0], unit)
        fig.yaxis.axis_label = t("count_municipalities", lang)
