"""The dashboard process's pace: websockets without Nagle's delay, full garbage collections at quiet moments (also
those Panel starts after a session ends)."""

from __future__ import annotations

import asyncio
import gc
import types

import panel as pn
import pytest
from bokeh.document import Document
from panel.io import document as panel_document
from panel.io.server import WSHandler

from dashboards import serving


class Handler:
    nodelay = None

    def set_nodelay(self, value: bool) -> None:
        self.nodelay = value


def test_a_websocket_sends_without_delay_and_its_messages_are_noted(monkeypatch):
    calls = []

    async def received(handler, fragment):
        calls.append(("message", fragment))

    monkeypatch.setattr(WSHandler, "open", lambda handler, *args: calls.append(("open", handler.nodelay)))
    monkeypatch.setattr(WSHandler, "on_message", received)
    monkeypatch.setattr(serving._Pace, "patched", False)
    monkeypatch.setattr(serving._Pace, "last_message", 0.0)
    serving.prompt_websockets()
    serving.prompt_websockets()  # configured twice (tests do): one wrapper

    handler = Handler()
    WSHandler.open(handler)
    asyncio.run(WSHandler.on_message(handler, "{}"))
    assert calls == [("open", True), ("message", "{}")]
    assert serving._Pace.last_message > 0


@pytest.fixture
def pace(monkeypatch):
    """Full collections as the server defers them, in this process, put back afterwards."""
    threshold = gc.get_threshold()
    monkeypatch.setattr(serving._Pace, "last_message", 0.0)
    monkeypatch.setattr(serving._Pace, "due_since", None)
    monkeypatch.setattr(serving._Pace, "requested", False)
    monkeypatch.setattr(panel_document, "_garbage_collect", panel_document._garbage_collect)
    serving.defer_full_collections()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def make_cyclic_garbage(until_full_collections_due: int) -> None:
    while gc.get_count()[2] < until_full_collections_due:
        for _ in range(1000):
            node = {}
            node["self"] = node


def test_a_due_full_collection_waits_for_a_quiet_moment(pace, monkeypatch):
    assert gc.get_threshold()[2] == serving.NEVER and gc.get_freeze_count() > 0
    make_cyclic_garbage(serving.DUE + 5)
    assert gc.get_count()[2] >= serving.DUE + 5  # Python started none by itself

    serving._Pace.last_message = 100.0
    assert not serving.collect_when_quiet(now=100.5)  # a message came half a second ago
    assert gc.get_count()[2] >= serving.DUE + 5
    assert serving.collect_when_quiet(now=101.0 + serving.QUIET_S)
    assert gc.get_count()[2] == 0
    assert not serving.collect_when_quiet(now=500.0)  # nothing due


def test_a_busy_process_collects_at_the_latest_after_the_longest_wait(pace, monkeypatch):
    collected = []
    monkeypatch.setattr(gc, "get_count", lambda: (0, 0, serving.DUE))
    monkeypatch.setattr(gc, "collect", lambda: collected.append(True))
    busy = [10.0 + 0.2 * tick for tick in range(int(serving.LATEST_S / 0.2) + 2)]
    outcomes = []
    for now in busy:
        serving._Pace.last_message = now
        outcomes.append(serving.collect_when_quiet(now=now))
    assert outcomes.index(True) == round(serving.LATEST_S / 0.2)  # the first check after LATEST_S
    assert collected == [True]


def test_the_collection_panel_starts_after_a_session_ends_waits_for_a_quiet_moment(pace, monkeypatch):
    scheduled, collected = [], []
    monkeypatch.setattr(pn.state, "schedule_task", lambda name, callback, **when: scheduled.append(callback))
    monkeypatch.setattr(gc, "get_count", lambda: (0, 0, 0))  # nothing due by Python's own count
    monkeypatch.setattr(gc, "collect", lambda: collected.append(True))
    doc = Document()
    doc.destroy = types.MethodType(panel_document._destroy_document, doc)  # as Panel's server sets it
    doc.destroy(None)
    [collect_later] = scheduled
    collect_later()  # Panel runs it 5 s after the session ended
    assert collected == []

    serving._Pace.last_message = 100.0
    assert not serving.collect_when_quiet(now=100.5)  # a message came half a second ago
    assert serving.collect_when_quiet(now=101.0 + serving.QUIET_S)
    assert collected == [True]
    assert not serving.collect_when_quiet(now=500.0)  # done: nothing due
