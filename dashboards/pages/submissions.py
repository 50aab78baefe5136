"""提出状況・データ品質 — the 47 × period submission matrix and the validation issues list."""

from __future__ import annotations

import panel as pn

from dashboards import data
from dashboards.components.layout import heading
from dashboards.components.page import Page
from dashboards.texts import FORM_LABELS, t
from dashboards.views.submission_matrix import MatrixView
from dashboards.views.validation_issues import IssuesView


class SubmissionsPage(Page):
    def build(self, snap: data.Snapshot) -> list:
        lang, state = self.state.lang, self.state
        form = pn.widgets.Select(
            name=t("form", lang), options={(en if lang == "en" else ja): code for code, ja, en in FORM_LABELS},
            value="municipal_report", width=300, css_classes=["form-select"])
        return [form, heading(t("matrix_title", lang)), self.add(MatrixView(state, snap, form)),
                heading(t("issues_title", lang)), self.later(lambda: [self.add(IssuesView(state, snap))])]
