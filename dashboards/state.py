"""What one browser session is looking at; mirrored in the URL (?page=prefecture&pref=13&period=…)."""

from __future__ import annotations

from urllib.parse import urlencode

import param

from dashboards import data
from dashboards.data import GUEST_AUDIENCE, Audience

PAGES = ("overview", "prefecture", "municipalities", "municipality", "submissions", "definitions", "upload")
URL_PARAMETERS = ("page", "pref", "muni", "period", "indicator", "lang", "submission")
PAGE_ONLY = {"submission": "upload", "muni": "municipality"}  # carried only by links to that page
DEFAULT_INDICATOR = "kayoi_participation_rate"
DEFAULT_PREFECTURE = "13"


def fallback_value(name: str, options: list[str], snap: data.Snapshot) -> str:
    """What a selector shows when the link names a value it does not offer: the usual default if offered."""
    preferred = {"indicator": DEFAULT_INDICATOR, "pref": DEFAULT_PREFECTURE,
                 "period": data.latest_period(snap)}.get(name)
    return preferred if preferred in options else options[0]


class AppState(param.Parameterized):
    page = param.Selector(objects=list(PAGES), default="overview")
    pref = param.String(default=DEFAULT_PREFECTURE, doc="prefecture code '01'…'47'")
    muni = param.String(default="", doc="6-digit municipality code of the municipality profile; empty = the first "
                                        "municipality of the prefecture")
    period = param.String(default="", doc="e.g. FY2026Q2; empty = latest reported period")
    indicator = param.String(default=DEFAULT_INDICATOR, doc="indicator_catalog code")
    lang = param.Selector(objects=["ja", "en"], default="ja")
    submission = param.String(default="", doc="the submission whose upload report データ提出 shows (its id), so "
                                               "that a language switch or a reload keeps the report")
    data_version = param.Integer(default=0, doc="bumped when a new snapshot is published")
    audience = param.ClassSelector(class_=Audience, default=GUEST_AUDIENCE, constant=True,
                                   doc="who is logged in: decides whose submission details are shown")
    notices = param.List(default=[], doc="(parameter, value in the link, value shown instead): link values "
                                         "this session could not show, until the first change of page")
    from_link = param.Boolean(default=True, doc="still on the page the link opened (values came from the link)")

    def fall_back(self, name: str, given, shown: str) -> None:
        """Show `shown` instead of an unusable `given` value; say so when the value came from the link (a value
        carried over to a page that does not offer it changes silently)."""
        notice = (name, str(given), shown)
        notices = [*self.notices, notice] if self.from_link and notice not in self.notices else self.notices
        self.param.update(**{name: shown, "notices": notices})


def query_of(state: AppState, **changes: str) -> str:
    """The URL query of what the session shows (the period always in it once known), with `changes`."""
    values = {name: changes.get(name, getattr(state, name)) for name in URL_PARAMETERS}
    values = {name: value for name, value in values.items() if PAGE_ONLY.get(name, values["page"]) == values["page"]}
    return "?" + urlencode({name: value for name, value in values.items() if value})
