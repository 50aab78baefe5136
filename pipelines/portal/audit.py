"""Append-only audit log of the upload portal: logins, uploads, rejections, refusals, account changes.

One JSON object per line in `$KYOSO_RAW_DIR/audit/audit.log`, written with a single `O_APPEND` write so
concurrent writers never interleave and earlier lines are never rewritten. Callers pass no secrets: there
is no field for a password, and free-text details are truncated.
"""

from __future__ import annotations

import fcntl
import json
import os
from datetime import datetime
from pathlib import Path

from pipelines.core import config
from pipelines.core.periods import TOKYO

_MAX_TEXT = 500


def audit_path() -> Path:
    return config.raw_dir() / "audit" / "audit.log"


def _clip(value: str | None) -> str | None:
    return None if value is None else str(value)[:_MAX_TEXT]


def record(
    actor: str,
    action: str,
    *,
    prefecture: str | None = None,
    submission_id: str | None = None,
    outcome: str | None = None,
    detail: str | None = None,
) -> None:
    """Append one event. `actor` is the account name (or `operator:<login>` for the command line)."""
    event = {
        "time": datetime.now(TOKYO).isoformat(timespec="milliseconds"),
        "actor": _clip(actor),
        "action": action,
        "prefecture": prefecture,
        "submission_id": submission_id,
        "outcome": outcome,
        "detail": _clip(detail),
    }
    line = (json.dumps(event, ensure_ascii=False) + "\n").encode("utf-8")
    path = audit_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        os.write(fd, line)
    finally:
        os.close(fd)


def read_events() -> list[dict]:
    """Every event, oldest first. Who may read them is the portal service's decision (read_audit)."""
    path = audit_path()
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
