"""(g) A correction in the deployed topology: Dagster's daemon (schedule + sensor) picks it up, not a person.

The bench starts `dagster dev -w workspace.yaml` as scripts/up.sh does, on the bench's own KYOSO_DATA_DIR
(so on its own DAGSTER_HOME), and waits until the daemon runs and no refresh is queued or running. A
prefecture officer then uploads a corrected quarterly report through the upload page of a running
`kyoso serve` (`bench.browser.upload`). From the moment the page shows the outcome, the bench watches the
published snapshot and the dashboards' data layer (`dashboards.data`) until both hold the new value.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from bench import browser
from bench.resubmit import effective_reports, published_value, write_correction
from bench.survey_upload import TOKYO, latest_begun

DAEMON_READY_TIMEOUT_S = 600.0
PUBLISH_TIMEOUT_S = 600.0  # a bound for loaded machines, not a target
POLL_S = 0.1
SETTLE_S = 5.0  # the daemon is idle when no refresh was queued or running for this long


def start_dagster(env: dict, cwd: Path, log: Path, port: int) -> subprocess.Popen:
    command = [str(Path(sys.executable).with_name("dagster")), "dev", "-w", "workspace.yaml", "-p", str(port)]
    with open(log, "ab") as out:
        out.write(f"\n$ {' '.join(command)}\n".encode())
        return subprocess.Popen(command, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    """End the process and everything it started (its own process group)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def _instance():
    from pipelines.instance import open_instance

    return open_instance()


def _active_runs(instance) -> int:
    import dagster as dg

    active = [dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING,
              dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING]
    return len(instance.get_run_records(dg.RunsFilter(statuses=active)))


def wait_until_idle(process: subprocess.Popen, since: float) -> float:
    """Seconds until the sensor daemon beats (after `since`, wall clock) and no run is active for SETTLE_S."""
    instance = _instance()
    started = time.perf_counter()
    quiet_since = None
    while True:
        if process.poll() is not None:
            raise RuntimeError("dagster dev exited")
        if time.perf_counter() - started > DAEMON_READY_TIMEOUT_S:
            raise RuntimeError("the Dagster daemon did not become idle")
        beat = instance.get_daemon_heartbeats().get("SENSOR")
        if beat is not None and beat.timestamp >= since and _active_runs(instance) == 0:
            quiet_since = quiet_since or time.perf_counter()
            if time.perf_counter() - quiet_since >= SETTLE_S:
                return time.perf_counter() - started
        else:
            quiet_since = None
        time.sleep(0.5)


def _served_value(prefecture: str, period: str) -> int | None:
    from dashboards import data

    snap = data.snapshot()
    if snap is None:
        return None
    rows = data.prefecture_series(snap, prefecture).filter(period=period)["town_meetings"].to_list()
    return rows[0] if rows else None


def correction_source(prefecture: str):
    """The effective report of the latest begun quarter that was received before now (so an upload now
    becomes the effective one)."""
    now = datetime.now(TOKYO)
    return latest_begun([s for s in effective_reports(prefecture) if s.received < now])


def correct(base_url: str, user: str, password: str, prefecture: str, work: Path, published: Path) -> dict:
    """Upload the correction through the page; seconds until published, and until served by the data layer."""
    path, period, expected = write_correction(prefecture, work / f"correction-{prefecture}.csv",
                                              correction_source(prefecture))
    upload = asyncio.run(browser.upload(base_url, user, password, path))
    shown, shown_wall = upload["shown_at"], upload["shown_wall"]
    published_at = served_at = None
    while time.perf_counter() - shown < PUBLISH_TIMEOUT_S:
        if published_at is None and published.exists() and published_value(published, prefecture, period) == expected:
            published_at = time.perf_counter()
        if published_at is not None and _served_value(prefecture, period) == expected:
            served_at = time.perf_counter()
            break
        time.sleep(POLL_S)
    return {
        "deployed_correction_s": served_at - shown if served_at else None,
        "deployed_published_s": published_at - shown if published_at else None,
        "deployed_published_new_value": served_at is not None,
        "deployed_upload": {k: upload[k] for k in ("outcome", "bytes", "transfer_s", "validation_s")},
        "deployed_period": period,
        "deployed_upload_shown_wall": shown_wall,
    }


def runs_since(wall: float) -> list[dict]:
    """The refresh runs created after the upload: when the sensor asked for each (s after the upload), how
    long it took to start and to run, and how it ended."""
    instance = _instance()
    out = []
    for record in instance.get_run_records(limit=10):
        created = record.create_timestamp.timestamp()
        if created < wall - 1:
            continue
        out.append({"status": record.dagster_run.status.value, "requested_after_s": created - wall,
                    "start_delay_s": record.start_time - created if record.start_time else None,
                    "run_s": record.end_time - record.start_time if record.end_time and record.start_time else None,
                    "trigger": record.dagster_run.tags.get("kyoso/trigger")})
    return sorted(out, key=lambda r: r["requested_after_s"])
