"""Runs start from a process that has already imported the project.

Dagster's code server starts each run in a new `spawn` process, which imports Dagster, dagster-dbt (and
with it dbt-core) and these definitions again: 3.5 s of the ~24 s from an upload to the dashboards on
the national bench, on every run. Here the code server starts runs from a multiprocessing forkserver that
imported `pipelines.definitions` once, when the code server loaded it; a run forks from it in
milliseconds. A run still gets its own process (its own DuckDB connection, its dbt child bound to it),
and a code server that is restarted (`dagster dev` on a code change, "Reload" in the UI) starts a new
forkserver with the new code, as the old one ends with the old server.

This replaces `DagsterApiServer._mp_ctx`, a private attribute of Dagster 1.13.27 (pinned with
dagster-dbt in pyproject.toml): tests/deploy start the real daemon and code server and check that runs
come from the forkserver.
"""

from __future__ import annotations

import multiprocessing
import sys
from multiprocessing import forkserver

PRELOADED_MODULES = ["pipelines.definitions"]


def start_runs_from_forkserver() -> None:
    """In a Dagster code server: runs fork from a forkserver with the definitions imported, started now."""
    if not _in_code_server():
        return
    from dagster._grpc.server import DagsterApiServer  # only the code server has it imported already

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOADED_MODULES)
    DagsterApiServer._mp_ctx = property(lambda _server: context, lambda _server, _spawn_context: None)
    forkserver.ensure_running()


def _in_code_server() -> bool:
    """`dagster api grpc`: the process that loads the definitions and starts runs, whoever started it
    (`dagster dev`, `dagster-daemon run -w`, `dagster-webserver -w`, or `dagster code-server start`,
    which only relays to it)."""
    return sys.argv[1:3] == ["api", "grpc"]
