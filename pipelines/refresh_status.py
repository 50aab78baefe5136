"""The refresh status file the dashboards read for their freshness banner (docs/published.md)."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

from pipelines import config
from pipelines.periods import TOKYO


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
        }
    return json.loads(path.read_text(encoding="utf-8"))


def _write(status: dict) -> None:
    path: Path = config.refresh_status_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    partial.write_text(json.dumps(status, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(partial, path)


def mark_running() -> None:
    _write(read_status() | {"state": "running", "last_attempt_started_at": _now()})


def mark_succeeded(latest_submission_received_at: str | None, published: bool = True) -> None:
    """A successful refresh; `published` is False when the snapshot was already current and kept."""
    now = _now()
    status = read_status() | {
        "state": "succeeded",
        "last_success_at": now,
        "latest_submission_received_at": latest_submission_received_at,
    }
    _write(status | {"published_snapshot_at": now} if published else status)


def mark_failed(reason: str) -> None:
    _write(read_status() | {"state": "failed", "last_failure_at": _now(), "last_failure_reason": reason[:2000]})
