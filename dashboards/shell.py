"""The page frame shared by every page: header, navigation, freshness banner, language toggle, URL state."""

from __future__ import annotations

import html
import time
from urllib.parse import parse_qsl, urlsplit

import panel as pn
import param
from panel.viewable import Viewer

from dashboards import auth, data, errors
from dashboards.browser import BrowserWindow, nav_html, state_html
from dashboards.catalog import catalog_of
from dashboards.components.batching import batched, set_objects
from dashboards.formatting import format_datetime
from dashboards.state import DEFAULT_PREFECTURE, PAGES, URL_PARAMETERS, AppState, query_of
from dashboards.texts import t

SNAPSHOT_CHECK_MS = 30_000
PAGES_WITHOUT_SNAPSHOT = {"upload"}  # prefectures can submit before anything was ever published


def _when(stamp: str | None, lang: str = "ja") -> str:
    """ISO 8601 → '2026年12月1日 10:05' / '1 Dec 2026, 10:05' in Japan time; '―' when missing."""
    return format_datetime(stamp, lang)


def freshness_html(status: dict | None, lang: str) -> str:
    """Banner text: last refresh, latest submission, and a warning when the latest refresh failed."""
    if not status:
        return f"<div class='freshness' role='status'>{t('never_refreshed', lang)}</div>"
    as_of = "" if lang == "en" else " 時点"
    facts = (f"{t('refreshed', lang)}: <b>{_when(status.get('last_success_at'), lang)}{as_of}</b>"
             f"<span class='sep'>｜</span>{t('latest_submission', lang)}: "
             f"<b>{_when(status.get('latest_submission_received_at'), lang)}</b>")
    parts = [f"<div class='freshness' role='status'>{facts}</div>"]
    if status.get("state") == "failed":
        # the technical reason stays in refresh_status.json and Dagster's run log
        warning = t("refresh_failed", lang, at=_when(status.get("last_failure_at"), lang),
                    ok=_when(status.get("last_success_at"), lang))
        parts.append(f"<div class='refresh-failed' role='alert'>{warning}</div>")
    elif status.get("state") == "running":
        parts.append(f"<div class='refresh-running' role='status'>"
                     f"{t('refresh_running', lang, at=_when(status.get('last_attempt_started_at'), lang))}</div>")
    return "".join(parts)


LINK_PARTS = {"page": ("ページ", "page"), "pref": ("都道府県", "prefecture"), "period": ("期間", "period"),
              "indicator": ("指標", "indicator"), "lang": ("表示言語", "language"), "muni": ("市町村", "municipality"),
              "submission": ("提出", "submission")}


def link_notice_html(notices: list[tuple[str, str, str]], lang: str, catalog=None,
                     municipality_names: dict[str, str] | None = None) -> str:
    """One line per link value that could not be shown, naming what is shown instead (an indicator by its
    catalog name, a municipality by its code and name)."""
    lines = []
    for name, given, shown in notices:
        part = LINK_PARTS.get(name, (name, name))[lang == "en"]
        if name == "indicator" and catalog is not None:
            shown = catalog.name(shown, lang)
        if name == "muni" and municipality_names:
            shown = f"{shown} {municipality_names.get(shown, '')}".strip()
        given, shown = html.escape(given[:40]), html.escape(shown)
        if not shown:
            lines.append(f"The {part} “{given}” in the link is not available here." if lang == "en" else
                         f"リンクの{part}「{given}」はここでは表示できません。")
            continue
        lines.append(f"The {part} “{given}” in the link is not available here; showing “{shown}” instead."
                     if lang == "en" else
                     f"リンクの{part}「{given}」はここでは表示できません。「{shown}」を表示しています。")
    return f"<div class='link-notice' role='status'>{'<br>'.join(lines)}</div>" if lines else ""


def url_values(arguments: dict[str, list]) -> dict[str, str]:
    """The state's values in the arguments of the URL that opened the session (Bokeh keeps them for a session
    made when the websocket arrives too, which the address in the request does not say)."""
    def text(value) -> str:
        return value.decode("utf-8", errors="replace") if isinstance(value, bytes) else str(value)

    return {name: text(values[-1]) for name, values in arguments.items() if name in URL_PARAMETERS and values}


class Shell(Viewer):
    """Header + navigation + banner around the current page; one instance per browser session."""

    state = param.ClassSelector(class_=AppState)

    def __init__(self, page_factories: dict, **params):
        params.setdefault("state", AppState())
        super().__init__(**params)
        self._factories = page_factories
        self._pages: dict[str, Viewer] = {}
        self._frames: dict[str, pn.Column] = {}  # page name → the (hidden unless current) column holding it
        self._no_snapshot = pn.pane.HTML(sizing_mode="stretch_width", visible=False)
        self._snapshot_key = data.snapshot_key()
        self._show_values(url_values(pn.state.session_args))  # the window follows the state from now on
        self._settle_defaults()
        self._browser = BrowserWindow(self._follow_link, waiting_text=t("loading", self.state.lang))
        self._window_state = pn.pane.HTML(sizing_mode="stretch_width", margin=0, height=0)
        self._nav = pn.pane.HTML(sizing_mode="stretch_width", margin=0, css_classes=["page-nav"])
        self._header = pn.pane.HTML(sizing_mode="stretch_width", margin=0)
        self._banner = pn.pane.HTML(sizing_mode="stretch_width", margin=(0, 10))
        self._notice = pn.pane.HTML(sizing_mode="stretch_width", margin=(0, 10), visible=False)
        self._content = pn.Column(sizing_mode="stretch_width", css_classes=["page-content"])
        # a page chosen in the app starts without the link's notices (before the page is shown)
        self.state.param.watch(lambda _: self.state.param.update(notices=[], from_link=False), "page")
        self.state.param.watch(self._on_page, "page")
        self.state.param.watch(self._on_lang, "lang")
        self.state.param.watch(self._show_notices, ["notices", "lang"])
        self.state.param.watch(self._show_url, list(URL_PARAMETERS))
        self._on_lang()
        self._on_page()
        self._show_url()
        self._show_notices()
        errors.show_messages_in(pn.state.curdoc, self._show_error)
        self._last_activity = time.time()
        self.state.param.watch(self._note_activity, ["page", "pref", "muni", "period", "indicator", "lang"])
        if pn.state.curdoc is not None:
            pn.state.curdoc.template_variables.update(lang=self.state.lang, loading_text=t("loading", self.state.lang))
            pn.state.add_periodic_callback(self._check_snapshot, period=SNAPSHOT_CHECK_MS)

    def _apply_url(self, values: dict[str, str]) -> None:
        for name, value in values.items():
            try:
                setattr(self.state, name, value)
            except ValueError:  # an unknown page or language in a hand-edited URL: keep the default, say so
                self.state.fall_back(name, value, getattr(self.state, name))

    def _follow_link(self, search: str) -> None:
        """A link of the app followed in this session."""
        self._show_values({name: value for name, value in parse_qsl(urlsplit(search).query) if name in URL_PARAMETERS})

    def _show_values(self, values: dict[str, str]) -> None:
        """Show the values of a URL: all at once (one update of the page); a value the state does not take is
        replaced by the default, with a notice."""
        try:
            self.state.param.update(**values)
        except ValueError:
            self._apply_url(values)

    def _settle_defaults(self) -> None:
        snap = data.snapshot()
        if snap is None:
            return
        if self.state.period not in data.periods(snap):
            latest = data.latest_period(snap) or ""
            if self.state.period:
                self.state.fall_back("period", self.state.period, latest)
            else:
                self.state.period = latest
        if self.state.pref not in data.prefectures(snap)["prefecture_code"].to_list():
            self.state.fall_back("pref", self.state.pref, DEFAULT_PREFECTURE)

    def _nav_pages(self) -> list[dict]:
        return [{"name": name, "label": t(f"page_{name}", self.state.lang), "href": query_of(self.state, page=name)}
                for name in PAGES]

    def _languages(self) -> list[dict]:
        return [{"code": code, "label": label, "href": query_of(self.state, lang=code)}
                for code, label in (("ja", "日本語"), ("en", "English"))]

    def _show_url(self, *_) -> None:
        """The window follows the state (URL, language, title, landmarks); the links carry the state along."""
        lang, page = self.state.lang, t(f"page_{self.state.page}", self.state.lang)
        self._window_state.object = state_html(query_of(self.state), lang, f"{page}｜{t('app_title', lang)}", page,
                                               t("navigation", lang), t("loading", lang))
        self._nav.object = nav_html(self._nav_pages(), self.state.page, self._languages(), lang, t("language", lang))
        self._browser.waiting_text = t("loading", lang)

    def _on_lang(self, *_) -> None:
        lang = self.state.lang
        self._header.object = (f"<header class='app-header'><h1>{t('app_title', lang)}</h1>"
                               f"<span class='subtitle'>{t('app_subtitle', lang)}</span></header>")
        self._banner.object = freshness_html(data.refresh_status(), lang)

    def _on_page(self, *_) -> None:
        """Show the chosen page. Pages visited are kept (hidden) with their Bokeh models, so coming back is a
        visibility change plus an in-place update of what changed meanwhile, not a new page. The two go to the
        browser as two messages, the page shown first: a table refilled while hidden, or in the same message
        that shows it, keeps column widths it could not measure."""
        missing = data.snapshot() is None and self.state.page not in PAGES_WITHOUT_SNAPSHOT
        if missing or self.state.page not in self._pages:
            with batched():
                shown = self._catch_up(missing)
            with batched():
                self._show(shown, missing)
            return
        shown = self._pages[self.state.page]
        with batched():
            self._show(shown, missing)
        with batched():
            self._catch_up(missing)

    def _catch_up(self, missing: bool):
        """The chosen page (made on its first visit), up to date with the state; only it follows the state."""
        if missing:
            self._no_snapshot.object = f"<p class='no-snapshot'>{t('no_snapshot', self.state.lang)}</p>"
        elif self.state.page not in self._pages:
            self._pages[self.state.page] = self._factories[self.state.page](state=self.state)
        for name, page in self._pages.items():
            if hasattr(page, "active"):
                page.active = name == self.state.page and not missing
        shown = None if missing else self._pages[self.state.page]
        if hasattr(shown, "refresh"):
            shown.refresh()
        return shown

    def _show(self, shown, missing: bool) -> None:
        if shown is not None and self.state.page not in self._frames:
            self._frames[self.state.page] = pn.Column(shown, sizing_mode="stretch_width", visible=False)
        for name, frame in self._frames.items():
            frame.visible = shown is not None and name == self.state.page
        self._no_snapshot.visible = missing
        set_objects(self._content, [self._no_snapshot, *self._frames.values()])

    def _show_notices(self, *_) -> None:
        snap = data.snapshot()
        catalog = catalog_of(snap) if snap is not None else None
        names = dict(data.municipality_names(snap)) if snap is not None else None
        self._notice.object = link_notice_html(self.state.notices, self.state.lang, catalog, names)
        self._notice.visible = bool(self.state.notices)

    def _note_activity(self, *_) -> None:
        self._last_activity = time.time()

    def _end_session_if_over(self) -> None:
        """A logged-in page whose session ended (password reset, disabled, role changed, idle) shows nothing
        more than a way back to the login."""
        if self.state.audience.role == data.GUEST:
            return
        problem = auth.open_session_problem(self._last_activity)
        if problem is not None:
            self._nav.visible = False
            self._content.objects = [pn.pane.HTML(
                "<div class='session-ended' role='alert'>セッションが終了しました。もう一度ログインしてください。 / "
                "Your session has ended. Please log in again. <a href='./login'>ログイン / Log in</a></div>",
                sizing_mode="stretch_width")]

    def _show_error(self, message: str) -> None:
        self._notice.object = message
        self._notice.visible = True

    def _check_snapshot(self) -> None:
        """Pick up a newly published snapshot (and a new refresh status) without a restart; end the session
        here when it has ended elsewhere."""
        self._end_session_if_over()
        self._banner.object = freshness_html(data.refresh_status(), self.state.lang)
        key = data.snapshot_key()
        if key != self._snapshot_key:
            had_snapshot = self._snapshot_key is not None
            self._snapshot_key = key
            if had_snapshot:
                self.state.data_version += 1
            else:
                self._settle_defaults()
                self._on_page()

    def __panel__(self):
        top = pn.Column(self._nav, sizing_mode="stretch_width", css_classes=["top-bar"])
        return pn.Column(self._browser, self._window_state, self._header, top, self._banner, self._notice,
                         self._content, sizing_mode="stretch_width", css_classes=["app-shell"])
