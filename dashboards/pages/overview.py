"""全国概況 — KPI cards, map + tile grid, rollout chart, ranking against the national value."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import panel as pn
import polars as pl

from dashboards import charts, controls, data, geo, maps
from dashboards.catalog import Catalog
from dashboards.components.batching import set_objects
from dashboards.components.chart_table import ChartTable, chart_table
from dashboards.components.exports import indicator_export
from dashboards.components.layout import heading, note, wrapping
from dashboards.components.page import Page, View
from dashboards.components.tables import TableBlock
from dashboards.formatting import (
    COMPARISON,
    MONTHS_EN,
    SCHEDULE,
    VERDICT_COLOURS,
    compare,
    format_change,
    format_value,
    interval_text,
    period_label,
    stage_label,
    verdict,
)
from dashboards.picker import picker_html
from dashboards.state import query_of
from dashboards.texts import t
from dashboards.views.changes import CHANGES_TITLE, ChangesPanel
from dashboards.views.lateness import LatenessView

MAX_RATE_CARDS = 6
# tile text colours that reach 4.5:1 on the status colours
TILE_INK = {"ahead": "#ffffff", "on_track": "#000000", "behind": "#000000", "no_data": "#ffffff"}


def _card(title: str, value: str, detail: str, css: str = "") -> str:
    return (f"<div class='kpi-card {css}'><div class='kpi-title'>{html.escape(title)}</div>"
            f"<div class='kpi-value'>{value}</div><div class='kpi-detail'>{detail}</div></div>")


def _milestone_when(row: dict, lang: str) -> str:
    """'2025年9月' / 'Sep 2025', or the fiscal year ('2024年度' / 'FY2024') when the milestone has no month."""
    month = str(row.get("month") or "")
    if len(month) == 7 and month[4] == "-":
        year, number = int(month[:4]), int(month[5:])
        return f"{MONTHS_EN[number - 1]} {year}" if lang == "en" else f"{year}年{number}月"
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
        cards = [_card(t("on_track_kpi", lang), f"{format_value(on_track, 'prefectures', lang, with_unit=False)}"
                       f" / {total}", f"{t('change', lang)} {format_change(change, 'prefectures', lang)}",
                       "kpi-schedule")]
        with_target = [c for c in data.indicators_in(snap, "mart_national_quarter", measures_only=True)
                       if catalog.target(c) is not None and c != "prefectures_on_track_or_ahead"]
        for code in with_target[:MAX_RATE_CARDS]:
            unit, value, target = catalog.unit(code), now.get(code), catalog.target(code)
            delta = None if value is None or before.get(code) is None else value - before[code]
            reached = verdict(compare(value, target, unit), catalog.direction(code))
            met = "" if reached == "none" else t("target_met" if reached != "worse" else "target_not_met", lang)
            detail = (f"{t('target', lang)} {format_value(target, unit, lang)}　{met}<br>"
                      f"{t('change', lang)} {format_change(delta, unit, lang)}")
            cards.append(_card(catalog.name(code, lang), format_value(value, unit, lang), detail))
        self.layout.object = f"<div class='kpi-grid'>{''.join(cards)}</div>"


def _map_columns(code: str, lang: str) -> list[str]:
    name_column = "prefecture_name_en" if lang == "en" else "prefecture_name"
    return list(dict.fromkeys(["prefecture_code", name_column, "period", code]))


def _map_titles(lang: str) -> dict[str, str]:
    name_column = "prefecture_name_en" if lang == "en" else "prefecture_name"
    return {"prefecture_code": t("code", lang), name_column: t("prefecture", lang), "period": t("period", lang)}


def behind_order(frame: pl.DataFrame) -> pl.DataFrame:
    """Prefectures behind schedule, worst first: most quarters behind, then the largest stage gap."""
    return frame.filter(pl.col("schedule_status") == "behind").sort(
        ["quarters_behind", "stage_gap", "prefecture_code"], descending=[True, False, False])


def tile_detail(row: dict, lang: str) -> str:
    """What a tile says under the name: 先行 / 予定どおり / 3期遅れ / なし."""
    status = row.get("schedule_status") or "no_data"
    if status == "behind":
        behind = row.get("quarters_behind") or 0
        return f"{behind}Q late" if lang == "en" else f"{behind}期遅れ"
    return {"ahead": ("先行", "Ahead"), "on_track": ("予定どおり", "On track"), "no_data": ("なし", "No data")}[
        status][lang == "en"]


def spoken_status(row: dict, name: str, lang: str) -> str:
    """The sentence a screen reader says for a prefecture: 'Tokyo: behind, 3 quarters behind, stage 2 …'."""
    status = SCHEDULE[row.get("schedule_status") or "no_data"]
    parts = [name, status.label(lang)]
    if row.get("schedule_status") == "behind":
        behind = row.get("quarters_behind") or 0
        parts.append(f"{behind} quarters behind" if lang == "en" else f"{behind}四半期遅れ")
    if row.get("platform_stage") is not None:
        parts.append(stage_label(row["platform_stage"], lang))
    return ("; " if lang == "en" else "、").join(parts)


def schedule_summary(frame: pl.DataFrame, period: str, lang: str) -> str:
    """The text alternative of the schedule map: counts by status and the worst laggard."""
    counts = {key: int((frame["schedule_status"].fill_null("no_data") == key).sum()) for key in SCHEDULE}
    listed = ("、" if lang == "ja" else ", ").join(
        f"{SCHEDULE[key].label(lang)} {counts[key]}" for key in SCHEDULE if counts[key] or key != "no_data")
    worst = behind_order(frame).head(1).to_dicts()
    name_column = "prefecture_name_en" if lang == "en" else "prefecture_name"
    if lang == "en":
        text = f"{period_label(period, lang)}: {listed} prefectures."
        if worst:
            text += f" Furthest behind: {worst[0][name_column]} ({worst[0]['quarters_behind']} quarters)."
        return text
    text = f"{period_label(period, lang)}の状況：{listed}（都道府県数）。"
    if worst:
        text += f"最も遅れているのは{worst[0][name_column]}（{worst[0]['quarters_behind']}四半期）です。"
    return text


def profile_link(state) -> Callable[[str], str]:
    """The URL of a prefecture's profile, keeping the session's period and language."""
    return lambda code: query_of(state, page="prefecture", pref=code)


def schedule_legend(lang: str) -> str:
    chips = "".join(f"<li><span class='swatch' style='background:{s.colour}'></span>{s.label(lang)}</li>"
                    for s in SCHEDULE.values())
    return f"<ul class='legend' aria-label='{t('legend', lang)}'>{chips}</ul>"


class ScheduleView(View):
    """Schedule first: map and tile grid coloured by status, the laggards worst first, all clickable."""

    depends = ("period",)

    def __init__(self, state, snap):
        super().__init__(state, snap)
        lang = self.lang
        self.map = maps.ScheduleMap(profile_link(state), lang)
        self.tiles = pn.pane.HTML(sizing_mode="stretch_width", css_classes=["tile-grid"])
        self.behind = pn.pane.HTML(sizing_mode="stretch_width", css_classes=["behind-list"])
        self._summary = pn.pane.HTML(sizing_mode="stretch_width", css_classes=["chart-summary"])
        self._none_behind = note(t("none_behind", lang))
        frame, name, titles = self._table()
        self.table = TableBlock(frame, name, self.catalog, lang, titles=titles, page_size=47, height=420)
        # map above the tiles: a Bokeh pane in a wrapping row was drawn with a plot area of zero size (blank)
        self.chart = ChartTable(pn.Column(pn.pane.Bokeh(self.map.fig, sizing_mode="stretch_width", max_width=720),
                                          pn.Column(self.tiles, sizing_mode="stretch_width", max_width=720),
                                          sizing_mode="stretch_width", css_classes=["map-row"]),
                                [self.table], lang)
        self.layout = pn.Column(
            self._summary, pn.pane.HTML(schedule_legend(lang) + f"<p class='note'>{t('map_hint', lang)}</p>",
                                        sizing_mode="stretch_width"),
            self.chart.tabs, heading(t("behind_title", lang), 3), self._none_behind, self.behind,
            sizing_mode="stretch_width")

    def _table(self) -> tuple[pl.DataFrame, str, dict]:
        lang, period = self.lang, self.state.period
        frame = data.prefecture_quarter(self.snap, period)
        name_column = "prefecture_name_en" if lang == "en" else "prefecture_name"
        labels = {key: status.label(lang) for key, status in SCHEDULE.items()}
        table = frame.select(
            pl.lit(period_label(period, lang)).alias("period"), "prefecture_code", name_column,
            pl.col("schedule_status").fill_null("no_data").replace_strict(labels, return_dtype=pl.String)
            .alias("schedule"), "quarters_behind", "platform_stage", "target_stage")
        titles = {"period": t("period", lang), "prefecture_code": t("code", lang),
                  name_column: t("prefecture", lang), "schedule": t("schedule_status", lang),
                  "quarters_behind": t("quarters_behind", lang)}
        return table, t("export_schedule", lang, period=period_label(period, lang)), titles

    def update(self) -> None:
        lang, period = self.lang, self.state.period
        frame = data.prefecture_quarter(self.snap, period)
        name_column = "prefecture_name_en" if lang == "en" else "prefecture_name"
        rows = frame.to_dicts()
        statuses = [SCHEDULE[r.get("schedule_status") or "no_data"] for r in rows]
        self.map.update(frame, t("schedule_map_title", lang, period=period_label(period, lang)),
                        [spoken_status(r, r[name_column], lang) for r in rows], [s.colour for s in statuses], lang)
        self.tiles.object = picker_html([self._item(r, r[name_column], grid=True) for r in rows], "grid",
                                        t("tile_title", lang))
        behind = behind_order(frame).to_dicts()
        self.behind.object = picker_html([self._item(r, r[name_column], grid=False) for r in behind], "list",
                                         t("behind_title", lang))
        self.behind.visible = bool(behind)
        self._none_behind.visible = not behind
        self._summary.object = f"<p class='summary'>{html.escape(schedule_summary(frame, period, lang))}</p>"
        table, name, titles = self._table()
        self.table.update(table, name, titles=titles)

    def _item(self, row: dict, name: str, grid: bool) -> dict:
        lang, code = self.lang, row["prefecture_code"]
        status = row.get("schedule_status") or "no_data"
        x, y = geo.TILE_GRID[code]
        return {"code": code, "href": profile_link(self.state)(code),
                "name": maps.short_name(name, lang) if grid else name,
                "detail": tile_detail(row, lang), "spoken": spoken_status(row, name, lang),
                "colour": SCHEDULE[status].colour, "ink": TILE_INK[status], "x": x, "y": y}


class MapView(View):
    """The chosen indicator on the prefecture map (the schedule has its own map above)."""

    depends = ("period", "indicator")

    def __init__(self, state, snap):
        super().__init__(state, snap)
        lang, code, period = self.lang, state.indicator, state.period
        self.choropleth = maps.Choropleth(profile_link(state))
        frame = data.prefecture_quarter(snap, period)
        self.chart = chart_table(self.choropleth.fig, frame.select(_map_columns(code, lang)), f"map_{code}_{period}",
                                 self.catalog, lang, titles=_map_titles(lang), export_drop=("period",),
                                 **indicator_export(self.catalog, code, period, lang))
        self.layout = pn.Column(note(f"{t('map_hint', lang)}　{t('map_no_data', lang)}"), self.chart.tabs,
                                sizing_mode="stretch_width")

    def update(self) -> None:
        lang, code, period, catalog = self.lang, self.state.indicator, self.state.period, self.catalog
        frame = data.prefecture_quarter(self.snap, period)
        unit, direction = catalog.unit(code), catalog.direction(code)
        self.choropleth.update(frame, code, f"{catalog.name(code, lang)}（{period_label(period, lang)}）", unit,
                               direction, lang)
        self.chart.tables[0].update(frame.select([c for c in _map_columns(code, lang) if c in frame.columns]),
                                    f"map_{code}_{period}", **indicator_export(catalog, code, period, lang))


class RolloutView(View):
    """Depends on the language and snapshot only: made with the page."""

    def __init__(self, state, snap):
        super().__init__(state, snap)
        lang = self.lang
        national, milestones = data.national(snap), data.milestones(snap)
        stage_columns = [c for c in national.columns if c.startswith("prefectures_stage_")]
        frame = national.select("period", "target_stage", *stage_columns, "prefectures_on_track_or_ahead")
        frame = frame.with_columns(pl.col("period").map_elements(lambda p: period_label(p, lang),
                                                                  return_dtype=pl.String))
        listed = "　".join(f"◆{row['milestone_no']} {_milestone_when(row, lang)} {row[f'label_{lang}']}"
                          for row in milestones.to_dicts())
        titles = {"period": t("period", lang), "target_stage": t("target_stage", lang)}
        self.layout = pn.Column(
            pn.pane.HTML(f"<p class='summary'>{html.escape(rollout_summary(national, lang))}</p>",
                         sizing_mode="stretch_width"),
            note(t("rollout_hatch", lang)),
            chart_table(charts.rollout(national, milestones, lang), frame, t("rollout_title", lang), self.catalog,
                        lang, height=260, titles=titles).tabs,
            pn.pane.HTML(f"<p class='note'>{html.escape(t('milestone', lang))}: {mark_japanese(listed, lang)}</p>",
                         sizing_mode="stretch_width"), sizing_mode="stretch_width")

    def update(self) -> None:
        pass


def mark_japanese(text: str, lang: str) -> str:
    """Escaped text; in the English UI, Japanese names in it (official titles) are marked lang=ja."""
    escaped = html.escape(text)
    return re.sub(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]+", lambda m: f"<span lang='ja'>{m[0]}</span>",
                  escaped) if lang == "en" else escaped


def rollout_summary(national: pl.DataFrame, lang: str) -> str:
    """The text alternative of the rollout chart: the latest period's prefectures by stage and on schedule."""
    if national.is_empty():
        return t("no_data", lang)
    last = national.row(-1, named=True)
    counts = ("、" if lang == "ja" else ", ").join(
        f"{stage_label(stage, lang)} {last.get(f'prefectures_stage_{stage}') or 0}" for stage in range(5))
    return t("rollout_summary", lang, period=period_label(last["period"], lang), counts=counts,
             target=stage_label(last.get("target_stage"), lang), on_track=last.get("prefectures_on_track_or_ahead"))


def ranking_frame(snap: data.Snapshot, catalog: Catalog, period: str, code: str, lang: str) -> pl.DataFrame:
    """All prefectures ranked by the indicator (best first), against the national value, with their schedule."""
    frame = data.prefecture_quarter(snap, period)
    national_value = data.national_row(snap, period).get(code)
    comparable = catalog.is_comparable(code)
    direction, unit = catalog.direction(code), catalog.unit(code)
    survey = catalog.is_survey_rate(code)
    name_column = "prefecture_name_en" if lang == "en" else "prefecture_name"
    ranked = frame.sort(code, descending=direction != "lower_is_better", nulls_last=True).with_row_index(
        "rank", offset=1)
    respondents = ranked["survey_respondents"].to_list() if survey else [None] * len(ranked)
    comparisons = [compare(value, national_value, unit, n) if comparable else "not_compared"
                   for value, n in zip(ranked[code].to_list(), respondents, strict=True)]
    schedule = {key: status.label(lang) for key, status in SCHEDULE.items()}
    ranked = ranked.with_columns(
        pl.when(pl.col(code).is_not_null()).then(pl.col("rank")).alias("rank"),
        pl.Series("vs_national", [COMPARISON[c].label(lang) for c in comparisons], dtype=pl.String),
        pl.Series("verdict", [verdict(c, direction) for c in comparisons], dtype=pl.String),
        pl.Series("interval", [interval_text(v, n, lang) if survey else ""
                               for v, n in zip(ranked[code].to_list(), respondents, strict=True)], dtype=pl.String),
        pl.col("schedule_status").fill_null("no_data").replace_strict(schedule, return_dtype=pl.String)
        .alias("schedule"),
    )
    # the indicator may itself be one of the fixed columns (quarters_behind): each column once
    columns = ["rank", "prefecture_code", name_column, code, *(["interval"] if survey else []),
               *(["vs_national", "verdict"] if comparable else []), "schedule", "quarters_behind"]
    return ranked.select(*dict.fromkeys(columns))


def comparison_legend(lang: str, survey: bool) -> str:
    """How 全国より高い/同程度/低い is decided and what the colours mean."""
    chips = "".join(f"<span class='verdict-chip' style='color:{VERDICT_COLOURS[key]}'>■ {t(f'verdict_{key}', lang)}"
                    "</span>" for key in ("better", "similar", "worse"))
    rule = t("rule_interval" if survey else "rule_precision", lang)
    return f"{chips}<br>{rule}"


class RankingView(View):
    depends = ("period", "indicator")

    def __init__(self, state, snap):
        super().__init__(state, snap)
        self._empty = note(t("no_data", self.lang))
        self._block = None
        self._national = pn.pane.HTML(sizing_mode="stretch_width")
        self.layout = pn.Column(self._empty, sizing_mode="stretch_width")

    def _titles(self) -> dict[str, str]:
        lang = self.lang
        name_column = "prefecture_name_en" if lang == "en" else "prefecture_name"
        return {"rank": t("rank", lang), "prefecture_code": t("code", lang), name_column: t("prefecture", lang),
                "vs_national": t("vs_national", lang), "interval": t("interval", lang),
                "schedule": t("schedule_status", lang), "quarters_behind": t("quarters_behind", lang)}

    def update(self) -> None:
        code, period, lang = self.state.indicator, self.state.period, self.lang
        if code not in data.prefecture_quarter(self.snap, period).columns:
            set_objects(self.layout, [self._empty])
            return
        ranked = data.memo_of(self.snap, ranking_frame, self.catalog, period, code, lang)
        catalog, unit = self.catalog, self.catalog.unit(code)
        name = t("export_ranking", lang, indicator=catalog.name(code, lang), period=period_label(period, lang))
        if self._block is None:
            self._block = TableBlock(ranked, name, catalog, lang, titles=self._titles(), page_size=47, height=420,
                                     css_classes=["ranking-table"], hidden_columns=["verdict"],
                                     **indicator_export(catalog, code, period, lang))
        else:
            self._block.update(ranked, name, **indicator_export(catalog, code, period, lang))
        national = format_value(data.national_row(self.snap, period).get(code), unit, lang)
        text = f"{t('national', lang)}（{period_label(period, lang)}）: <b>{national}</b>"
        if catalog.is_comparable(code):
            text += f"<br>{comparison_legend(lang, catalog.is_survey_rate(code))}"
        self._national.object = f"<p class='note'>{text}</p>"
        set_objects(self.layout, [self._national, self._block.layout])


class OverviewPage(Page):
    def build(self, snap: data.Snapshot) -> list:
        lang, state = self.state.lang, self.state
        return [
            wrapping(self.follow("period", controls.period_select(state, snap))),
            self.add(KpiCards(state, snap)),
            heading(CHANGES_TITLE[lang], 2), self.add(ChangesPanel(state, snap)),
            heading(t("schedule_title", lang), 2), self.add(ScheduleView(state, snap)),
            heading(t("lateness_title", lang), 3), self.add(LatenessView(state, snap)),
            heading(t("rollout_title", lang), 2), self.add(RolloutView(state, snap)),
            heading(t("indicator_section", lang), 2),
            wrapping(self.follow("indicator", controls.indicator_select(state, snap, "mart_prefecture_quarter"))),
            heading(t("map_title", lang), 3), self.add(MapView(state, snap)),
            heading(t("ranking_title", lang), 3), self.add(RankingView(state, snap)),
        ]
