"""Deferred page parts: one per turn of the event loop, across sessions, behind the messages that came meanwhile."""

from __future__ import annotations

import asyncio
import socket
import time
import weakref

import panel as pn
import pytest
from bokeh.document import Document

from dashboards.components import turns


class FakeSessionContext:
    """What `turns` uses of Bokeh's session context: whether the session is gone, and its document's lock."""

    def __init__(self, doc: Document, events: list[str]):
        self.doc, self.events, self.destroyed = doc, events, False

    async def with_locked_document(self, func) -> None:
        self.events.append("lock")
        await func(self.doc)
        self.events.append("unlock")


def _session(events: list[str]) -> tuple[Document, FakeSessionContext]:
    """A document and its session's context (which Bokeh's document holds weakly: the test's document keeps it)."""
    doc = Document()
    context = FakeSessionContext(doc, events)
    doc._session_context = weakref.ref(context)
    doc.kept_context = context
    return doc, context


def _run(main) -> None:
    async def until_drained():
        await main()
        while turns._Queue.draining:
            await asyncio.sleep(0.001)
    asyncio.run(until_drained())


def test_parts_of_all_sessions_take_turns_and_a_message_that_came_meanwhile_goes_first():
    events: list[str] = []
    first, second = _session(events)[0], _session(events)[0]
    reader, writer = socket.socketpair()

    def first_part():
        assert pn.state.curdoc is first
        events.append("first page, part 1")
        writer.send(b"click")  # a browser's message arrives while this part is made
        turns.in_turn(first, lambda: events.append("first page, part 2"))

    async def main():
        loop = asyncio.get_running_loop()
        loop.add_reader(reader, lambda: events.append(f"message {reader.recv(16).decode()}"))
        turns.in_turn(first, first_part)
        turns.in_turn(second, lambda: events.append("second page, part 1"))
        await asyncio.sleep(0.1)
        loop.remove_reader(reader)

    try:
        _run(main)
    finally:
        reader.close()
        writer.close()
    assert [e for e in events if e not in ("lock", "unlock")] == [
        "first page, part 1", "message click", "second page, part 1", "first page, part 2"]
    assert events[:3] == ["lock", "first page, part 1", "unlock"]
    assert events.count("lock") == events.count("unlock") == 3


def test_a_closed_sessions_parts_are_dropped_and_a_failing_part_does_not_stop_the_others(monkeypatch):
    events: list[str] = []
    handled: list[str] = []
    monkeypatch.setattr(pn.config, "exception_handler", lambda error: handled.append(str(error)))
    closed, context = _session(events)
    failing, open_ = _session(events)[0], _session(events)[0]

    def fail():
        raise ValueError("no data for this part")

    async def main():
        turns.in_turn(closed, lambda: events.append("closed page"))
        turns.in_turn(failing, fail)
        turns.in_turn(open_, lambda: events.append("open page"))
        context.destroyed = True

    _run(main)
    assert "closed page" not in events
    assert handled == ["no data for this part"]
    assert events[-3:] == ["lock", "open page", "unlock"]
    assert not turns._Queue.waiting


def _answer_in_steps(events: list[str], steps: int, busy_s: float) -> None:
    """An answer to a click as the server makes one: a chain of event-loop callbacks, each busy for a while."""
    loop = asyncio.get_running_loop()

    def step(number: int) -> None:
        time.sleep(busy_s)
        events.append(f"answer {number}")
        if number < steps:
            loop.call_soon(step, number + 1)

    loop.call_soon(step, 1)


def test_parts_wait_until_the_answer_to_a_click_is_done():
    events: list[str] = []
    doc = _session(events)[0]

    async def main():
        _answer_in_steps(events, steps=10, busy_s=0.003)
        turns.in_turn(doc, lambda: events.append("part 1"))
        turns.in_turn(doc, lambda: events.append("part 2"))

    _run(main)
    made = [e for e in events if e not in ("lock", "unlock")]
    assert made == [*(f"answer {n}" for n in range(1, 11)), "part 1", "part 2"]


def test_parts_go_on_while_the_process_is_never_quiet(monkeypatch):
    monkeypatch.setattr(turns, "LONGEST_WAIT_S", 0.02)
    events: list[str] = []
    doc = _session(events)[0]

    async def main():
        _answer_in_steps(events, steps=100, busy_s=0.003)  # 0.3 s without a pause
        turns.in_turn(doc, lambda: events.append("part 1"))
        while "answer 100" not in events:
            await asyncio.sleep(0.01)

    _run(main)
    assert events.index("part 1") < events.index("answer 50")


@pytest.fixture(autouse=True)
def empty_queue():
    turns._Queue.waiting.clear()
    turns._Queue.draining = False
    yield
    turns._Queue.waiting.clear()
    turns._Queue.draining = False
