"""One refresh at a time across processes: `kyoso refresh`, and every Dagster run that uses the warehouse.

An exclusive `flock` on `$KYOSO_DATA_DIR/warehouse/refresh.lock`, held for the whole run. A second
refresh waits for it (never fails), and the kernel releases it when its holder dies, even by SIGKILL,
so nothing stale is ever left to clean up. Re-entrant within a process: `kyoso refresh` takes it to
decide what to rebuild, and the run it then executes in-process takes it again.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from pipelines.core import config

_guard = threading.Lock()
_held: dict[str, object] = {}  # lock path → {"fd": int, "depth": int}, for this process


def lock_path():
    return config.warehouse_path().with_name("refresh.lock")


@contextmanager
def hold() -> Iterator[None]:
    path = str(lock_path())
    with _guard:
        entry = _held.get(path)
        if entry is not None:
            entry["depth"] += 1
    if entry is None:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(fd, fcntl.LOCK_EX)  # waits while another refresh runs
        entry = {"fd": fd, "depth": 1}
        with _guard:
            _held[path] = entry
    try:
        yield
    finally:
        with _guard:
            entry["depth"] -= 1
            last = entry["depth"] == 0
            if last:
                del _held[path]
        if last:
            os.close(entry["fd"])  # closing the descriptor releases the lock


def held_here() -> bool:
    return str(lock_path()) in _held


def is_held_elsewhere() -> bool:
    """True while some other process holds the refresh lock."""
    path = lock_path()
    if str(path) in _held or not path.exists():
        return False
    fd = os.open(path, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False
