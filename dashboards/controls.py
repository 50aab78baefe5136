"""Selectors linked to the session state: a choice sets the state; `Page.follow` sets them back from the state
(so they follow the URL and each other)."""

from __future__ import annotations

import panel as pn

from dashboards import data
from dashboards.catalog import Catalog
from dashboards.formatting import period_label
from dashboards.state import AppState
from dashboards.texts import t


def _linked_select(state: AppState, name: str, label_key: str, options: dict[str, str],
                   css_class: str) -> pn.widgets.Select:
    value = getattr(state, name)
    select = pn.widgets.Select(name=t(label_key, state.lang), options=options, width=260,
                               value=value if value in options.values() else None, css_classes=[css_class])
    select.param.watch(lambda event: event.new is not None and setattr(state, name, event.new), "value")
    return select  # the page it sits on sets it back to the state when the state changes elsewhere


def period_select(state: AppState, snap: data.Snapshot) -> pn.widgets.Select:
    options = {period_label(period, state.lang): period for period in reversed(data.periods(snap))}
    return _linked_select(state, "period", "period", options, "period-select")


def prefecture_select(state: AppState, snap: data.Snapshot) -> pn.widgets.Select:
    name_column = "prefecture_name_en" if state.lang == "en" else "prefecture_name"
    options = {name: code for code, name in
               data.prefectures(snap).select("prefecture_code", name_column).rows()}
    return _linked_select(state, "pref", "prefecture", options, "prefecture-select")


def indicator_select(state: AppState, snap: data.Snapshot, table: str,
                     exclude: tuple[str, ...] = ()) -> pn.widgets.Select:
    codes = [code for code in data.indicators_in(snap, table, measures_only=True) if code not in exclude]
    options = Catalog(data.catalog(snap)).options(codes, state.lang)
    select = _linked_select(state, "indicator", "indicator", options, "indicator-select")
    select.width = 340
    return select
