"""The overview's schedule first: map and tile grid coloured by status, the laggards worst first."""

from __future__ import annotations

import html

import panel as pn
import polars as pl

from dashboards import data, geo, maps
from dashboards.components.chart_table import ChartTable
from dashboards.components.layout import heading, note
from dashboards.components.page import View
from dashboards.components.tables import TableBlock
from dashboards.formatting import SCHEDULE, period_label, stage_label
from dashboards.links import profile_link
from dashboards.picker import picker_html
from dashboards.texts import t

# tile text colours that reach 4.5:1 on the status colours
TILE_INK = {"ahead": "#ffffff", "on_track": "#000000", "behind": "#000000", "no_data": "#ffffff"}


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
