"""A prefecture's platform stage over time against the target stage (and its projection), with its table."""

from __future__ import annotations

import panel as pn
import polars as pl
from bokeh.core.properties import value
from bokeh.models import ColumnDataSource, FactorRange, HoverTool, Line, Scatter, Step, Text

from dashboards import data
from dashboards.components.chart_table import ChartTable
from dashboards.components.figures import FONT, draw, hover_periods, label_periods, new_figure, style_legend
from dashboards.components.page import View
from dashboards.components.tables import TableBlock
from dashboards.formatting import PREFECTURE_COLOUR, SCHEDULE, stage_label
from dashboards.texts import t
from dashboards.views.stage_projection import ProjectionOverlay

STAGE_COLUMNS = ("period", "platform_stage", "platform_stage_reported", "target_stage", "stage_gap",
                 "schedule_status", "quarters_behind")


class StageChart:
    """Platform stage (carried forward) against the target stage, with status symbols per period."""

    def __init__(self, lang: str):
        self.lang = lang
        fig = self.fig = new_figure(t("stage_timeline", lang), height=320, x_range=FactorRange(), y_range=(-0.5, 4.8))
        self._target = ColumnDataSource({"period": [], "target": []})
        draw(fig, Step(x="period", y="target", mode="center", line_color="#595959", line_width=2, line_dash="dashed"),
             self._target, legend_label=t("target_stage", lang))
        self._source = ColumnDataSource({"period": [], "period_text": [], "stage": [], "colour": [], "label": [],
                                         "stage_text": []})
        draw(fig, Line(x="period", y="stage", line_color=PREFECTURE_COLOUR, line_width=2.5), self._source,
             legend_label=t("stage", lang))
        draw(fig, Scatter(x="period", y="stage", size=14, fill_color="colour", line_color="#000000"), self._source)
        draw(fig, Text(x="period", y="stage", text="label", y_offset=-12, text_align="center", text_font=value(FONT),
                       text_font_size="11px"), self._source)
        fig.yaxis.ticker = [0, 1, 2, 3, 4]
        fig.yaxis.major_label_overrides = {s: stage_label(s, lang) for s in range(5)}
        fig.add_tools(HoverTool(tooltips=[("", "@period_text"), ("", "@stage_text"), ("", "@label")]))
        style_legend(fig)

    def update(self, prefecture: pl.DataFrame) -> None:
        lang = self.lang
        periods = prefecture["period"].to_list()
        if list(self.fig.x_range.factors) != periods:
            self.fig.x_range.factors = periods
        label_periods(self.fig, periods, lang)
        self._target.data = {"period": periods, "target": prefecture["target_stage"].to_list()}
        statuses = prefecture["schedule_status"].fill_null("no_data").to_list()
        stages = prefecture["platform_stage"].to_list()
        self._source.data = {
            "period": periods, "period_text": hover_periods(periods, lang),
            "stage": [-0.2 if s is None else s for s in stages],
            "colour": [SCHEDULE[s].colour for s in statuses], "label": [SCHEDULE[s].label(lang) for s in statuses],
            "stage_text": [stage_label(s, lang) for s in stages],
        }


class StageView(View):
    depends = ("pref",)

    def __init__(self, state, snap):
        super().__init__(state, snap)
        self.chart = StageChart(self.lang)
        self.projection = ProjectionOverlay(self.chart.fig, self.lang)
        self.table = TableBlock(self._frame(), f"stage_{state.pref}", self.catalog, self.lang, height=260,
                                sheet=self._sheet())
        self.layout = ChartTable(pn.pane.Bokeh(self.chart.fig, sizing_mode="stretch_width"), [self.table],
                                 self.lang).tabs

    def _frame(self) -> pl.DataFrame:
        labels = {code: status.label(self.lang) for code, status in SCHEDULE.items()}
        return data.prefecture_series(self.snap, self.state.pref).select(STAGE_COLUMNS).with_columns(
            pl.col("schedule_status").replace_strict(labels, default=None, return_dtype=pl.String))

    def _sheet(self) -> str:
        return f"{data.prefecture_name(self.snap, self.state.pref, self.lang)} {t('stage_timeline', self.lang)}"

    def update(self) -> None:
        mine = data.prefecture_series(self.snap, self.state.pref)
        self.chart.update(mine)
        self.projection.update(mine, data.stage_projection(self.snap, self.state.pref))
        self.table.update(self._frame(), f"stage_{self.state.pref}", sheet=self._sheet())
