"""市区町村プロファイル — one municipality over time against its prefecture, the nation and its peers
(?page=municipality&muni=131016)."""

from __future__ import annotations

import panel as pn
import polars as pl

from dashboards import controls, data
from dashboards.components.layout import heading, wrapping
from dashboards.components.page import Page, View
from dashboards.texts import t
from dashboards.views.municipality import MunicipalityComparison, MunicipalitySummary, MunicipalityTrend, PeerList
from dashboards.views.municipality_table import CONSTANT_COLUMNS


def first_municipality(snap: data.Snapshot, prefecture_code: str) -> str:
    """The first municipality (by code) of the prefecture: the profile shown when none is chosen."""
    directory = data.municipality_directory(snap)
    own = directory.filter(pl.col("prefecture_code") == prefecture_code)
    chosen = own if not own.is_empty() else directory
    return chosen["municipality_code"][0] if not chosen.is_empty() else ""


class MunicipalitySelect(View):
    """The municipalities of the chosen prefecture; a choice sets state.muni."""

    depends = ("pref", "muni")

    def __init__(self, state, snap):
        super().__init__(state, snap)
        self.select = pn.widgets.Select(name=t("municipality", self.lang), width=260,
                                        css_classes=["municipality-select"])
        self._updating = False
        self.select.param.watch(self._chosen, "value")
        self.layout = self.select

    def _chosen(self, event) -> None:
        if event.new and not self._updating:  # a choice, not the options following the prefecture
            self.state.muni = event.new

    def update(self) -> None:
        own = data.municipality_directory(self.snap).filter(pl.col("prefecture_code") == self.state.pref)
        rows = own.select("municipality_code", "municipality_name").rows()
        options = {f"{name}（{code}）": code for code, name in rows}
        self._updating = True
        try:
            if self.select.options != options:
                self.select.options = options
            if self.state.muni in options.values():
                self.select.value = self.state.muni
        finally:
            self._updating = False


class MunicipalityPage(Page):
    FOLLOWS = (*Page.FOLLOWS, "muni")

    def __init__(self, **params):
        super().__init__(**params)
        self._prefecture_seen = None

    def refresh(self) -> None:
        snap = data.snapshot()
        if snap is not None:
            self._reconcile(snap)
        super().refresh()

    def _reconcile(self, snap: data.Snapshot) -> None:
        """Municipality and prefecture agree: an unknown code falls back (with a notice) to the prefecture's first
        municipality; a municipality from a link decides the prefecture; choosing another prefecture shows its
        first municipality."""
        state = self.state
        prefecture_of = dict(data.municipality_directory(snap).select("municipality_code", "prefecture_code").rows())
        quiet, self._building = self._building, True
        try:
            if state.muni and state.muni not in prefecture_of:
                state.fall_back("muni", state.muni, first_municipality(snap, state.pref))
            elif not state.muni:
                state.muni = first_municipality(snap, state.pref)
            elif prefecture_of[state.muni] != state.pref:
                if self._prefecture_seen in (None, state.pref):
                    state.pref = prefecture_of[state.muni]
                else:
                    state.muni = first_municipality(snap, state.pref)
        finally:
            self._building = quiet
        self._prefecture_seen = state.pref

    def build(self, snap: data.Snapshot) -> list:
        lang, state = self.state.lang, self.state
        return [
            wrapping(self.follow("pref", controls.prefecture_select(state, snap)),
                     self.add(MunicipalitySelect(state, snap)),
                     self.follow("period", controls.period_select(state, snap)),
                     self.follow("indicator", controls.indicator_select(state, snap, "mart_municipality_quarter",
                                                                        exclude=tuple(CONSTANT_COLUMNS)))),
            self.add(MunicipalitySummary(state, snap)),
            heading(t("muni_over_time", lang)), self.add(MunicipalityTrend(state, snap)),
            heading(t("muni_comparison", lang)), self.add(MunicipalityComparison(state, snap)),
            heading(t("peer_list", lang)), self.add(PeerList(state, snap)),
        ]
