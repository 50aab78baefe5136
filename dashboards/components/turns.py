"""Work that can wait (the parts of pages below their first screen), one piece at a time per process.

Each session used to schedule its page's next part on the event loop itself. With ten sessions of a process
opening pages, ten parts (20–60 ms each) were ready at once, and the event loop ran them all before it read the
websockets again: a click waited for every one of them, and again at each step of its answer. Here the parts of
all sessions wait in one queue and are made one at a time, in order, each once the loop has had a quiet
moment (`_quiet_moment`): a message that arrives waits for at most the part being made. A part is made under
its document's lock with its document current, as Bokeh's own callbacks are; the parts of a closed session
are dropped.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Callable

import panel as pn
from bokeh.document import Document
from panel.io.state import set_curdoc
from tornado.ioloop import IOLoop

log = logging.getLogger(__name__)
YIELD_S = 0.001
BUSY_S = 0.002
LONGEST_WAIT_S = 0.25  # the parts of pages go on, if slower, while the process answers clicks without a pause


class _Queue:
    waiting: deque[tuple[Document, Callable[[], None]]] = deque()
    draining = False


def in_turn(doc: Document, make: Callable[[], None]) -> None:
    """Make `make()` in a turn of the event loop of its own, after the work queued before it (any session's)."""
    _Queue.waiting.append((doc, make))
    if not _Queue.draining:
        _Queue.draining = True
        IOLoop.current().add_callback(_drain)


async def _drain() -> None:
    try:
        while _Queue.waiting:
            doc, make = _Queue.waiting.popleft()
            context = doc.session_context
            await _quiet_moment()
            if context is None or context.destroyed:
                continue
            await context.with_locked_document(lambda locked, make=make: _make(locked, make))
    finally:
        _Queue.draining = False


async def _quiet_moment() -> None:
    """Back once the event loop had nothing else to do for a moment, or after `LONGEST_WAIT_S`: an answer to a
    click takes several turns of the loop, and each would otherwise wait for a part. A timer, not a bare yield:
    the loop polls the websockets and runs what came before it runs a timer; a timer late by more than
    `BUSY_S` means the loop was busy meanwhile."""
    loop = asyncio.get_running_loop()
    began = loop.time()
    while True:
        asked = loop.time()
        await asyncio.sleep(YIELD_S)
        if loop.time() - asked < YIELD_S + BUSY_S or loop.time() - began > LONGEST_WAIT_S:
            return


async def _make(doc: Document, make: Callable[[], None]) -> None:
    with set_curdoc(doc):
        try:
            make()
        except Exception as error:  # one page's failure is shown on that page, and the queue goes on
            if pn.config.exception_handler:
                pn.config.exception_handler(error)
            else:
                log.exception("a deferred part failed")
