"""都道府県プロファイル — one prefecture against the national line and the rollout schedule."""

from __future__ import annotations

import panel as pn
import param
import polars as pl
from panel.viewable import Viewer

from dashboards import charts, controls, data
from dashboards.components import chart_with_table, heading, note, table_with_downloads
from dashboards.formatting import COMPARISON, SCHEDULE, Catalog, compare, format_value, stage_label
from dashboards.pages.prefecture_tables import MunicipalityTable, SubmissionHistory
from dashboards.state import AppState
from dashboards.texts import t

DEPENDS = ("state.pref", "state.period", "state.lang", "state.data_version")
ACTOR_SUMMARY_COLUMNS = ("actor_type_diversity", "actor_types_present", "non_traditional_share", "engagements",
                         "actors")
DOMAIN_KEYS = ("prefecture_code", "fiscal_year", "quarter", "period", "domain_code")
ACTOR_COLUMNS = ("engagements", "actors", "actor_types_present", "actor_type_diversity", "non_traditional_share",
                 "domain_coverage", "diverse_municipality_rate", "service_a_engagements")


def _number(value) -> float | None:
    """The value as a float for the table's sortable columns (None for flags, categories and gaps)."""
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _prefecture_name(snap: data.Snapshot, code: str, lang: str) -> str:
    row = data.prefectures(snap).filter(pl.col("prefecture_code") == code).to_dicts()
    return (row[0]["prefecture_name_en" if lang == "en" else "prefecture_name"]) if row else code


class ScheduleSummary(Viewer):
    state = param.ClassSelector(class_=AppState)

    @param.depends(*DEPENDS)
    def __panel__(self):
        snap, lang = data.snapshot(), self.state.lang
        rows = data.prefecture_series(snap, self.state.pref).filter(pl.col("period") == self.state.period).to_dicts()
        row = rows[0] if rows else {}
        status = SCHEDULE[row.get("schedule_status") or "no_data"]
        behind = row.get("quarters_behind")
        text = (f"<b>{_prefecture_name(snap, self.state.pref, lang)}</b>（{self.state.period}）　"
                f"{t('stage', lang)}: <b>{stage_label(row.get('platform_stage'), lang)}</b>　"
                f"{t('target_stage', lang)}: {stage_label(row.get('target_stage'), lang)}　"
                f"<span style='color:{status.colour}'>{status.symbol}</span> <b>{status.label(lang)[2:]}</b>　"
                f"{t('quarters_behind', lang)}: {format_value(behind, 'count')}")
        return pn.pane.HTML(f"<div class='summary' role='status'>{text}</div>", sizing_mode="stretch_width")


class TrendView(Viewer):
    """The chosen indicator over time against the national line (and its target)."""

    state = param.ClassSelector(class_=AppState)

    @param.depends("state.pref", "state.lang", "state.data_version", "state.indicator")
    def __panel__(self):
        snap, lang, code = data.snapshot(), self.state.lang, self.state.indicator
        catalog = Catalog(data.catalog(snap))
        mine, nation = data.prefecture_series(snap, self.state.pref), data.national(snap)
        name = _prefecture_name(snap, self.state.pref, lang)
        fig = charts.series(mine, nation, code, catalog.name(code, lang), catalog.unit(code), name,
                            catalog.target(code), lang)
        pair = mine.select("period", pl.col(code).alias("prefecture")) if code in mine.columns else \
            mine.select("period")
        if code in nation.columns:
            pair = pair.join(nation.select("period", pl.col(code).alias("national")), on="period", how="left")
        units = {"prefecture": catalog.unit(code), "national": catalog.unit(code)}
        titles = {"period": t("period", lang), "prefecture": name, "national": t("national", lang)}
        return chart_with_table(fig, pair, f"trend_{self.state.pref}_{code}", catalog, lang, titles=titles,
                                units=units, height=260)


class IndicatorTable(Viewer):
    """Every indicator of the period: the prefecture's value, the national value, better or worse."""

    state = param.ClassSelector(class_=AppState)

    @param.depends(*DEPENDS)
    def __panel__(self):
        snap, lang, period = data.snapshot(), self.state.lang, self.state.period
        catalog = Catalog(data.catalog(snap))
        found = data.prefecture_series(snap, self.state.pref).filter(pl.col("period") == period).to_dicts()
        mine, nation = (found[0] if found else {}), data.national_row(snap, period)
        rows = []
        for code in data.indicators_in(snap, "mart_prefecture_quarter"):
            unit, value, national = catalog.unit(code), mine.get(code), nation.get(code)
            rows.append({"code": code, "indicator": catalog.name(code, lang),
                         "value_text": format_value(value, unit, lang),
                         "national_text": format_value(national, unit, lang),
                         "vs_national": COMPARISON[compare(value, national, catalog.direction(code))
                                                   if catalog.is_comparable(code) else "not_compared"].label(lang),
                         "value": _number(value), "national": _number(national)})
        frame = pl.DataFrame(rows, schema={"code": pl.String, "indicator": pl.String, "value_text": pl.String,
                                           "national_text": pl.String, "vs_national": pl.String,
                                           "value": pl.Float64, "national": pl.Float64})
        titles = {"indicator": t("indicator", lang), "value_text": _prefecture_name(snap, self.state.pref, lang),
                  "national_text": t("national", lang), "vs_national": t("vs_national", lang)}
        return table_with_downloads(frame, f"indicators_{self.state.pref}_{period}", catalog, lang, titles=titles,
                                    hidden_columns=["code", "value", "national"], page_size=60, height=620,
                                    text_align={"value_text": "right", "national_text": "right"})


class StageView(Viewer):
    state = param.ClassSelector(class_=AppState)

    @param.depends("state.pref", "state.lang", "state.data_version")
    def __panel__(self):
        snap, lang = data.snapshot(), self.state.lang
        mine = data.prefecture_series(snap, self.state.pref)
        frame = mine.select("period", "platform_stage", "platform_stage_reported", "target_stage", "stage_gap",
                            "schedule_status", "quarters_behind")
        return chart_with_table(charts.stage_timeline(mine, lang), frame, f"stage_{self.state.pref}",
                                Catalog(data.catalog(snap)), lang, height=260)


class ActorSummary(Viewer):
    """The diversity numbers of the chosen period, in one line above the composition chart."""

    state = param.ClassSelector(class_=AppState)

    @param.depends(*DEPENDS)
    def __panel__(self):
        snap, lang = data.snapshot(), self.state.lang
        catalog = Catalog(data.catalog(snap))
        rows = data.prefecture_series(snap, self.state.pref).filter(pl.col("period") == self.state.period).to_dicts()
        row = rows[0] if rows else {}
        parts = [f"{catalog.name(code, lang)}: <b>{format_value(row.get(code), catalog.unit(code), lang)}</b>"
                 for code in ACTOR_SUMMARY_COLUMNS]
        text = f"{self.state.period}　" + "　".join(parts)
        return pn.pane.HTML(f"<div class='actor-summary'>{text}</div>", sizing_mode="stretch_width")


class ActorsView(Viewer):
    """Actor-type composition over time (100 % stacked), with its table and the diversity indicators by period."""

    state = param.ClassSelector(class_=AppState)

    @param.depends("state.pref", "state.lang", "state.data_version")
    def __panel__(self):
        snap, lang, pref = data.snapshot(), self.state.lang, self.state.pref
        catalog = Catalog(data.catalog(snap))
        mine = data.prefecture_series(snap, pref)
        diversity = mine.select("period", *[c for c in ACTOR_COLUMNS if c in mine.columns])
        composition = data.actor_type_composition(snap, pref)
        diversity_table = table_with_downloads(diversity, f"actors_{pref}", catalog, lang,
                                               titles={"period": t("period", lang)}, height=260)
        if composition.is_empty():
            return pn.Column(note(t("no_data", lang)), diversity_table, sizing_mode="stretch_width")
        label = "label_en" if lang == "en" else "label_ja"
        group = pl.when(pl.col("is_traditional")).then(pl.lit(t("traditional", lang))).otherwise(
            pl.lit(t("non_traditional", lang)))
        table_frame = composition.with_columns(pl.coalesce(label, "actor_type").alias("actor_type_label"),
                                               group.alias("actor_group")).select(
            "period", "actor_type", "actor_type_label", "actor_group", "engagements", "share", "actors",
            "municipalities_with_type")
        titles = {"period": t("period", lang), "actor_type_label": t("actor_type", lang),
                  "actor_group": t("actor_group", lang),
                  "share": t("engagement_share", lang),
                  "municipalities_with_type": t("municipalities_with_type", lang)}
        units = {"share": "share", "engagements": "engagements", "actors": "actors",
                 "municipalities_with_type": "municipalities"}
        chart = charts.actor_type_composition(composition, mine, lang)
        return pn.Tabs(
            (t("chart", lang), pn.Column(note(t("actor_type_note", lang)),
                                         pn.pane.Bokeh(chart, sizing_mode="stretch_width"),
                                         sizing_mode="stretch_width")),
            (t("table", lang), pn.Column(
                table_with_downloads(table_frame, f"actor_types_{pref}", catalog, lang, titles=titles, units=units,
                                     hidden_columns=["actor_type"], page_size=len(data.actor_types(snap)) or 11,
                                     height=420),
                heading(t("diversity_by_period", lang), 4), diversity_table, sizing_mode="stretch_width")),
            sizing_mode="stretch_width", dynamic=True)


class DomainView(Viewer):
    state = param.ClassSelector(class_=AppState)

    @param.depends(*DEPENDS)
    def __panel__(self):
        snap, lang = data.snapshot(), self.state.lang
        frame = data.domain_quarter(snap, self.state.pref, self.state.period)
        if frame.is_empty():
            return note(t("no_data", lang))
        labels = data.domain_labels(snap, lang)
        supply, unmet = charts.domains(frame, labels, lang)
        no_survey = frame["unmet_rate"].null_count() == len(frame)
        figures = [pn.pane.Bokeh(supply)] if no_survey else [pn.pane.Bokeh(supply), pn.pane.Bokeh(unmet)]
        notes = [note(t("no_survey", lang))] if no_survey else []
        table_frame = frame.with_columns(pl.col("domain_code").replace_strict(labels, default=None).alias("domain"))
        table_frame = table_frame.select("domain_code", "domain", *[c for c in frame.columns if c not in DOMAIN_KEYS])
        catalog = Catalog(data.catalog(snap))
        return pn.Tabs((t("chart", lang), pn.Column(*notes, pn.Row(*figures))),
                       (t("table", lang), table_with_downloads(table_frame, f"domains_{self.state.pref}_"
                                                               f"{self.state.period}", catalog, lang,
                                                               units={"unmet_rate": "ratio"}, page_size=23)),
                       sizing_mode="stretch_width", dynamic=True)


class PrefecturePage(Viewer):
    state = param.ClassSelector(class_=AppState)

    @param.depends("state.lang", "state.data_version")
    def __panel__(self):
        snap, lang, state = data.snapshot(), self.state.lang, self.state
        return pn.Column(
            pn.Row(controls.prefecture_select(state, snap), controls.period_select(state, snap),
                   controls.indicator_select(state, snap, "mart_prefecture_quarter")),
            ScheduleSummary(state=state),
            heading(t("over_time", lang)), TrendView(state=state),
            heading(t("vs_national", lang), 4), IndicatorTable(state=state),
            heading(t("stage_timeline", lang)), StageView(state=state),
            heading(t("actors_title", lang)), ActorSummary(state=state), ActorsView(state=state),
            heading(t("domains_title", lang)), DomainView(state=state),
            heading(t("municipality_table", lang)), MunicipalityTable(state=state),
            heading(t("submission_history", lang)), SubmissionHistory(state=state),
            sizing_mode="stretch_width")
