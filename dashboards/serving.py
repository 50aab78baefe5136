"""How a dashboard process keeps its answers prompt with many sessions open.

- Websockets send at once (TCP_NODELAY), as browsers do on theirs. Bokeh writes each message as three or
  more frames; with Nagle's algorithm the second waited for the browser's delayed acknowledgement of the first
  (~40 ms on Linux) in every answer: 50 ms from a click until its receipt on an idle server, 6 ms without.
- Python's full garbage collection walks every object of every session (1.4 million objects with twenty
  sessions holding their pages, 0.6–0.8 s on the 2-core VM) and started on its own every few page openings,
  in the middle of whatever the process was answering. Here it waits for a quiet moment: once as much has been
  allocated as would have started it, it runs when no websocket message came for `QUIET_S`, and at the latest
  `LATEST_S` later. Young objects are collected as before (generations 0 and 1 are cheap).
- Panel starts a full collection 5 s after a session ends, whatever the other sessions are doing: every closed
  tab froze its process for the length of a full collection. That collection is now due, and waits likewise.
"""

from __future__ import annotations

import gc
import os
import time

from panel.io import document as panel_document
from panel.io.server import WSHandler
from tornado.ioloop import PeriodicCallback

QUIET_S = 1.0
LATEST_S = 60.0
CHECK_MS = 500
DUE = 10  # collections of generation 1 since the last full one: Python's own threshold for a full collection
NEVER = 1_000_000_000


class _Pace:
    last_message = 0.0
    due_since: float | None = None
    requested = False  # a session ended: its document's cycles wait for a full collection
    process: int | None = None  # the process whose event loop checks (Tornado forks the workers)
    patched = False


def prompt_websockets() -> None:
    """Send without Nagle's delay; note when each message arrives."""
    if _Pace.patched:
        return
    _Pace.patched = True
    opened, received = WSHandler.open, WSHandler.on_message

    def open_without_delay(handler, *args, **kwargs):
        handler.set_nodelay(True)
        return opened(handler, *args, **kwargs)

    async def on_message(handler, fragment):
        _Pace.last_message = time.monotonic()
        return await received(handler, fragment)

    WSHandler.open, WSHandler.on_message = open_without_delay, on_message


def defer_full_collections() -> None:
    """In the server, before it forks its workers: what is loaded by now stays (frozen: never walked again),
    and full collections, Python's and those Panel starts after a session, wait for `collect_when_quiet`."""
    gc.collect()
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, NEVER)
    panel_document._garbage_collect = request_full_collection


def request_full_collection() -> None:
    _Pace.requested = True


def collect_when_quiet(now: float | None = None) -> bool:
    """A full collection if one is due and the process is quiet (or it has waited `LATEST_S`)."""
    now = time.monotonic() if now is None else now
    if gc.get_count()[2] < DUE and not _Pace.requested:
        return False
    _Pace.due_since = _Pace.due_since or now
    if now - _Pace.last_message < QUIET_S and now - _Pace.due_since < LATEST_S:
        return False
    gc.collect()
    _Pace.due_since, _Pace.requested = None, False
    return True


def check_in_this_process() -> None:
    """Start the checks on this process's event loop (once per process; called for every new session)."""
    if _Pace.process != os.getpid():
        _Pace.process = os.getpid()
        PeriodicCallback(collect_when_quiet, CHECK_MS).start()
