"""市区町村比較 — any indicator across municipalities, by prefecture and kind, with distribution and outliers."""

from __future__ import annotations

import panel as pn

from dashboards import controls, data
from dashboards.components.layout import heading, wrapping
from dashboards.components.page import Page
from dashboards.texts import t
from dashboards.views.municipality_comparison import ComparisonView, OutlierList
from dashboards.views.municipality_table import CONSTANT_COLUMNS


class MunicipalitiesPage(Page):
    def build(self, snap: data.Snapshot) -> list:
        lang, state = self.state.lang, self.state
        name_column = "prefecture_name_en" if lang == "en" else "prefecture_name"
        prefecture_filter = pn.widgets.MultiChoice(
            name=f"{t('prefecture', lang)}（{t('all_prefectures', lang)}）",
            options={n: c for c, n in data.prefectures(snap).select("prefecture_code", name_column).rows()},
            min_width=240, max_width=420, sizing_mode="stretch_width", css_classes=["prefecture-filter"])
        kind_filter = pn.widgets.CheckButtonGroup(
            name=t("kind", lang), options={(en if lang == "en" else ja): code
                                           for code, ja, en in data.municipality_kinds(snap).rows()},
            value=[], button_type="primary", button_style="outline", css_classes=["kind-filter"])
        return [
            wrapping(self.follow("indicator", controls.indicator_select(state, snap, "mart_municipality_quarter",
                                                                      exclude=tuple(CONSTANT_COLUMNS))),
                   self.follow("period", controls.period_select(state, snap)), prefecture_filter,
                   pn.Column(pn.pane.HTML(f"<label>{t('kind', lang)}</label>", margin=(0, 5)), kind_filter)),
            heading(t("distribution", lang)),
            self.add(ComparisonView(state, snap, prefecture_filter, kind_filter)),
            heading(t("outliers", lang), 3),
            self.later(lambda: [self.add(OutlierList(state, snap, prefecture_filter, kind_filter))]),
        ]
