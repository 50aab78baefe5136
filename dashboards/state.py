"""What one browser session is looking at; mirrored in the URL (?page=prefecture&pref=13&period=…)."""

from __future__ import annotations

import param

from dashboards.data import GUEST_AUDIENCE, Audience

PAGES = ("overview", "prefecture", "municipalities", "submissions", "definitions", "upload")
URL_PARAMETERS = ("page", "pref", "period", "indicator", "lang")
DEFAULT_INDICATOR = "kayoi_participation_rate"


class AppState(param.Parameterized):
    page = param.Selector(objects=list(PAGES), default="overview")
    pref = param.String(default="13", doc="prefecture code '01'…'47'")
    period = param.String(default="", doc="e.g. FY2026Q2; empty = latest reported period")
    indicator = param.String(default=DEFAULT_INDICATOR, doc="indicator_catalog code")
    lang = param.Selector(objects=["ja", "en"], default="ja")
    data_version = param.Integer(default=0, doc="bumped when a new snapshot is published")
    audience = param.ClassSelector(class_=Audience, default=GUEST_AUDIENCE, constant=True,
                                   doc="who is logged in: decides whose submission details are shown")

    def open_prefecture(self, prefecture_code: str) -> None:
        self.param.update(pref=prefecture_code, page="prefecture")
