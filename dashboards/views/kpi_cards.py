"""The overview's key figures: prefectures on schedule and the indicators with a target, against the
previous period."""

from __future__ import annotations

import html

import panel as pn

from dashboards import data
from dashboards.components.page import View
from dashboards.formatting import compare, format_change, format_value, verdict
from dashboards.texts import t

MAX_RATE_CARDS = 6


def _card(title: str, value: str, detail: str, css: str = "") -> str:
    return (f"<div class='kpi-card {css}'><div class='kpi-title'>{html.escape(title)}</div>"
            f"<div class='kpi-value'>{value}</div><div class='kpi-detail'>{detail}</div></div>")


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
