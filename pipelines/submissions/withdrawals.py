"""Withdrawal records (取り下げ, SPEC §3.7): who withdrew which submission, when, and why.

A submission's folder is never touched; a withdrawal is one more immutable file,
`$KYOSO_RAW_DIR/withdrawals/<submission_id>.json`, created exclusively (a second withdrawal of the same
submission fails) and atomically (written elsewhere, then linked into place).
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass
from pathlib import Path

from pipelines.core import config

MAX_REASON_CHARS = 2_000


@dataclass(frozen=True)
class Withdrawal:
    submission_id: str
    withdrawn_at: str  # ISO 8601 with offset
    withdrawn_by: str
    reason: str


def withdrawals_dir() -> Path:
    return config.raw_dir() / "withdrawals"


def read_withdrawals() -> dict[str, Withdrawal]:
    folder = withdrawals_dir()
    if not folder.exists():
        return {}
    records = {}
    for entry in os.scandir(folder):
        if entry.name.startswith("S") and entry.name.endswith(".json"):
            record = Withdrawal(**json.loads(Path(entry.path).read_text(encoding="utf-8")))
            records[record.submission_id] = record
    return records


def write_withdrawal(record: Withdrawal) -> None:
    """FileExistsError when the submission already has a withdrawal record."""
    folder = withdrawals_dir()
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{record.submission_id}.{secrets.token_hex(4)}.tmp"
    partial.write_text(json.dumps(asdict(record), ensure_ascii=False, indent=1), encoding="utf-8")
    try:
        os.link(partial, folder / f"{record.submission_id}.json")  # fails if it exists: never overwritten
    finally:
        partial.unlink()
