"""A prefecture's indicator over time against the national line (and its target), with its table."""

from __future__ import annotations

import panel as pn
import polars as pl
from bokeh.core.properties import value
from bokeh.models import ColumnDataSource, FactorRange, HoverTool, Line, Scatter

from dashboards import data
from dashboards.components.chart_table import ChartTable
from dashboards.components.figures import (
    draw,
    hover_periods,
    label_periods,
    new_figure,
    set_percent_axis,
    style_legend,
)
from dashboards.components.page import View
from dashboards.components.tables import TableBlock
from dashboards.formatting import NATIONAL_COLOUR, PREFECTURE_COLOUR, format_value
from dashboards.texts import t


def _legend_item(fig):
    """The legend item the last glyph call with `legend_label` made (new labels go to the end)."""
    return fig.legend.items[-1]


class SeriesChart:
    """A prefecture's indicator over time against the national line (and the target, if any).

    Made once per session; `update` refills the data sources, axis and legend labels in place."""

    def __init__(self, lang: str):
        self.lang = lang
        self.fig = new_figure("", height=320, x_range=FactorRange())
        self._sources, self._parts = {}, {}
        for key, colour, dash, marker in (("national", NATIONAL_COLOUR, "dashed", "square"),
                                          ("prefecture", PREFECTURE_COLOUR, "solid", "circle")):
            source = ColumnDataSource({"period": [], "value": [], "series": [], "period_text": [], "value_text": []})
            line = draw(self.fig, Line(x="period", y="value", line_color=colour, line_width=2.5, line_dash=dash),
                        source, legend_label=key)
            dots = draw(self.fig, Scatter(x="period", y="value", line_color=colour, fill_color=colour, size=8,
                                          marker=marker), source, legend_label=key)
            self._sources[key], self._parts[key] = source, ((line, dots), _legend_item(self.fig))
        self._sources["target"] = ColumnDataSource({"period": [], "value": []})
        line = draw(self.fig, Line(x="period", y="value", line_color="#A35200", line_width=2, line_dash="dotted"),
                    self._sources["target"], legend_label=t("target", lang))
        self._parts["target"] = ((line,), _legend_item(self.fig))
        self._parts["national"][1].label = value(t("national", lang))
        self.fig.add_tools(HoverTool(renderers=[parts[0][1] for parts in (self._parts["national"],
                                                                            self._parts["prefecture"])],
                                     tooltips=[("", "@series"), ("", "@period_text"), ("", "@value_text")]))
        style_legend(self.fig)

    def _show(self, key: str, shown: bool) -> None:
        renderers, item = self._parts[key]
        for renderer in renderers:
            renderer.visible = shown
        item.visible = shown

    def update(self, prefecture: pl.DataFrame, nation: pl.DataFrame, indicator: str, title: str, unit: str | None,
               prefecture_name: str, target) -> None:
        periods = sorted(set(prefecture["period"].to_list()) | set(nation["period"].to_list()))
        self.fig.title.text = title
        if list(self.fig.x_range.factors) != periods:
            self.fig.x_range.factors = periods
        label_periods(self.fig, periods, self.lang)
        names = {"national": t("national", self.lang), "prefecture": prefecture_name}
        for key, frame in (("national", nation), ("prefecture", prefecture)):
            shown = indicator in frame.columns
            points = frame.select("period", pl.col(indicator).cast(pl.Float64).alias("value")).drop_nulls() \
                if shown else pl.DataFrame({"period": [], "value": []})
            self._sources[key].data = {
                **points.to_dict(as_series=False), "series": [names[key]] * len(points),
                "period_text": hover_periods(points["period"].to_list(), self.lang),
                "value_text": [format_value(v, unit, self.lang) for v in points["value"]]}
            self._show(key, shown)
        self._parts["prefecture"][1].label = value(prefecture_name)
        self._sources["target"].data = {"period": periods if target is not None else [],
                                        "value": [target] * len(periods) if target is not None else []}
        self._show("target", target is not None)
        set_percent_axis(self.fig.yaxis[0], unit)


class TrendView(View):
    """The chosen indicator over time against the national line (and its target)."""

    depends = ("pref", "indicator")

    def __init__(self, state, snap):
        super().__init__(state, snap)
        self.chart = SeriesChart(self.lang)
        pair, name, titles, units = self._table()
        self.table = TableBlock(pair, name, self.catalog, self.lang, titles=titles, units=units, height=260,
                                **self._export())
        self.layout = ChartTable(pn.pane.Bokeh(self.chart.fig, sizing_mode="stretch_width"), [self.table],
                                 self.lang).tabs

    def _table(self) -> tuple[pl.DataFrame, str, dict, dict]:
        snap, lang, code, pref = self.snap, self.lang, self.state.indicator, self.state.pref
        mine, nation = data.prefecture_series(snap, pref), data.national(snap)
        pair = mine.select("period", pl.col(code).alias("prefecture")) if code in mine.columns else \
            mine.select("period")
        if code in nation.columns:
            pair = pair.join(nation.select("period", pl.col(code).alias("national")), on="period", how="left")
        units = {"prefecture": self.catalog.unit(code), "national": self.catalog.unit(code)}
        titles = {"period": t("period", lang), "prefecture": data.prefecture_name(snap, pref, lang),
                  "national": t("national", lang)}
        return pair, f"trend_{pref}_{code}", titles, units

    def _export(self) -> dict:
        """The download says which indicator (and prefecture) it holds."""
        lang, name = self.lang, self.catalog.name(self.state.indicator, self.lang)
        return {"context": {t("indicator", lang): name},
                "sheet": f"{data.prefecture_name(self.snap, self.state.pref, lang)} {name}"}

    def update(self) -> None:
        snap, lang, code, pref, catalog = self.snap, self.lang, self.state.indicator, self.state.pref, self.catalog
        self.chart.update(data.prefecture_series(snap, pref), data.national(snap), code, catalog.name(code, lang),
                          catalog.unit(code), data.prefecture_name(snap, pref, lang), catalog.target(code))
        pair, name, titles, units = self._table()
        self.table.update(pair, name, titles=titles, units=units, **self._export())
