"""Failed logins counted per client address, so guessing from one place is slowed there while the officer
(from another address) can still log in before a deadline.

State lives in `$KYOSO_DATA_DIR/login/failures.json` (shared by every dashboard process, rewritten under
an exclusive lock); it is operational state, not source data, so it is not in raw/ nor in backups.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from pipelines.core import config

LOCAL = "local"  # the command line and tests: no network address


def failures_allowed() -> int:
    return int(os.environ.get("KYOSO_LOCKOUT_FAILURES", "5"))


def throttle_minutes() -> float:
    return float(os.environ.get("KYOSO_LOCKOUT_MINUTES", "15"))


def _path() -> Path:
    return config.data_dir() / "login" / "failures.json"


@contextmanager
def _locked() -> Iterator[dict]:
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(path.parent / "failures.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        table = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        yield table
        partial = path.with_name(f".failures.{os.getpid()}.tmp")
        partial.write_text(json.dumps(table), encoding="utf-8")
        os.replace(partial, path)


def _expired(entry: dict, now: datetime) -> bool:
    return now - datetime.fromisoformat(entry["first"]) > timedelta(minutes=throttle_minutes())


def is_throttled(address: str | None, now: datetime) -> bool:
    """Whether this address has used up its failed attempts within the last KYOSO_LOCKOUT_MINUTES."""
    with _locked() as table:
        entry = table.get(address or LOCAL)
        if entry and _expired(entry, now):
            del table[address or LOCAL]
            return False
        return bool(entry) and entry["failures"] >= failures_allowed()


def record_failure(address: str | None, now: datetime) -> bool:
    """Count one failed login from the address; True when this failure used up its attempts."""
    with _locked() as table:
        entry = table.get(address or LOCAL)
        if entry is None or _expired(entry, now):
            entry = table[address or LOCAL] = {"first": now.isoformat(), "failures": 0}
        entry["failures"] += 1
        return entry["failures"] == failures_allowed()


def record_success(address: str | None) -> None:
    with _locked() as table:
        table.pop(address or LOCAL, None)
