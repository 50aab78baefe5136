"""The published snapshot read once into memory and cached under the file's identity; derived frames memoized on it."""

from __future__ import annotations

import json
import os
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache, wraps

import duckdb
import polars as pl

from pipelines.core import config
from pipelines.core.published import PUBLISHED_TABLES as TABLES

TOKYO_ZONE = "Asia/Tokyo"

# Submission details (SPEC §4.5): shown only to ministry accounts and to the owning prefecture's accounts.
# `Snapshot.table` never hands them out; `submissions` and `validation_issues` do, scoped to an Audience.
DETAIL_COLUMNS = {"mart_submissions": ("file_name", "user_name", "sha256", "withdrawn_by", "withdrawal_reason")}
DETAIL_TABLES = ("mart_validation_issues",)

SnapshotKey = tuple[str, int, int, int]
MEMO_SIZE = 2048  # derived frames kept per snapshot (all small: ≤ one period of municipalities each)


def snapshot_key() -> SnapshotKey | None:
    """Identity of the published file now, or None when nothing was ever published."""
    path = config.published_path()
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return (str(path), stat.st_ino, stat.st_mtime_ns, stat.st_size)


@dataclass(frozen=True)
class Snapshot:
    key: SnapshotKey
    tables: dict[str, pl.DataFrame]
    _memo: OrderedDict = field(default_factory=OrderedDict, compare=False, repr=False)

    def table(self, name: str) -> pl.DataFrame:
        """A published table without submission details (use `submissions`/`validation_issues` for those)."""
        if name in DETAIL_TABLES:
            raise PermissionError(f"{name} holds submission details: read it through validation_issues()")
        frame = self.tables.get(name, pl.DataFrame())
        return frame.drop(DETAIL_COLUMNS.get(name, ()), strict=False)

    def detailed_table(self, name: str) -> pl.DataFrame:
        return self.tables.get(name, pl.DataFrame())

    def memo(self, key, compute):
        """Remember a derived frame for the life of this snapshot (least recently used dropped past MEMO_SIZE).

        Frames are immutable, so every session shares one copy instead of deriving its own."""
        if key in self._memo:
            self._memo.move_to_end(key)
            return self._memo[key]
        found = self._memo[key] = compute()
        if len(self._memo) > MEMO_SIZE:
            self._memo.popitem(last=False)
        return found


def memoized(function):
    """Cache a pure function of (snapshot, hashable arguments…) on the snapshot: switching back and forth
    between prefectures, periods and indicators derives each frame once per snapshot, not once per click."""
    @wraps(function)
    def cached(snap: Snapshot, *args, **kwargs):
        key = (function.__name__, *(tuple(a) if isinstance(a, list) else a for a in args),
               *sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in kwargs.items()))
        return snap.memo(key, lambda: function(snap, *args, **kwargs))
    return cached


def memo_of(snap: Snapshot, function, *args):
    """A derived frame `function(snap, *args)` (pure, hashable arguments), computed once per snapshot."""
    return snap.memo((function.__module__, function.__qualname__, *args), lambda: function(snap, *args))


def _in_tokyo_time(frame: pl.DataFrame) -> pl.DataFrame:
    """Timestamps with a time zone are shown in Japan time, whatever the server's zone."""
    return frame.with_columns(
        pl.col(name).dt.convert_time_zone(TOKYO_ZONE) for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None
    )


@lru_cache(maxsize=2)
def _load(key: SnapshotKey) -> Snapshot:
    with duckdb.connect(key[0], read_only=True) as con:
        present = {name for (name,) in con.sql("SELECT table_name FROM information_schema.tables").fetchall()}
        tables = {name: _in_tokyo_time(con.sql(f'SELECT * FROM "{name}"').pl()) for name in TABLES if name in present}
    return Snapshot(key=key, tables=tables)


def snapshot() -> Snapshot | None:
    key = snapshot_key()
    return None if key is None else _load(key)


def refresh_status() -> dict | None:
    """refresh_status.json as a dict, or None when it is missing or unreadable."""
    try:
        return json.loads(config.refresh_status_path().read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


