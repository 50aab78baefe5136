"""The municipality profile's chart: one indicator over time for the municipality, its prefecture, the nation and
the median of its peers. Bokeh only; made once per session and refilled in place."""

from __future__ import annotations

import polars as pl
from bokeh.core.properties import value
from bokeh.models import ColumnDataSource, FactorRange, HoverTool, Line, Scatter

from dashboards.components.figures import draw, label_periods, new_figure, set_percent_axis, style_legend
from dashboards.formatting import NATIONAL_COLOUR, PREFECTURE_COLOUR

# (series, colour, dash, marker): Okabe–Ito colours, told apart by dash and marker as well
LINES = (("municipality", PREFECTURE_COLOUR, "solid", "circle"),
         ("prefecture", "#D55E00", "dashdot", "triangle"),
         ("peer_median", "#009E73", "dotted", "diamond"),
         ("national", NATIONAL_COLOUR, "dashed", "square"))


class MunicipalityChart:
    def __init__(self):
        self.fig = new_figure("", height=340, x_range=FactorRange())
        self._sources, self._items = {}, {}
        for key, colour, dash, marker in LINES:
            source = ColumnDataSource({"period": [], "value": [], "series": []})
            line = draw(self.fig, Line(x="period", y="value", line_color=colour, line_width=2.5, line_dash=dash),
                        source, legend_label=key)
            dots = draw(self.fig, Scatter(x="period", y="value", line_color=colour, fill_color=colour, size=9,
                                          marker=marker), source, legend_label=key)
            self._sources[key] = source
            self._items[key] = (line, dots)
        self.fig.add_tools(HoverTool(tooltips=[("", "@series"), ("", "@period"), ("", "@value{0,0.[000]}")]))
        style_legend(self.fig)

    def update(self, frame: pl.DataFrame, labels: dict[str, str], title: str, unit: str | None, lang: str) -> None:
        """`frame`: period plus one column per series of LINES (NULL where there is no value)."""
        periods = frame["period"].to_list()
        self.fig.title.text = title
        if list(self.fig.x_range.factors) != periods:
            self.fig.x_range.factors = periods
        label_periods(self.fig, periods, lang)
        for item in self.fig.legend.items:
            item.label = value(labels[self._key_of(item)])
        for key, source in self._sources.items():
            points = frame.select("period", pl.col(key).cast(pl.Float64).alias("value")).drop_nulls() \
                if key in frame.columns else pl.DataFrame({"period": [], "value": []})
            source.data = {**points.to_dict(as_series=False), "series": [labels[key]] * len(points)}
        set_percent_axis(self.fig.yaxis[0], unit)

    def _key_of(self, item) -> str:
        """The series a legend item stands for (its label is the wording, which changes with the municipality)."""
        return next(key for key, renderers in self._items.items() if set(item.renderers) & set(renderers))
