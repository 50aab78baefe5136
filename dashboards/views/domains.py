"""Supply and unmet demand per activity domain of a prefecture in the period, with the table."""

from __future__ import annotations

import panel as pn
import polars as pl
from bokeh.layouts import column
from bokeh.models import ColumnDataSource, FactorRange, HBar, HoverTool, NumeralTickFormatter

from dashboards import data
from dashboards.components.chart_table import ChartTable
from dashboards.components.figures import draw, new_figure
from dashboards.components.layout import note
from dashboards.components.page import View
from dashboards.components.tables import TableBlock
from dashboards.formatting import period_label
from dashboards.texts import t

DOMAIN_KEYS = ("prefecture_code", "fiscal_year", "quarter", "period", "domain_code")


class DomainCharts:
    """Supply (engagements) and unmet demand per domain: two bar charts one above the other on one domain axis,
    in one Bokeh layout (`layout`), which fits a phone as well as a desktop."""

    def __init__(self, lang: str):
        self._source = ColumnDataSource({"name": [], "supply": [], "unmet": []})
        self.supply = new_figure(t("supply", lang), height=560, y_range=FactorRange())
        draw(self.supply, HBar(y="name", right="supply", height=0.7, fill_color="#56B4E9", line_color=None),
             self._source)
        self.unmet = new_figure(t("unmet", lang), height=560, y_range=self.supply.y_range)
        draw(self.unmet, HBar(y="name", right="unmet", height=0.7, fill_color="#E69F00", line_color=None),
             self._source)
        self.unmet.xaxis.formatter = NumeralTickFormatter(format="0.0%")
        for fig in (self.supply, self.unmet):
            fig.add_tools(HoverTool(tooltips=[("", "@name"), ("", "@supply{0,0}"), ("", "@unmet{0.0%}")]))
        self.layout = column(self.supply, self.unmet, sizing_mode="stretch_width")

    def update(self, frame: pl.DataFrame, labels: dict[str, str]) -> None:
        key = "unmet_rate" if frame["unmet_rate"].null_count() < len(frame) else "supply_engagements"
        ordered = frame.sort(key, nulls_last=False)
        names = [labels.get(code, code) for code in ordered["domain_code"]]
        if list(self.supply.y_range.factors) != names:
            self.supply.y_range.factors = names
        self._source.data = {"name": names, "supply": ordered["supply_engagements"].fill_null(0).to_list(),
                             "unmet": ordered["unmet_rate"].fill_null(0).to_list()}


class DomainView(View):
    depends = ("pref", "period")

    def __init__(self, state, snap):
        super().__init__(state, snap)
        lang = self.lang
        self.charts = DomainCharts(lang)
        self._no_survey = note(t("no_survey", lang))
        frame, name = self._table()
        self.table = TableBlock(frame, name, self.catalog, lang, units={"unmet_rate": "ratio"}, page_size=23,
                                titles={"domain_code": t("code", lang), "domain": t("domain", lang)},
                                **self._export())
        # one pane for both figures (two panes in a wrapping row drew plot frames of zero size: a blank area)
        chart = pn.pane.Bokeh(self.charts.layout, sizing_mode="stretch_width")
        self._tabs = ChartTable(pn.Column(self._no_survey, chart, sizing_mode="stretch_width"),
                                [self.table], lang).tabs
        self._empty = note(t("no_data", lang))
        self.layout = pn.Column(self._empty, self._tabs, sizing_mode="stretch_width")

    def _table(self) -> tuple[pl.DataFrame, str]:
        snap, lang, pref, period = self.snap, self.lang, self.state.pref, self.state.period
        frame = data.domain_quarter(snap, pref, period)
        labels = data.domain_labels(snap, lang)
        table_frame = frame.with_columns(pl.col("domain_code").replace_strict(labels, default=None).alias("domain"))
        table_frame = table_frame.select("domain_code", "domain", *[c for c in frame.columns if c not in DOMAIN_KEYS])
        return table_frame, f"domains_{pref}_{period}"

    def _export(self) -> dict:
        lang, period = self.lang, self.state.period
        return {"context": {t("period", lang): period_label(period, lang)},
                "sheet": f"{data.prefecture_name(self.snap, self.state.pref, lang)} {t('domains_short', lang)}"}

    def update(self) -> None:
        frame = data.domain_quarter(self.snap, self.state.pref, self.state.period)
        self._empty.visible = frame.is_empty()
        self._tabs.visible = not frame.is_empty()
        if frame.is_empty():
            return
        self.charts.update(frame, data.domain_labels(self.snap, self.lang))
        no_survey = frame["unmet_rate"].null_count() == len(frame)
        self._no_survey.visible = no_survey
        self.charts.unmet.visible = not no_survey
        self.table.update(*self._table(), **self._export())
