"""Write the published snapshot aside and swap it in atomically (SPEC §1.4)."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipelines.core import config
from pipelines.core.published import REFERENCE_TABLES, REQUIRED_TABLES
from pipelines.warehouse import changes


def _remove_leftovers_of_dead_publishers(target: Path) -> None:
    """A publisher killed mid-write leaves `.<name>.<pid>.tmp`; a running publisher's file is never touched."""
    for partial in target.parent.glob(f".{target.name}.*.tmp"):
        pid = partial.name.removeprefix(f".{target.name}.").removesuffix(".tmp")
        if pid.isdigit() and not _process_exists(int(pid)):
            partial.unlink(missing_ok=True)


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def publish_snapshot(warehouse: Path | None = None, target: Path | None = None) -> dict[str, int]:
    """Copy the published tables into a new file beside the target, then rename it over the target."""
    warehouse = warehouse or config.warehouse_path()
    target = target or config.published_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers_of_dead_publishers(target)
    partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    counts: dict[str, int] = {}
    con = duckdb.connect(str(partial))
    try:
        quoted = str(warehouse).replace("'", "''")
        con.execute(f"attach '{quoted}' as warehouse (read_only)")
        available = {
            row[0]
            for row in con.execute(
                "select table_name from information_schema.tables "
                "where table_catalog = 'warehouse' and table_schema = 'main'"
            ).fetchall()
        }
        missing = [table for table in REQUIRED_TABLES if table not in available]
        if missing:
            raise RuntimeError(f"warehouse lacks published tables: {', '.join(missing)}")
        for table in REQUIRED_TABLES + tuple(t for t in REFERENCE_TABLES if t in available):
            # rows in a fixed order: the same data always publishes the same tables, row for row
            con.execute(f"create table main.{table} as select * from warehouse.main.{table} order by all")
            counts[table] = con.execute(f"select count(*) from main.{table}").fetchone()[0]
        con.execute("detach warehouse")
        # the change log compares with the snapshot published so far, then carries its rows over
        changes.record_changes(con, previous=target, published_at=datetime.now(UTC))
        counts[changes.TABLE] = con.execute(f"select count(*) from main.{changes.TABLE}").fetchone()[0]
        con.execute("checkpoint")
    except BaseException:
        con.close()
        partial.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(partial, target)
    return counts
