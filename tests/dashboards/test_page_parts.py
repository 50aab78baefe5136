"""A long page shows its first screen at once and makes its parts below it afterwards, one per turn of the
server's event loop, only while the page is shown, each with the session's state at the time it is made."""

from __future__ import annotations

import weakref
from types import SimpleNamespace

import panel as pn
import pytest
from bokeh.document import Document
from panel.io.state import set_curdoc

from dashboards.components import page as page_module
from dashboards.components import turns
from dashboards.components.page import Page
from dashboards.state import AppState


class SessionContext:
    """What Panel and the page read of the server's session context; `_session` is the session serving the
    browser, which Bokeh makes once the session's first document is made."""

    id = "test-session"
    request = SimpleNamespace(arguments={}, cookies={}, headers={})
    _session = None


class PrefectureNote:
    """A view showing the state's prefecture; it records every refresh."""

    def __init__(self, state: AppState, name: str, made: list[str]):
        self.state, self.name, self.shown = state, name, []
        self.layout = pn.pane.HTML()
        made.append(name)

    def refresh(self) -> None:
        self.shown.append(self.state.pref)
        self.layout.object = f"{self.name}: {self.state.pref}"


class LongPage(Page):
    def build(self, snap) -> list:
        self.made, self.views = [], {}

        def view(name: str) -> pn.pane.HTML:
            self.views[name] = self.add(PrefectureNote(self.state, name, self.made))
            return self.views[name].layout

        return [view("top"), self.later(lambda: [view("stages")]), self.later(lambda: [view("actors"), view("table")])]


def session_document(monkeypatch, serving: bool) -> tuple[Document, SessionContext]:
    monkeypatch.setattr(page_module.data, "snapshot", lambda: SimpleNamespace(key="snapshot-1"))
    doc, context = Document(), SessionContext()
    context._session = object() if serving else None
    doc._session_context = weakref.ref(context)
    return doc, context


@pytest.fixture
def served(monkeypatch):
    """A document of a session serving a browser (its parts wait in the process's queue, `turns`), and a long
    page opened in it."""
    doc, context = session_document(monkeypatch, serving=True)
    queue: list = []
    monkeypatch.setattr(turns, "in_turn", lambda doc, make: queue.append((doc, make)))
    doc.turns_queue = queue
    with set_curdoc(doc):
        page = LongPage(state=AppState(page="prefecture", pref="13"))
        doc.add_root(pn.Column(page).get_root(doc))
    yield doc, page
    del context


def next_turn(doc: Document) -> int:
    """Make what waits in the queue of deferred work now (with its document current, as `turns` does); how many
    pieces that was."""
    waiting = list(doc.turns_queue)
    doc.turns_queue.clear()
    for queued_doc, make in waiting:
        with set_curdoc(queued_doc):
            make()
    return len(waiting)


def waiting_parts(page: LongPage) -> int:
    return sum(pane.visible for pane in page._layout.select(pn.pane.HTML) if "part-loading" in pane.css_classes)


def test_the_first_screen_comes_first_then_one_part_per_turn(served):
    doc, page = served
    assert page.made == ["top"] and waiting_parts(page) == 2
    assert "読み込んでいます…" in [pane.object for pane in page._layout.select(pn.pane.HTML)][1]

    assert next_turn(doc) == 1
    assert page.made == ["top", "stages"] and waiting_parts(page) == 1
    assert next_turn(doc) == 1
    assert page.made == ["top", "stages", "actors", "table"] and waiting_parts(page) == 0
    assert next_turn(doc) == 0
    shown = [pane.object for pane in page._layout.select(pn.pane.HTML) if pane.visible and pane.object]
    assert shown == ["top: 13", "stages: 13", "actors: 13", "table: 13"]


def test_a_part_is_made_with_the_state_of_its_turn_and_only_while_the_page_is_shown(served):
    doc, page = served
    with set_curdoc(doc):
        page.state.pref = "27"
    assert page.views["top"].shown == ["13", "27"]

    page.active = False  # the analyst went to another page before the parts were made
    assert next_turn(doc) == 1
    assert page.made == ["top"] and next_turn(doc) == 0

    with set_curdoc(doc):
        page.active = True
        page.refresh()  # as the shell does when the page is shown again
    assert next_turn(doc) == 1 and next_turn(doc) == 1
    assert [page.views[name].shown for name in ("stages", "actors", "table")] == [["27"], ["27"], ["27"]]
    assert waiting_parts(page) == 0


def test_a_rebuilt_page_makes_its_own_parts_and_drops_the_old_ones(served):
    doc, page = served
    assert next_turn(doc) == 1
    with set_curdoc(doc):
        page.state.lang = "en"  # a new language is a new build of the page
    assert page.made == ["top"] and waiting_parts(page) == 2
    assert "Loading…" in [pane.object for pane in page._layout.select(pn.pane.HTML)][1]
    while next_turn(doc):
        pass
    assert page.made == ["top", "stages", "actors", "table"] and waiting_parts(page) == 0


def test_the_page_a_session_opens_on_is_whole_in_its_first_document(monkeypatch):
    doc, context = session_document(monkeypatch, serving=False)
    with set_curdoc(doc):
        page = LongPage(state=AppState(page="prefecture", pref="13"))
        doc.add_root(pn.Column(page).get_root(doc))
    assert page.made == ["top", "stages", "actors", "table"] and waiting_parts(page) == 0
    assert not turns._Queue.waiting and not doc.session_callbacks
