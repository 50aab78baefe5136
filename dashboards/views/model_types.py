"""The four service-A models of the guide (mart_prefecture_model_type_quarter): engagements per model type over
time on the prefecture profile, with the table alternative and downloads."""

from __future__ import annotations

import panel as pn
import polars as pl
from bokeh.models import ColumnDataSource, FactorRange, HoverTool, Line, Scatter

from dashboards import data
from dashboards.components.chart_table import ChartTable
from dashboards.components.figures import draw, label_periods, new_figure, style_legend
from dashboards.components.layout import note
from dashboards.components.page import View
from dashboards.components.tables import TableBlock
from dashboards.texts import t

# Okabe–Ito colours and markers per model type, in the seed's order
STYLES = (("#0072B2", "circle"), ("#E69F00", "square"), ("#009E73", "triangle"), ("#CC79A7", "diamond"))


class ModelTypeChart:
    """One line per model type (`types`: code and label, in the seed's order)."""

    def __init__(self, types: list[tuple[str, str]], lang: str):
        self.lang = lang
        self.fig = new_figure(t("model_types_title", lang), height=320, x_range=FactorRange())
        self.fig.yaxis.axis_label = t("engagements_short", lang)
        self.fig.add_tools(HoverTool(tooltips=[("", "@label"), ("", "@period"), ("", "@engagements{0,0}")]))
        self._sources: dict[str, ColumnDataSource] = {}
        for (code, name), (colour, marker) in zip(types, STYLES, strict=False):
            source = ColumnDataSource({"period": [], "engagements": [], "label": []})
            draw(self.fig, Line(x="period", y="engagements", line_color=colour, line_width=2.5), source,
                 legend_label=name)
            draw(self.fig, Scatter(x="period", y="engagements", line_color=colour, fill_color=colour, marker=marker,
                                   size=9), source, legend_label=name)
            self._sources[code] = source
        if self._sources:
            style_legend(self.fig)

    def update(self, frame: pl.DataFrame) -> None:
        label = "label_en" if self.lang == "en" else "label_ja"
        periods = list(dict.fromkeys(frame["period"].to_list()))
        if list(self.fig.x_range.factors) != periods:
            self.fig.x_range.factors = periods
        label_periods(self.fig, periods, self.lang)
        for code, source in self._sources.items():
            rows = frame.filter((pl.col("model_type") == code) & pl.col("engagements").is_not_null())
            source.data = {"period": rows["period"].to_list(), "engagements": rows["engagements"].to_list(),
                           "label": rows[label].fill_null(code).to_list()}


class ModelTypeView(View):
    depends = ("pref",)

    def __init__(self, state, snap):
        super().__init__(state, snap)
        lang = self.lang
        types = snap.table("model_types")
        label = "label_en" if lang == "en" else "label_ja"
        self.chart = ModelTypeChart(types.sort("sort_order").select("code", label).rows() if not types.is_empty()
                                    else [], lang)
        titles = {"period": t("period", lang), "model_label": t("model_type", lang)}
        self.table = TableBlock(self._table(), f"model_types_{state.pref}", self.catalog, lang, titles=titles,
                                hidden_columns=["model_type"], height=300, sheet=self._sheet())
        self._tabs = ChartTable(pn.pane.Bokeh(self.chart.fig, sizing_mode="stretch_width"), [self.table], lang).tabs
        self._empty = note(t("no_data", lang))
        self.layout = pn.Column(self._empty, self._tabs, sizing_mode="stretch_width", css_classes=["model-types"])

    def _table(self) -> pl.DataFrame:
        frame = data.model_type_series(self.snap, self.state.pref)
        if frame.is_empty():
            return pl.DataFrame(schema={"period": pl.String, "model_type": pl.String, "model_label": pl.String,
                                        "engagements": pl.Int64, "municipalities_with_model": pl.Int64})
        label = "label_en" if self.lang == "en" else "label_ja"
        return frame.select("period", "model_type", pl.coalesce(label, "model_type").alias("model_label"),
                            "engagements", "municipalities_with_model")

    def update(self) -> None:
        frame = data.model_type_series(self.snap, self.state.pref)
        has_data = not frame.is_empty() and frame["engagements"].is_not_null().any()
        self._empty.visible, self._tabs.visible = not has_data, has_data
        if not frame.is_empty():
            self.chart.update(frame)
        self.table.update(self._table(), f"model_types_{self.state.pref}", sheet=self._sheet())

    def _sheet(self) -> str:
        return f"{data.prefecture_name(self.snap, self.state.pref, self.lang)} {t('model_types_title', self.lang)}"
