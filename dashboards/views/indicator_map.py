"""The chosen indicator on the prefecture map, with its table."""

from __future__ import annotations

import panel as pn

from dashboards import data, maps
from dashboards.components.chart_table import chart_table
from dashboards.components.exports import indicator_export
from dashboards.components.layout import note
from dashboards.components.page import View
from dashboards.formatting import period_label
from dashboards.links import profile_link
from dashboards.texts import t


def _map_columns(code: str, lang: str) -> list[str]:
    name_column = "prefecture_name_en" if lang == "en" else "prefecture_name"
    return list(dict.fromkeys(["prefecture_code", name_column, "period", code]))


def _map_titles(lang: str) -> dict[str, str]:
    name_column = "prefecture_name_en" if lang == "en" else "prefecture_name"
    return {"prefecture_code": t("code", lang), name_column: t("prefecture", lang), "period": t("period", lang)}


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
