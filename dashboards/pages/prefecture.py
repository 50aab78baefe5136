"""都道府県プロファイル — one prefecture against the national line and the rollout schedule."""

from __future__ import annotations

from dashboards import controls, data
from dashboards.components.layout import heading, wrapping
from dashboards.components.page import Page
from dashboards.texts import t
from dashboards.views.actors import ActorSummary, ActorsView
from dashboards.views.changes import CHANGES_TITLE, ChangesPanel, ReportDownloads, StageOutlook
from dashboards.views.domains import DomainView
from dashboards.views.indicator_table import IndicatorTable
from dashboards.views.model_types import ModelTypeView
from dashboards.views.municipality_table import MunicipalityTable
from dashboards.views.schedule_summary import ScheduleSummary
from dashboards.views.stage_projection import ProjectionTable
from dashboards.views.stage_timeline import StageView
from dashboards.views.submission_history import SubmissionHistory
from dashboards.views.submission_notes import SubmissionNotes
from dashboards.views.trend import TrendView


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
            heading(t("stage_timeline", lang)),
            self.later(lambda: [self.add(StageView(state, snap)), self.add(StageOutlook(state, snap)),
                                self.add(ProjectionTable(state, snap))]),
            heading(CHANGES_TITLE[lang]),
            self.later(lambda: [self.add(ChangesPanel(state, snap, for_prefecture=True))]),
            heading(t("actors_title", lang)),
            self.later(lambda: [self.add(ActorSummary(state, snap)), self.add(ActorsView(state, snap))]),
            heading(t("model_types_title", lang), 3), self.later(lambda: [self.add(ModelTypeView(state, snap))]),
            heading(t("domains_title", lang)), self.later(lambda: [self.add(DomainView(state, snap))]),
            heading(t("municipality_table", lang)), self.later(lambda: [self.add(MunicipalityTable(state, snap))]),
            heading(t("submission_history", lang)), self.later(lambda: [self.add(SubmissionHistory(state, snap))]),
        ]
