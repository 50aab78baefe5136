"""`kyoso serve --num-procs 2`: one port, two worker processes; any browser gets its page from either; SIGTERM
stops them all."""

from __future__ import annotations

import os
import signal
import time

from conftest import open_dashboard
from playwright.sync_api import expect

from tests.processes import alive, children, describe


def test_two_worker_processes_serve_every_browser_and_stop_together(browser, data_dir, demo_system, tmp_path):
    from conftest import start_server

    log = tmp_path / "server.log"
    # started with SIGTERM ignored, as a background job of a script whose tests ran Dagster in process starts it
    # (Dagster gives SIGTERM the handler of SIGINT, which such a job ignores): SIGTERM must still stop it
    inherited = signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        url, stop, process = start_server(data_dir, log, "--num-procs", "2", KYOSO_RAW_DIR=str(demo_system.raw_dir),
                                          with_process=True)
    finally:
        signal.signal(signal.SIGTERM, inherited)
    try:
        workers = children(process.pid)
        assert len(workers) == 2
        for _ in range(6):  # fresh browsers: the kernel hands their connections to either worker
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            page = context.new_page()
            errors = []
            page.on("pageerror", lambda error, errors=errors: errors.append(str(error)))
            open_dashboard(page, url, "?page=prefecture&pref=13")
            expect(page.locator(".summary").first).to_contain_text("東京都")
            assert errors == []
            context.close()
        before = [describe(pid) for pid in (os.getpid(), process.pid, *workers)]
    finally:
        stop()
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(alive(pid) for pid in workers), "\n".join(
        ["before the stop (pytest, server, workers):", *before, "now:", *(describe(pid) for pid in workers)])
