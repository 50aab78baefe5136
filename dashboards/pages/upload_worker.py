"""Uploads are checked and stored in worker processes, not in the server's threads.

Validation is mostly Python work that holds the GIL for seconds (a 50 MB survey file: ~15 s on a slow day); in a
thread of the server it starved the event loop, and every other session waited for its clicks (SPEC §5:
validating an upload never blocks other sessions). The store locks its files with `flock`, so a worker process
writes the register as safely as the server did. The workers end with the server, even when it is killed.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import signal
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from pipelines.core.config import LOCATION_VARIABLES
from pipelines.core.lifetime import end_with_parent
from pipelines.portal import service

WORKERS = 2
# Validation is batch work, the dashboards are interactive: on a machine with as many cores as busy processes, the
# kernel gives a waiting click the core before a worker's next slice (the worker still gets every idle cycle).
WORKER_NICENESS = 10

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None


def _start_worker(server_pid: int) -> None:
    """Below the server in CPU priority, and ending with it: a pool's worker waits for work on a pipe it also
    holds open, so without this a killed server left it waiting forever."""
    os.nice(WORKER_NICENESS)
    if not end_with_parent(signal.SIGKILL, expected_parent=server_pid):
        os._exit(0)  # the server died while this worker started


def _submit_in_worker(config: dict[str, str | None], *args, **kwargs) -> service.SubmitOutcome:
    for name, value in config.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    outcome = service.submit_as(*args, **kwargs)
    # the page shows the issues; the normalized rows are already stored and would only cross the pipe
    return dataclasses.replace(outcome, result=dataclasses.replace(outcome.result, frame=None))


def _executor() -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            # spawn, not fork: the server has threads (Tornado, Bokeh), and a forked child could inherit a held lock
            _pool = ProcessPoolExecutor(max_workers=WORKERS, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_start_worker, initargs=(os.getpid(),))
        return _pool


def submit(*args, **kwargs) -> Future:
    """`service.submit_as(*args, **kwargs)` in a worker process; the future's result is its outcome (without
    the normalized rows) or its exception (PermissionError, ValueError, RejectedUpload; BrokenProcessPool
    when the worker died, having stored nothing: the store writes a submission only once it is complete)."""
    # the worker finds the store where the server's environment says at the moment of the upload
    config = {name: os.environ.get(name) for name in LOCATION_VARIABLES}
    try:
        return _executor().submit(_submit_in_worker, config, *args, **kwargs)
    except BrokenProcessPool:
        _discard_broken_pool()
        return _executor().submit(_submit_in_worker, config, *args, **kwargs)


def _discard_broken_pool() -> None:
    """A worker died before answering (e.g. killed for memory): its pool refuses new work, and the next upload
    gets a new one."""
    global _pool
    with _lock:
        if _pool is not None:
            _pool.shutdown(wait=False, cancel_futures=True)
            _pool = None
