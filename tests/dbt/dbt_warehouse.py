"""Helpers for the dbt tests: a warehouse DuckDB file holding the raw.* tables of docs/raw-sources.md
filled from Python rows, and a `dbt build` that runs against it without touching dbt_project/target.

    path = create_raw_warehouse(tmp_path / "warehouse.duckdb", {"submissions": [...], "municipal_report": [...]})
    dbt_build(path, tmp_path)          # seeds, models, unit tests and data tests; asserts success
    query(path, "select ... from mart_prefecture_quarter")
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pipelines.core.config import DBT_PROJECT_DIR, REPO_ROOT
from pipelines.core.periods import due_at, period_text
from pipelines.intake.forms import NORMALIZED_SCHEMAS
from pipelines.warehouse.ingest import ISSUE_COLUMNS, REGISTER_COLUMNS, duckdb_type

DBT = REPO_ROOT / ".venv" / "bin" / "dbt"

# The same table definitions the ingest assets write (docs/raw-sources.md).
RAW_TABLES: dict[str, dict[str, str]] = {
    "submissions": REGISTER_COLUMNS,
    "validation_issues": ISSUE_COLUMNS,
    **{
        form: {"submission_id": "VARCHAR"} | {name: duckdb_type(dtype) for name, dtype in schema.items()}
        for form, schema in NORMALIZED_SCHEMAS.items()
    },
}


def create_raw_warehouse(path: Path, rows: dict[str, list[dict]] | None = None) -> Path:
    """Create every raw.* table (empty unless rows are given; missing columns are NULL)."""
    rows = rows or {}
    unknown = set(rows) - set(RAW_TABLES)
    assert not unknown, f"unknown raw tables: {unknown}"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema if not exists raw")
        for table, columns in RAW_TABLES.items():
            column_sql = ", ".join(f'"{name}" {kind}' for name, kind in columns.items())
            con.execute(f"create or replace table raw.{table} ({column_sql})")
            if rows.get(table):
                names = list(columns)
                placeholders = ", ".join("?" for _ in names)
                quoted = ", ".join(f'"{name}"' for name in names)
                con.executemany(
                    f"insert into raw.{table} ({quoted}) values ({placeholders})",
                    [[row.get(name) for name in names] for row in rows[table]],
                )
    return path


def submission(
    submission_id: str,
    form: str,
    prefecture_code: str,
    fiscal_year: int,
    quarter: int,
    received_at: datetime,
    status: str = "accepted",
    rows: int = 1,
) -> dict:
    """One raw.submissions row; received_at is an aware datetime, stored as naive UTC like the ingest does."""
    due = due_at(fiscal_year, quarter).astimezone(UTC).replace(tzinfo=None)
    return {
        "submission_id": submission_id,
        "form": form,
        "prefecture_code": prefecture_code,
        "fiscal_year": fiscal_year,
        "quarter": quarter,
        "period": period_text(fiscal_year, quarter),
        "received_at": received_at.astimezone(UTC).replace(tzinfo=None),
        "due_at": due,
        "user_name": "tester",
        "sha256": submission_id.rjust(64, "0"),
        "file_name": f"{form}.xlsx",
        "status": status,
        "is_effective": status == "accepted",
        "rows": rows,
        "errors": 1 if status == "rejected" else 0,
        "warnings": 0,
    }


def run_dbt(args: list[str], warehouse: Path, work_dir: Path) -> subprocess.CompletedProcess:
    """Run dbt on the project against `warehouse`, with target and logs under `work_dir`."""
    env = os.environ | {"KYOSO_WAREHOUSE_PATH": str(warehouse), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    command = [
        str(DBT),
        *args,
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target-path",
        str(work_dir / "target"),
        "--log-path",
        str(work_dir / "logs"),
        "--threads",
        "2",
    ]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False, cwd=work_dir)


def dbt_build(warehouse: Path, work_dir: Path) -> None:
    result = run_dbt(["build"], warehouse, work_dir)
    assert result.returncode == 0, result.stdout[-20000:] + result.stderr[-5000:]


def query(warehouse: Path, sql: str, *params) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params).fetchall()
