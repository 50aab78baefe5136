"""全国概況 — KPI cards, map + tile grid, rollout chart, ranking against the national value."""

from __future__ import annotations

import html

import panel as pn
import polars as pl

from dashboards import charts, controls, data, maps
from dashboards.components import Page, TableBlock, View, chart_table, heading, note, set_objects
from dashboards.formatting import COMPARISON, SCHEDULE, Catalog, compare, format_change, format_value
from dashboards.texts import t

MAX_RATE_CARDS = 6


def _card(title: str, value: str, detail: str, css: str = "") -> str:
    return (f"<div class='kpi-card {css}'><div class='kpi-title'>{html.escape(title)}</div>"
            f"<div class='kpi-value'>{value}</div><div class='kpi-detail'>{detail}</div></div>")


def _milestone_when(row: dict, lang: str) -> str:
    """'2025-09', or the fiscal year ('2024年度' / 'FY2024') when the milestone has no month."""
    if row.get("month"):
        return row["month"]
    return f"FY{row['fiscal_year']}" if lang == "en" else f"{row['fiscal_year']}年度"


class KpiCards(View):
    depends = ("period",)

    def __init__(self, state, snap):
        super().__init__(state, snap)
        self.layout = pn.pane.HTML(sizing_mode="stretch_width")

    def update(self) -> None:
        snap, lang, period, catalog = self.snap, self.lang, self.state.period, self.catalog
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
        self.layout.object = f"<div class='kpi-grid'>{''.join(cards)}</div>"


def _map_columns(code: str) -> list[str]:
    return list(dict.fromkeys(["prefecture_code", "prefecture_name", "prefecture_name_en", "period", code]))


class MapView(View):
    depends = ("period", "indicator")

    def __init__(self, state, snap):
        super().__init__(state, snap)
        lang, code, period = self.lang, state.indicator, state.period
        self.choropleth = maps.Choropleth(state.open_prefecture)
        self.tiles = maps.TileGrid(t("tile_title", lang), lang, state.open_prefecture)
        frame = data.prefecture_quarter(snap, period)
        self.chart = chart_table(self.choropleth.fig, frame.select(_map_columns(code)), f"map_{code}_{period}",
                                 self.catalog, lang)
        self.layout = pn.Column(
            note(f"{t('map_hint', lang)}　{t('map_no_data', lang)}"),
            pn.Row(self.chart.tabs, pn.pane.Bokeh(self.tiles.fig, sizing_mode="stretch_width"),
                   sizing_mode="stretch_width"),
            sizing_mode="stretch_width")

    def update(self) -> None:
        lang, code, period, catalog = self.lang, self.state.indicator, self.state.period, self.catalog
        frame = data.prefecture_quarter(self.snap, period)
        unit, direction = catalog.unit(code), catalog.direction(code)
        self.choropleth.update(frame, code, f"{catalog.name(code, lang)}（{period}）", unit, direction, lang)
        self.tiles.update(frame, code, unit, direction, lang)
        self.chart.tables[0].update(frame.select([c for c in _map_columns(code) if c in frame.columns]),
                                    f"map_{code}_{period}")


class RolloutView(View):
    """Depends on the language and snapshot only: made with the page."""

    def __init__(self, state, snap):
        super().__init__(state, snap)
        lang = self.lang
        national, milestones = data.national(snap), data.milestones(snap)
        stage_columns = [c for c in national.columns if c.startswith("prefectures_stage_")]
        frame = national.select("period", "target_stage", *stage_columns, "prefectures_on_track_or_ahead")
        listed = "　".join(f"◆{row['milestone_no']} {_milestone_when(row, lang)} {row[f'label_{lang}']}"
                          for row in milestones.to_dicts())
        self.layout = pn.Column(chart_table(charts.rollout(national, milestones, lang), frame, "rollout",
                                            self.catalog, lang, height=260).tabs,
                                note(f"{t('milestone', lang)}: {listed}"), sizing_mode="stretch_width")

    def update(self) -> None:
        pass


def ranking_frame(snap: data.Snapshot, catalog: Catalog, period: str, code: str, lang: str) -> pl.DataFrame:
    """All prefectures ranked by the indicator (best first), against the national value, with their schedule."""
    frame = data.prefecture_quarter(snap, period)
    national_value = data.national_row(snap, period).get(code)
    comparable = catalog.is_comparable(code)
    direction = catalog.direction(code)
    name_column = "prefecture_name_en" if lang == "en" else "prefecture_name"
    ranked = frame.sort(code, descending=direction != "lower_is_better", nulls_last=True).with_row_index(
        "rank", offset=1)
    verdicts = {v: COMPARISON[compare(v, national_value, direction) if comparable else "not_compared"].label(lang)
                for v in ranked[code].drop_nulls().unique().to_list()}
    schedule = {key: status.label(lang) for key, status in SCHEDULE.items()}
    ranked = ranked.with_columns(
        pl.when(pl.col(code).is_not_null()).then(pl.col("rank")).alias("rank"),
        pl.lit(national_value, dtype=pl.Float64).alias("national_value"),
        pl.col(code).replace_strict(verdicts, default=COMPARISON["no_data" if comparable else "not_compared"]
                                    .label(lang), return_dtype=pl.String)
        .alias("vs_national"),
        pl.col("schedule_status").fill_null("no_data").replace_strict(schedule, return_dtype=pl.String)
        .alias("schedule"),
    )
    # the indicator may itself be one of the fixed columns (quarters_behind): each column once
    columns = dict.fromkeys(["rank", "prefecture_code", name_column, code, "national_value", "vs_national",
                             "schedule", "quarters_behind"])
    return ranked.select(*columns)


class RankingView(View):
    depends = ("period", "indicator")

    def __init__(self, state, snap):
        super().__init__(state, snap)
        self._empty = note(t("no_data", self.lang))
        self._block = None
        self.layout = pn.Column(self._empty, sizing_mode="stretch_width")

    def _titles(self) -> dict[str, str]:
        lang = self.lang
        name_column = "prefecture_name_en" if lang == "en" else "prefecture_name"
        return {"rank": t("rank", lang), "prefecture_code": "", name_column: t("prefecture", lang),
                "national_value": t("national", lang), "vs_national": t("vs_national", lang),
                "schedule": t("schedule_status", lang), "quarters_behind": t("quarters_behind", lang)}

    def update(self) -> None:
        code, period, lang = self.state.indicator, self.state.period, self.lang
        if code not in data.prefecture_quarter(self.snap, period).columns:
            set_objects(self.layout, [self._empty])
            return
        ranked = data.memo_of(self.snap, ranking_frame, self.catalog, period, code, lang)
        name, units = f"ranking_{code}_{period}", {"national_value": self.catalog.unit(code)}
        if self._block is None:
            self._block = TableBlock(ranked, name, self.catalog, lang, titles=self._titles(), units=units,
                                     page_size=47, height=420, css_classes=["ranking-table"])
        else:
            self._block.update(ranked, name, units=units)
        set_objects(self.layout, [self._block.layout])


class OverviewPage(Page):
    def build(self, snap: data.Snapshot) -> list:
        lang, state = self.state.lang, self.state
        return [
            pn.Row(self.follow("period", controls.period_select(state, snap)),
                   self.follow("indicator", controls.indicator_select(state, snap, "mart_prefecture_quarter"))),
            self.add(KpiCards(state, snap)), heading(t("map_title", lang)), self.add(MapView(state, snap)),
            heading(t("rollout_title", lang)), self.add(RolloutView(state, snap)),
            heading(t("ranking_title", lang)), self.add(RankingView(state, snap)),
        ]
