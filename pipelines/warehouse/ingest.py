"""Load the submission register and the effective submissions into the warehouse (schema `raw`).

The tables are the dbt sources described in docs/raw-sources.md. Each form table is rebuilt from the
cached normalized Parquet files of the effective submissions, so no raw Excel or CP932 file is parsed
twice; deleting `$KYOSO_DATA_DIR` only costs one re-parse.
"""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import polars as pl

from pipelines.core.periods import due_at
from pipelines.intake.forms import NORMALIZED_SCHEMAS
from pipelines.submissions import ACCEPTED, Submission, effective_submissions, ensure_normalized, read_issues

_DUCKDB_TYPES = {pl.String: "VARCHAR", pl.Int32: "INTEGER", pl.Int64: "BIGINT", pl.Boolean: "BOOLEAN"}

REGISTER_COLUMNS = {
    "submission_id": "VARCHAR",
    "form": "VARCHAR",
    "prefecture_code": "VARCHAR",
    "fiscal_year": "INTEGER",
    "quarter": "INTEGER",
    "period": "VARCHAR",
    "received_at": "TIMESTAMP",
    "due_at": "TIMESTAMP",
    "user_name": "VARCHAR",
    "sha256": "VARCHAR",
    "file_name": "VARCHAR",
    "status": "VARCHAR",
    "is_effective": "BOOLEAN",
    "rows": "INTEGER",
    "errors": "INTEGER",
    "warnings": "INTEGER",
    "note": "VARCHAR",
    "withdrawn_at": "TIMESTAMP",
    "withdrawn_by": "VARCHAR",
    "withdrawal_reason": "VARCHAR",
}

ISSUE_COLUMNS = {
    "submission_id": "VARCHAR",
    "issue_no": "INTEGER",
    "severity": "VARCHAR",
    "sheet": "VARCHAR",
    "row_number": "INTEGER",
    "column_name": "VARCHAR",
    "value": "VARCHAR",
    "rule": "VARCHAR",
    "message_ja": "VARCHAR",
    "message_en": "VARCHAR",
}


def duckdb_type(dtype: pl.DataType) -> str:
    if isinstance(dtype, pl.List):
        return duckdb_type(dtype.inner) + "[]"
    return _DUCKDB_TYPES[dtype.base_type()]


def _utc_naive(moment):
    return moment.astimezone(UTC).replace(tzinfo=None) if moment else None


def _replace_table(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, str], rows: list[tuple]) -> None:
    column_sql = ", ".join(f'"{name}" {sql_type}' for name, sql_type in columns.items())
    con.execute("create schema if not exists raw")
    con.execute(f"create or replace table raw.{table} ({column_sql})")
    if rows:  # one columnar insert (executemany costs ~1 ms a row: seconds for a national register)
        incoming = pl.DataFrame(rows, schema=list(columns), orient="row", infer_schema_length=None).to_arrow()
        con.register("incoming_rows", incoming)
        con.execute(f"insert into raw.{table} select * from incoming_rows")
        con.unregister("incoming_rows")


def load_register(con: duckdb.DuckDBPyConnection, submissions: list[Submission]) -> dict[str, int]:
    """raw.submissions and raw.validation_issues: every submission, whatever its status."""
    register_rows, issue_rows = [], []
    for s in submissions:
        due = due_at(s.fiscal_year, s.quarter) if s.fiscal_year and s.quarter else None
        register_rows.append(
            (
                s.submission_id,
                s.form,
                s.prefecture_code,
                s.fiscal_year,
                s.quarter,
                s.period,
                _utc_naive(s.received),
                _utc_naive(due),
                s.user,
                s.sha256,
                s.file_name,
                s.status,
                s.status == ACCEPTED,
                s.rows,
                s.errors,
                s.warnings,
                s.note,
                _utc_naive(datetime.fromisoformat(s.withdrawn_at)) if s.withdrawn_at else None,
                s.withdrawn_by,
                s.withdrawal_reason,
            )
        )
        for number, issue in enumerate(read_issues(s), start=1):
            issue_rows.append(
                (
                    s.submission_id,
                    number,
                    issue["severity"],
                    issue["sheet"],
                    issue["row"],
                    issue["column"],
                    issue["value"],
                    issue["rule"],
                    issue["message_ja"],
                    issue["message_en"],
                )
            )
    _replace_table(con, "submissions", REGISTER_COLUMNS, register_rows)
    _replace_table(con, "validation_issues", ISSUE_COLUMNS, issue_rows)
    return {"submissions": len(register_rows), "validation_issues": len(issue_rows)}


def load_form(con: duckdb.DuckDBPyConnection, form: str, submissions: list[Submission]) -> int:
    """raw.<form>: the normalized rows of the effective submissions of one form."""
    schema = NORMALIZED_SCHEMAS[form]
    columns = {"submission_id": "VARCHAR"} | {name: duckdb_type(dtype) for name, dtype in schema.items()}
    _replace_table(con, form, columns, [])
    effective = effective_submissions(form, submissions)
    if not effective:
        return 0
    files = pl.DataFrame(
        {
            "submission_id": [s.submission_id for s in effective],
            "file": [str(ensure_normalized(s)) for s in effective],
        }
    )
    con.register("effective_files", files.to_arrow())
    column_list = ", ".join(f'p."{name}"' for name in schema)
    con.execute(
        f"""
        insert into raw.{form}
        select f.submission_id, {column_list}
        from read_parquet(?, filename = true) as p
        join effective_files as f on f.file = p.filename
        """,
        [files["file"].to_list()],
    )
    con.unregister("effective_files")
    return con.execute(f"select count(*) from raw.{form}").fetchone()[0]
