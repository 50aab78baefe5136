"""全国概況 — KPI cards, map + tile grid, rollout chart, ranking against the national value."""

from __future__ import annotations

import html

import panel as pn
import param
import polars as pl
from panel.viewable import Viewer

from dashboards import charts, controls, data, maps
from dashboards.components import chart_with_table, heading, note, table_with_downloads
from dashboards.formatting import COMPARISON, SCHEDULE, Catalog, compare, format_change, format_value
from dashboards.state import AppState
from dashboards.texts import t

DEPENDS = ("state.period", "state.lang", "state.data_version")
MAX_RATE_CARDS = 6


def _card(title: str, value: str, detail: str, css: str = "") -> str:
    return (f"<div class='kpi-card {css}'><div class='kpi-title'>{html.escape(title)}</div>"
            f"<div class='kpi-value'>{value}</div><div class='kpi-detail'>{detail}</div></div>")


def _milestone_when(row: dict, lang: str) -> str:
    """'2025-09', or the fiscal year ('2024年度' / 'FY2024') when the milestone has no month."""
    if row.get("month"):
        return row["month"]
    return f"FY{row['fiscal_year']}" if lang == "en" else f"{row['fiscal_year']}年度"


class KpiCards(Viewer):
    state = param.ClassSelector(class_=AppState)

    @param.depends(*DEPENDS)
    def __panel__(self):
        snap, lang, period = data.snapshot(), self.state.lang, self.state.period
        catalog = Catalog(data.catalog(snap))
        now, before = data.national_row(snap, period), data.national_row(snap, data.previous_period(snap, period))
        total = len(data.prefectures(snap))
        on_track = now.get("prefectures_on_track_or_ahead")
        change = None if on_track is None or before.get("prefectures_on_track_or_ahead") is None else \
            on_track - before["prefectures_on_track_or_ahead"]
        cards = [_card(t("on_track_kpi", lang), f"{format_value(on_track, 'count')} / {total}",
                       f"{t('change', lang)} {format_change(change, 'count')}", "kpi-schedule")]
        with_target = [c for c in data.indicators_in(snap, "mart_national_quarter", measures_only=True)
                       if catalog.target(c) is not None and c != "prefectures_on_track_or_ahead"]
        for code in with_target[:MAX_RATE_CARDS]:
            unit, value, target = catalog.unit(code), now.get(code), catalog.target(code)
            delta = None if value is None or before.get(code) is None else value - before[code]
            verdict = compare(value, target, catalog.direction(code))
            symbol = {"better": "✓", "same": "✓", "worse": "▼", "no_data": "―"}[verdict]
            met = t("target_met" if symbol == "✓" else "target_not_met", lang) if symbol != "―" else ""
            detail = (f"{t('target', lang)} {format_value(target, unit)}　{symbol} {met}<br>"
                      f"{t('change', lang)} {format_change(delta, unit)}")
            cards.append(_card(catalog.name(code, lang), format_value(value, unit, lang), detail))
        return pn.pane.HTML(f"<div class='kpi-grid'>{''.join(cards)}</div>", sizing_mode="stretch_width")


class MapView(Viewer):
    state = param.ClassSelector(class_=AppState)

    @param.depends(*DEPENDS, "state.indicator")
    def __panel__(self):
        snap, lang, code = data.snapshot(), self.state.lang, self.state.indicator
        catalog = Catalog(data.catalog(snap))
        frame = data.prefecture_quarter(snap, self.state.period)
        title = f"{catalog.name(code, lang)}（{self.state.period}）"
        args = (frame, code, title, catalog.unit(code), catalog.direction(code), lang, self.state.open_prefecture)
        tiles = maps.tile_grid(*args)
        tiles.title.text = t("tile_title", lang)
        columns = ["prefecture_code", "prefecture_name", "prefecture_name_en", "period", code]
        return pn.Column(
            note(f"{t('map_hint', lang)}　{t('map_no_data', lang)}"),
            pn.Row(chart_with_table(maps.choropleth(*args), frame.select(columns), f"map_{code}_{self.state.period}",
                                    catalog, lang), pn.pane.Bokeh(tiles, sizing_mode="stretch_width"),
                   sizing_mode="stretch_width"),
            sizing_mode="stretch_width")


class RolloutView(Viewer):
    state = param.ClassSelector(class_=AppState)

    @param.depends("state.lang", "state.data_version")
    def __panel__(self):
        snap, lang = data.snapshot(), self.state.lang
        national, milestones = data.national(snap), data.milestones(snap)
        stage_columns = [c for c in national.columns if c.startswith("prefectures_stage_")]
        frame = national.select("period", "target_stage", *stage_columns, "prefectures_on_track_or_ahead")
        listed = "　".join(f"◆{row['milestone_no']} {_milestone_when(row, lang)} {row[f'label_{lang}']}"
                          for row in milestones.to_dicts())
        return pn.Column(chart_with_table(charts.rollout(national, milestones, lang), frame, "rollout",
                                          Catalog(data.catalog(snap)), lang, height=260),
                         note(f"{t('milestone', lang)}: {listed}"), sizing_mode="stretch_width")


class RankingView(Viewer):
    state = param.ClassSelector(class_=AppState)

    @param.depends(*DEPENDS, "state.indicator")
    def __panel__(self):
        snap, lang, code = data.snapshot(), self.state.lang, self.state.indicator
        catalog = Catalog(data.catalog(snap))
        frame = data.prefecture_quarter(snap, self.state.period)
        if code not in frame.columns:
            return note(t("no_data", lang))
        national_value = data.national_row(snap, self.state.period).get(code)
        comparable = catalog.is_comparable(code)
        descending = catalog.direction(code) != "lower_is_better"
        name_column = "prefecture_name_en" if lang == "en" else "prefecture_name"
        ranked = frame.sort(code, descending=descending, nulls_last=True).with_row_index("rank", offset=1)
        ranked = ranked.with_columns(
            pl.when(pl.col(code).is_not_null()).then(pl.col("rank")).alias("rank"),
            pl.lit(national_value, dtype=pl.Float64).alias("national_value"),
            pl.col(code).map_elements(lambda v: COMPARISON[compare(v, national_value, catalog.direction(code))
                                                 if comparable else "not_compared"].label(lang),
                                      return_dtype=pl.String, skip_nulls=False).alias("vs_national"),
            pl.col("schedule_status").fill_null("no_data").map_elements(lambda s: SCHEDULE[s].label(lang),
                                                                        return_dtype=pl.String)
            .alias("schedule"),
        ).select("rank", "prefecture_code", name_column, code, "national_value", "vs_national", "schedule",
                 "quarters_behind")
        titles = {"rank": t("rank", lang), "prefecture_code": "", name_column: t("prefecture", lang),
                  "national_value": t("national", lang), "vs_national": t("vs_national", lang),
                  "schedule": t("schedule_status", lang), "quarters_behind": t("quarters_behind", lang)}
        return table_with_downloads(ranked, f"ranking_{code}_{self.state.period}", catalog, lang, titles=titles,
                                    units={"national_value": catalog.unit(code)}, page_size=47, height=420,
                                    css_classes=["ranking-table"])


class OverviewPage(Viewer):
    state = param.ClassSelector(class_=AppState)

    @param.depends("state.lang", "state.data_version")
    def __panel__(self):
        snap, lang = data.snapshot(), self.state.lang
        return pn.Column(
            pn.Row(controls.period_select(self.state, snap),
                   controls.indicator_select(self.state, snap, "mart_prefecture_quarter")),
            KpiCards(state=self.state), heading(t("map_title", lang)), MapView(state=self.state),
            heading(t("rollout_title", lang)), RolloutView(state=self.state),
            heading(t("ranking_title", lang)), RankingView(state=self.state),
            sizing_mode="stretch_width")
