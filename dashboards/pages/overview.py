"""全国概況 — KPI cards, map + tile grid, rollout chart, ranking against the national value."""

from __future__ import annotations

from dashboards import controls, data
from dashboards.components.layout import heading, wrapping
from dashboards.components.page import Page
from dashboards.texts import t
from dashboards.views.changes import CHANGES_TITLE, ChangesPanel
from dashboards.views.indicator_map import MapView
from dashboards.views.kpi_cards import KpiCards
from dashboards.views.lateness import LatenessView
from dashboards.views.ranking import RankingView
from dashboards.views.rollout import RolloutView
from dashboards.views.schedule import ScheduleView


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
