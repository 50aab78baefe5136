"""The one page style: a page (`Page`) lays out views (`View`), both Panel `Viewer`s; the shell shows them.

The upload page is a `Viewer` of `Viewer`s too, but not a `Page`: it works without a published snapshot and
relabels its widgets in place when the language changes (an officer's chosen file stays chosen)."""

from __future__ import annotations

from collections.abc import Callable

import panel as pn
import param
from panel.viewable import Viewer

from dashboards import data
from dashboards.catalog import catalog_of
from dashboards.components import turns
from dashboards.components.batching import batched, set_objects
from dashboards.state import AppState, fallback_value
from dashboards.texts import t

PART_MIN_HEIGHT = 320  # about a chart's height: the page below a part waiting to be made moves little


def _serving_a_browser() -> bool:
    """Whether the session serves a browser: Bokeh makes a session's first document before the session that
    serves it exists (Panel asks the same)."""
    context = getattr(pn.state.curdoc, "session_context", None)
    return getattr(context, "_session", None) is not None


class View(Viewer):
    """One part of a page, made once (per language and snapshot) and updated in place; shown as its `layout`.

    `depends` names the AppState parameters it shows; `refresh` calls `update` only when one of them changed
    since the last update, so a page can refresh every view on any change (or when it is shown again)."""

    state = param.ClassSelector(class_=AppState)
    depends: tuple[str, ...] = ()

    def __init__(self, state: AppState, snap: data.Snapshot, **params):
        super().__init__(state=state, **params)
        self.snap, self.lang = snap, state.lang
        self.catalog = catalog_of(snap)
        self._key = None

    def key(self) -> tuple:
        return tuple(getattr(self.state, name) for name in self.depends)

    def refresh(self) -> None:
        key = self.key()
        if key != self._key:
            self._key = key
            self.update()

    def update(self) -> None:
        """Show the state's current values (views that depend on nothing are complete once made)."""

    def __panel__(self):
        return self.layout


class Page(Viewer):
    """A page: built once per session, language and snapshot; then its views are updated in place.

    Only the page on screen follows the session state (`active`, set by the shell); a hidden page catches up
    when it is shown again. One watcher per page, so rebuilding (new language) leaves nothing behind.

    A long page makes its first screen at once and the rest (`later`) after it is shown, one part per turn
    of the server's event loop (`turns`): the prefecture profile's first opening was ~0.7 s of one process's
    time, in which the other sessions of that process waited for every click; now they are answered between
    parts."""

    state = param.ClassSelector(class_=AppState)
    FOLLOWS = ("pref", "period", "indicator", "lang", "data_version")

    def __init__(self, **params):
        super().__init__(**params)
        self.active = True
        self._layout = pn.Column(sizing_mode="stretch_width")
        self._built = None
        self._views: list[View] = []
        self._selects: list[tuple[str, pn.widgets.Select]] = []
        self._parts: list[tuple[pn.Column, pn.pane.HTML, Callable[[], list]]] = []  # waiting to be made
        self._filling = False  # a part's making is scheduled
        self._building = False
        self._snap = None
        self.state.param.watch(self._on_state, list(self.FOLLOWS))

    def _on_state(self, *_) -> None:
        if self.active and not self._building:
            with batched():
                self.refresh()

    def add(self, view: View) -> View:
        """Register a view (refreshed with the page); returns it, to lay out."""
        self._views.append(view)
        return view

    def later(self, make: Callable[[], list]) -> pn.Column:
        """A part of the page below its first screen: shows 「読み込んでいます…」 until `make()` (which
        registers its views with `add`) has made it. Parts are made in order, only while the page is shown."""
        waiting = pn.pane.HTML(f"<p>{t('loading', self.state.lang)}</p>", sizing_mode="stretch_width",
                               min_height=PART_MIN_HEIGHT, css_classes=["part-loading"])
        part = pn.Column(waiting, sizing_mode="stretch_width")
        self._parts.append((part, waiting, make))
        return part

    def _make_parts(self) -> None:
        """Schedule the next part; all at once while the session's first document is made (or without a
        server, as in tests). Scheduled then, in 5 of 7 tries in chromium the browser later ignored the patch
        of a prefecture chosen (the server sent it): most likely the parts raced the browser's first pull of
        the document, leaving it without models the patch referred to."""
        if not self._parts or self._filling:
            return
        self._filling = True
        if _serving_a_browser():
            turns.in_turn(pn.state.curdoc, self._make_next_part)
        else:
            self._make_next_part()

    def _make_next_part(self) -> None:
        self._filling = False
        if not (self.active and self._parts):  # a hidden page goes on when it is shown again (`refresh`)
            return
        part, waiting, make = self._parts.pop(0)
        with batched():
            first_view = len(self._views)
            objects = make()
            for view in self._views[first_view:]:
                view.refresh()
            waiting.visible = False
            set_objects(part, [waiting, *objects])
        self._make_parts()

    def follow(self, name: str, select: pn.widgets.Select) -> pn.widgets.Select:
        """A selector of state.<name> that is set back to the state when the state changes elsewhere.

        Called in `build` before the views are made: a value the selector does not offer (a hand-edited or
        outdated link) is replaced by the default here, with a notice, so views and selector agree."""
        self._selects.append((name, select))
        self._settle(name, select)
        return select

    def _settle(self, name: str, select: pn.widgets.Select) -> None:
        """state.<name> brought into the selector's options (else the default, with a notice); the selector
        set to it. Quietly: the caller goes on to build or refresh the views with the settled state."""
        options = list(select.options.values())
        if options and getattr(self.state, name) not in options:
            quiet, self._building = self._building, True
            try:
                self.state.fall_back(name, getattr(self.state, name), fallback_value(name, options, self._snap))
            finally:
                self._building = quiet
        wanted = getattr(self.state, name)
        if select.value != wanted and wanted in options:
            select.value = wanted

    def build(self, snap: data.Snapshot) -> list:
        raise NotImplementedError

    def refresh(self) -> None:
        snap = data.snapshot()
        if snap is None:
            return
        built = (self.state.lang, self.state.data_version, snap.key)
        if built != self._built:
            self._views, self._selects, self._parts, self._snap, self._building = [], [], [], snap, True
            try:
                set_objects(self._layout, self.build(snap))
            finally:
                self._building = False
            self._built = built
        for name, select in self._selects:
            self._settle(name, select)
        for view in self._views:
            view.refresh()
        self._make_parts()

    def __panel__(self):
        if self._built is None:
            self.refresh()
        return self._layout
