"""都道府県プロファイル — one prefecture against the national line and the rollout schedule."""

from __future__ import annotations

import panel as pn
import polars as pl

from dashboards import charts, controls, data
from dashboards.catalog import Catalog
from dashboards.components.batching import attaching, set_objects
from dashboards.components.chart_table import ChartTable
from dashboards.components.layout import heading, note, wrapping
from dashboards.components.page import Page, View
from dashboards.components.tables import TableBlock
from dashboards.formatting import (
    COMPARISON,
    SCHEDULE,
    compare,
    format_value,
    interval_text,
    is_percent,
    period_label,
    period_short,
    stage_label,
    unit_suffix,
    verdict,
)
from dashboards.pages.prefecture_notes import SubmissionNotes
from dashboards.pages.prefecture_tables import MunicipalityTable, SubmissionHistory
from dashboards.texts import t
from dashboards.views.changes import CHANGES_TITLE, ChangesPanel, ReportDownloads, StageOutlook
from dashboards.views.model_types import ModelTypeView
from dashboards.views.stage_projection import ProjectionOverlay, ProjectionTable

ACTOR_SUMMARY_COLUMNS = ("actor_type_diversity", "actor_types_present", "non_traditional_share", "engagements",
                         "actors")
DOMAIN_KEYS = ("prefecture_code", "fiscal_year", "quarter", "period", "domain_code")
ACTOR_COLUMNS = ("engagements", "actors", "actor_types_present", "actor_type_diversity", "non_traditional_share",
                 "domain_coverage", "diverse_municipality_rate", "service_a_engagements")


def _number(value, unit: str | None) -> float | None:
    """The value as a number for downloads, percentages ×100 (None for flags, categories and gaps)."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    return float(value) * 100 if is_percent(unit) else float(value)




def _row(snap: data.Snapshot, pref: str, period: str) -> dict:
    rows = data.prefecture_series(snap, pref).filter(pl.col("period") == period).to_dicts()
    return rows[0] if rows else {}


class ScheduleSummary(View):
    depends = ("pref", "period")

    def __init__(self, state, snap):
        super().__init__(state, snap)
        self.layout = pn.pane.HTML(sizing_mode="stretch_width")

    def update(self) -> None:
        snap, lang, pref, period = self.snap, self.lang, self.state.pref, self.state.period
        row = _row(snap, pref, period)
        status = SCHEDULE[row.get("schedule_status") or "no_data"]
        behind = row.get("quarters_behind")
        text = (f"<b>{data.prefecture_name(snap, pref, lang)}</b>（{period_label(period, lang)}）　"
                f"{t('stage', lang)}: <b>{stage_label(row.get('platform_stage'), lang)}</b>　"
                f"{t('target_stage', lang)}: {stage_label(row.get('target_stage'), lang)}　"
                f"<span class='status-chip' style='background:{status.colour}'></span><b>{status.label(lang)}</b>　"
                f"{t('quarters_behind', lang)}: {format_value(behind, 'quarters', lang)}")
        self.layout.object = f"<div class='summary pref-summary' role='status'>{text}</div>"


class TrendView(View):
    """The chosen indicator over time against the national line (and its target)."""

    depends = ("pref", "indicator")

    def __init__(self, state, snap):
        super().__init__(state, snap)
        self.chart = charts.SeriesChart(self.lang)
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


def indicator_frame(snap: data.Snapshot, catalog: Catalog, pref: str, period: str, lang: str) -> pl.DataFrame:
    """Every indicator of the period: the prefecture's value, the national value, better or worse."""
    mine, nation = _row(snap, pref, period), data.national_row(snap, period)
    rows = []
    for code in data.indicators_in(snap, "mart_prefecture_quarter"):
        unit, value, national = catalog.unit(code), mine.get(code), nation.get(code)
        respondents = mine.get("survey_respondents") if catalog.is_survey_rate(code) else None
        comparison = compare(value, national, unit, respondents) if catalog.is_comparable(code) else \
            "not_compared"
        rows.append({"code": code, "indicator": catalog.name(code, lang),
                     "value_text": format_value(value, unit, lang),
                     "national_text": format_value(national, unit, lang),
                     "vs_national": COMPARISON[comparison].label(lang),
                     "interval": interval_text(value, respondents, lang) if respondents else "",
                     "verdict": verdict(comparison, catalog.direction(code)),
                     "value": _number(value, unit), "national": _number(national, unit),
                     "unit_text": "%" if is_percent(unit) else unit_suffix(unit, lang).strip()})
    return pl.DataFrame(rows, schema={"code": pl.String, "indicator": pl.String, "value_text": pl.String,
                                      "national_text": pl.String, "vs_national": pl.String, "interval": pl.String,
                                      "verdict": pl.String, "value": pl.Float64, "national": pl.Float64,
                                      "unit_text": pl.String})


class IndicatorTable(View):
    """Every indicator of the period: the prefecture's value, the national value, better or worse."""

    depends = ("pref", "period")

    def __init__(self, state, snap):
        super().__init__(state, snap)
        frame, name, titles = self._table()
        self.table = TableBlock(frame, name, self.catalog, self.lang, titles=titles, **self._export(),
                                hidden_columns=["code", "value", "national", "verdict", "unit_text"],
                                export_drop=("code", "value_text", "national_text", "verdict"), page_size=60,
                                height=620,
                                text_align={"value_text": "right", "national_text": "right"})
        self.layout = self.table.layout

    def _table(self) -> tuple[pl.DataFrame, str, dict]:
        snap, lang, pref, period = self.snap, self.lang, self.state.pref, self.state.period
        frame = data.memo_of(snap, indicator_frame, self.catalog, pref, period, lang)
        titles = {"indicator": t("indicator", lang), "value_text": data.prefecture_name(snap, pref, lang),
                  "national_text": t("national", lang), "vs_national": t("vs_national", lang),
                  "interval": t("interval", lang), "value": data.prefecture_name(snap, pref, lang),
                  "national": t("national", lang), "unit_text": t("unit", lang)}
        return frame, f"indicators_{pref}_{period}", titles

    def _export(self) -> dict:
        lang, period = self.lang, self.state.period
        return {"context": {t("period", lang): period_label(period, lang)},
                "sheet": f"{data.prefecture_name(self.snap, self.state.pref, lang)} {period_short(period, lang)}"}

    def update(self) -> None:
        frame, name, titles = self._table()
        self.table.update(frame, name, titles=titles, **self._export())


STAGE_COLUMNS = ("period", "platform_stage", "platform_stage_reported", "target_stage", "stage_gap",
                 "schedule_status", "quarters_behind")


class StageView(View):
    depends = ("pref",)

    def __init__(self, state, snap):
        super().__init__(state, snap)
        self.chart = charts.StageChart(self.lang)
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


class ActorSummary(View):
    """The diversity numbers of the chosen period, in one line above the composition chart."""

    depends = ("pref", "period")

    def __init__(self, state, snap):
        super().__init__(state, snap)
        self.layout = pn.pane.HTML(sizing_mode="stretch_width")

    def update(self) -> None:
        lang, catalog, period = self.lang, self.catalog, self.state.period
        row = _row(self.snap, self.state.pref, period)
        parts = [f"{catalog.name(code, lang)}: <b>{format_value(row.get(code), catalog.unit(code), lang)}</b>"
                 for code in ACTOR_SUMMARY_COLUMNS]
        text = f"{period_label(period, lang)}　" + "　".join(parts)
        self.layout.object = f"<div class='actor-summary'>{text}</div>"


class ActorsView(View):
    """Actor-type composition over time (100 % stacked), with its table and the diversity indicators by period."""

    depends = ("pref",)

    def __init__(self, state, snap):
        super().__init__(state, snap)
        lang = self.lang
        diversity, composition, table_frame = self._frames()
        self.diversity = TableBlock(diversity, f"actors_{state.pref}", self.catalog, lang,
                                    titles={"period": t("period", lang)}, height=260,
                                    sheet=self._sheet("diversity_by_period"))
        titles = {"period": t("period", lang), "actor_type_label": t("actor_type", lang),
                  "actor_group": t("actor_group", lang),
                  "share": t("engagement_share", lang),
                  "municipalities_with_type": t("municipalities_with_type", lang)}
        units = {"share": "share", "engagements": "engagements", "actors": "actors",
                 "municipalities_with_type": "municipalities"}
        self.composition = TableBlock(table_frame, f"actor_types_{state.pref}", self.catalog, lang, titles=titles,
                                      units=units, hidden_columns=["actor_type"], sheet=self._sheet("actors_title"),
                                      page_size=len(data.actor_types(snap)) or 11, height=420)
        self.chart = charts.ActorChart(lang)
        self._pane = pn.pane.Bokeh(sizing_mode="stretch_width")
        self._chart = ChartTable(
            pn.Column(note(t("actor_type_note", lang)), self._pane, sizing_mode="stretch_width"),
            [self.composition, self.diversity], lang,
            table_tab=pn.Column(self.composition.layout, heading(t("diversity_by_period", lang), 3),
                                self.diversity.layout, sizing_mode="stretch_width"))
        self._chart_tabs = self._chart.tabs
        self._empty = note(t("no_data", lang))
        self._alone = pn.Column(sizing_mode="stretch_width")  # the diversity table when there is no composition
        self.layout = pn.Column(sizing_mode="stretch_width")

    def _sheet(self, key: str) -> str:
        return f"{data.prefecture_name(self.snap, self.state.pref, self.lang)} {t(key, self.lang)}"

    def _frames(self) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
        snap, lang, pref = self.snap, self.lang, self.state.pref
        mine = data.prefecture_series(snap, pref)
        diversity = mine.select("period", *[c for c in ACTOR_COLUMNS if c in mine.columns])
        composition = data.actor_type_composition(snap, pref)
        if composition.is_empty():
            return diversity, composition, composition
        label = "label_en" if lang == "en" else "label_ja"
        group = pl.when(pl.col("is_traditional")).then(pl.lit(t("traditional", lang))).otherwise(
            pl.lit(t("non_traditional", lang)))
        table_frame = composition.with_columns(pl.coalesce(label, "actor_type").alias("actor_type_label"),
                                               group.alias("actor_group")).select(
            "period", "actor_type", "actor_type_label", "actor_group", "engagements", "share", "actors",
            "municipalities_with_type")
        return diversity, composition, table_frame

    def update(self) -> None:
        pref = self.state.pref
        diversity, composition, table_frame = self._frames()
        if composition.is_empty():
            self.diversity.update(diversity, f"actors_{pref}", sheet=self._sheet("diversity_by_period"))
            set_objects(self._alone, [self.diversity.layout])
            set_objects(self.layout, [self._empty, self._alone])
            return
        if self.chart.update(composition, diversity):
            with attaching():
                self._pane.object = self.chart.fig
        self.composition.update(table_frame, f"actor_types_{pref}", sheet=self._sheet("actors_title"))
        self.diversity.update(diversity, f"actors_{pref}", sheet=self._sheet("diversity_by_period"))
        set_objects(self.layout, [self._chart_tabs])


class DomainView(View):
    depends = ("pref", "period")

    def __init__(self, state, snap):
        super().__init__(state, snap)
        lang = self.lang
        self.charts = charts.DomainCharts(lang)
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


class PrefecturePage(Page):
    def build(self, snap: data.Snapshot) -> list:
        lang, state = self.state.lang, self.state
        return [
            wrapping(self.follow("pref", controls.prefecture_select(state, snap)),
                   self.follow("period", controls.period_select(state, snap)),
                   self.follow("indicator", controls.indicator_select(state, snap, "mart_prefecture_quarter"))),
            self.add(ScheduleSummary(state, snap)), self.add(ReportDownloads(state, snap)),
            self.add(SubmissionNotes(state, snap)),
            heading(t("over_time", lang)), self.add(TrendView(state, snap)),
            heading(t("vs_national", lang), 3), self.add(IndicatorTable(state, snap)),
            heading(t("stage_timeline", lang)), self.add(StageView(state, snap)), self.add(StageOutlook(state, snap)),
            self.add(ProjectionTable(state, snap)),
            heading(CHANGES_TITLE[lang]), self.add(ChangesPanel(state, snap, for_prefecture=True)),
            heading(t("actors_title", lang)), self.add(ActorSummary(state, snap)), self.add(ActorsView(state, snap)),
            heading(t("model_types_title", lang), 3), self.add(ModelTypeView(state, snap)),
            heading(t("domains_title", lang)), self.add(DomainView(state, snap)),
            heading(t("municipality_table", lang)), self.add(MunicipalityTable(state, snap)),
            heading(t("submission_history", lang)), self.add(SubmissionHistory(state, snap)),
        ]
