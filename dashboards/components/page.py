"""The one page style: a page (`Page`) lays out views (`View`), both Panel `Viewer`s; the shell shows them.

The upload page is a `Viewer` of `Viewer`s too, but not a `Page`: it works without a published snapshot and
relabels its widgets in place when the language changes (an officer's chosen file stays chosen)."""

from __future__ import annotations

import panel as pn
import param
from panel.viewable import Viewer

from dashboards import data
from dashboards.catalog import catalog_of
from dashboards.components.batching import batched, set_objects
from dashboards.state import AppState, fallback_value


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
    when it is shown again. One watcher per page, so rebuilding (new language) leaves nothing behind."""

    state = param.ClassSelector(class_=AppState)
    FOLLOWS = ("pref", "period", "indicator", "lang", "data_version")

    def __init__(self, **params):
        super().__init__(**params)
        self.active = True
        self._layout = pn.Column(sizing_mode="stretch_width")
        self._built = None
        self._views: list[View] = []
        self._selects: list[tuple[str, pn.widgets.Select]] = []
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
            self._views, self._selects, self._snap, self._building = [], [], snap, True
            try:
                set_objects(self._layout, self.build(snap))
            finally:
                self._building = False
            self._built = built
        for name, select in self._selects:
            self._settle(name, select)
        for view in self._views:
            view.refresh()

    def __panel__(self):
        if self._built is None:
            self.refresh()
        return self._layout
