"""One line on where a prefecture stands in the period: its stage, the target, the schedule status."""

from __future__ import annotations

import panel as pn

from dashboards import data
from dashboards.components.page import View
from dashboards.formatting import SCHEDULE, format_value, period_label, stage_label
from dashboards.texts import t


class ScheduleSummary(View):
    depends = ("pref", "period")

    def __init__(self, state, snap):
        super().__init__(state, snap)
        self.layout = pn.pane.HTML(sizing_mode="stretch_width")

    def update(self) -> None:
        snap, lang, pref, period = self.snap, self.lang, self.state.pref, self.state.period
        row = data.prefecture_row(snap, pref, period)
        status = SCHEDULE[row.get("schedule_status") or "no_data"]
        behind = row.get("quarters_behind")
        text = (f"<b>{data.prefecture_name(snap, pref, lang)}</b>（{period_label(period, lang)}）　"
                f"{t('stage', lang)}: <b>{stage_label(row.get('platform_stage'), lang)}</b>　"
                f"{t('target_stage', lang)}: {stage_label(row.get('target_stage'), lang)}　"
                f"<span class='status-chip' style='background:{status.colour}'></span><b>{status.label(lang)}</b>　"
                f"{t('quarters_behind', lang)}: {format_value(behind, 'quarters', lang)}")
        self.layout.object = f"<div class='summary pref-summary' role='status'>{text}</div>"
