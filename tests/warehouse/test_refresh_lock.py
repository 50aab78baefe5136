"""One refresh at a time across processes, no stale lock after a kill, and a dead run's status repaired."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from pipelines.core import config
from pipelines.instance import MARKER, ensure_dagster_home
from pipelines.warehouse import refresh_lock
from pipelines.warehouse import status as refresh_status

HOLD_FOREVER = (
    "from pipelines.warehouse import refresh_lock\nwith refresh_lock.hold():\n    print('held', flush=True)\n    "
    "import time; time.sleep(600)\n"
)


def _holder() -> subprocess.Popen:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_FOREVER], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    return holder


def test_a_second_refresh_waits_and_a_killed_holder_leaves_no_lock(kyoso_dirs):
    holder = _holder()
    assert refresh_lock.is_held_elsewhere()
    started = time.monotonic()
    waiter = subprocess.Popen([sys.executable, "-c", "from pipelines.warehouse import refresh_lock\n"
                               "with refresh_lock.hold():\n    print('got it', flush=True)\n"],
                              stdout=subprocess.PIPE, text=True)
    time.sleep(2)
    assert waiter.poll() is None  # waiting, not failing
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert waiter.communicate(timeout=60)[0].strip() == "got it"
    assert waiter.returncode == 0 and time.monotonic() - started >= 2
    assert not refresh_lock.is_held_elsewhere()


def test_the_lock_is_reentrant_within_a_process(kyoso_dirs):
    with refresh_lock.hold(), refresh_lock.hold():
        assert refresh_lock.held_here()
    assert not refresh_lock.held_here()


def test_a_running_status_without_a_lock_holder_becomes_failed(kyoso_dirs):
    refresh_status.mark_running("run-1")
    holder = _holder()
    try:
        assert refresh_status.reconcile() is None  # someone holds the lock: the run may be alive
    finally:
        holder.kill()
        holder.wait()
    assert refresh_status.reconcile() == "run-1"
    status = refresh_status.read_status()
    assert status["state"] == "failed" and status["last_failure_at"]


def test_a_late_failure_report_of_an_older_run_changes_nothing(kyoso_dirs):
    refresh_status.mark_running("run-2")
    refresh_status.mark_succeeded(None)
    refresh_status.mark_failed("older run failed", run_id="run-1")
    assert refresh_status.read_status()["state"] == "succeeded"


def test_the_project_writes_its_dagster_yaml_and_keeps_one_written_by_hand(kyoso_dirs, monkeypatch):
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    home = ensure_dagster_home()
    assert home == config.data_dir() / "dagster_home"
    written = (home / "dagster.yaml").read_text(encoding="utf-8")
    assert written.startswith(MARKER) and "max_concurrent_runs: 1" in written and "run_monitoring" in written
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    ensure_dagster_home()
    assert (home / "dagster.yaml").read_text(encoding="utf-8") == "telemetry:\n  enabled: false\n"
