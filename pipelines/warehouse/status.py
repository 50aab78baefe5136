"""The refresh status file the dashboards read for their freshness banner (docs/published.md)."""

from __future__ import annotations

import json
import os
import threading
from datetime import datetime
from pathlib import Path

from pipelines.core import config
from pipelines.core.periods import TOKYO
from pipelines.warehouse import refresh_lock


def _now() -> str:
    return datetime.now(TOKYO).isoformat(timespec="seconds")


def read_status() -> dict:
    path = config.refresh_status_path()
    if not path.exists():
        return {
            "state": None,
            "last_attempt_started_at": None,
            "last_success_at": None,
            "last_failure_at": None,
            "last_failure_reason": None,
            "latest_submission_received_at": None,
            "published_snapshot_at": None,
            "run_id": None,
            "pid": None,
        }
    return json.loads(path.read_text(encoding="utf-8"))


def _write(status: dict) -> None:
    path: Path = config.refresh_status_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    partial.write_text(json.dumps(status, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(partial, path)


def mark_running(run_id: str | None = None) -> None:
    """The run holding the refresh lock (pipelines/warehouse/refresh_lock.py) announces itself."""
    _write(read_status() | {"state": "running", "last_attempt_started_at": _now(), "run_id": run_id,
                            "pid": os.getpid()})


def mark_succeeded(latest_submission_received_at: str | None, published: bool = True) -> None:
    """A successful refresh; `published` is False when the snapshot was already current and kept."""
    now = _now()
    status = read_status() | {
        "state": "succeeded",
        "last_success_at": now,
        "latest_submission_received_at": latest_submission_received_at,
    }
    _write(status | {"published_snapshot_at": now} if published else status)


def mark_failed(reason: str, run_id: str | None = None) -> None:
    """A failed refresh. A late report about an older run (`run_id` is not the latest attempt) changes nothing."""
    status = read_status()
    if run_id is not None and status.get("run_id") not in (None, run_id):
        return
    _write(status | {"state": "failed", "last_failure_at": _now(), "last_failure_reason": reason[:2000]})


def reconcile() -> str | None:
    """A status left `running` while no process holds the refresh lock belongs to a run that died (SIGKILL,
    power loss): mark it failed. Returns the dead run's id (None when nothing was wrong)."""
    status = read_status()
    if status.get("state") != "running":
        return None
    if refresh_lock.held_here() and status.get("pid") == os.getpid():
        return None
    if not refresh_lock.held_here() and refresh_lock.is_held_elsewhere():
        return None
    mark_failed(f"refresh process {status.get('pid')} ended without finishing (killed?)", status.get("run_id"))
    return status.get("run_id") or ""
