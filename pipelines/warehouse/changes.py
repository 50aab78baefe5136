"""mart_indicator_changes (SPEC §4.4): what moved between the previous published snapshot and the new one.

Computed by the publish step inside the snapshot being written, because only publishing knows the previous
snapshot. The previous snapshot's rows are carried over, so the table accumulates across publishes; the
first publish records nothing.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb

from pipelines.core.published import CHANGES_TABLE

TABLE = CHANGES_TABLE
SOURCE = "mart_prefecture_quarter"
# Row keys of mart_prefecture_quarter: numeric, but not indicators.
KEY_COLUMNS = ("fiscal_year", "quarter")
NUMERIC_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "FLOAT", "DOUBLE")
RELATIVE_TOLERANCE = 1e-9
# Statuses whose arrival means a submission became effective, was superseded or was withdrawn.
CAUSE_STATUSES = ("accepted", "superseded", "withdrawn")

DDL = f"""
create table main.{TABLE} (
    published_at timestamptz not null,
    prefecture_code varchar not null,
    period varchar not null,
    indicator varchar not null,
    old_value double,
    new_value double,
    cause_submission_ids varchar
)
"""


def record_changes(con: duckdb.DuckDBPyConnection, previous: Path | None, published_at: datetime) -> int:
    """Create main.mart_indicator_changes in the snapshot open on `con`; return the rows added by this publish.

    `previous` is the snapshot published so far (None or missing on the first publish); `published_at` is
    the new snapshot's timestamp (timezone-aware).
    """
    con.execute(DDL)
    if previous is None or not previous.exists():
        return 0
    quoted = str(previous).replace("'", "''")
    con.execute(f"attach '{quoted}' as previous (read_only)")
    try:
        previous_tables = _tables(con, "previous")
        if TABLE in previous_tables:
            con.execute(f"insert into main.{TABLE} select * from previous.main.{TABLE}")
        if SOURCE not in previous_tables:
            return 0
        snapshot = con.execute("select current_database()").fetchone()[0]
        indicators = sorted(set(_numeric_columns(con, snapshot)) & set(_numeric_columns(con, "previous")))
        before = con.execute(f"select count(*) from main.{TABLE}").fetchone()[0]
        con.execute(_changes_sql(indicators), [published_at])
        added = con.execute(f"select count(*) from main.{TABLE}").fetchone()[0] - before
    finally:
        con.execute("detach previous")
    return added


def _tables(con: duckdb.DuckDBPyConnection, catalog: str) -> set[str]:
    return {row[0] for row in con.execute(
        "select table_name from information_schema.tables where table_catalog = ? and table_schema = 'main'",
        [catalog]).fetchall()}


def _numeric_columns(con: duckdb.DuckDBPyConnection, catalog: str) -> list[str]:
    rows = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_catalog = ? and table_schema = 'main' and table_name = ?", [catalog, SOURCE]).fetchall()
    return [name for name, data_type in rows if data_type in NUMERIC_TYPES and name not in KEY_COLUMNS]


def _long(table: str, indicators: list[str]) -> str:
    """mart_prefecture_quarter of one snapshot as (prefecture_code, period, indicator, value) rows."""
    return "\n    union all\n    ".join(
        f"select prefecture_code, period, '{name}' as indicator, cast(\"{name}\" as double) as value "
        f"from {table}"
        for name in indicators
    )


def _changes_sql(indicators: list[str]) -> str:
    statuses = ", ".join(f"'{status}'" for status in CAUSE_STATUSES)
    return f"""
insert into main.{TABLE}
with
old_values as (
    {_long(f"previous.main.{SOURCE}", indicators)}
),
new_values as (
    {_long(f"main.{SOURCE}", indicators)}
),
compared as (
    select
        coalesce(new_values.prefecture_code, old_values.prefecture_code) as prefecture_code,
        coalesce(new_values.period, old_values.period) as period,
        coalesce(new_values.indicator, old_values.indicator) as indicator,
        old_values.value as old_value,
        new_values.value as new_value
    from new_values
    full outer join old_values
        on old_values.prefecture_code = new_values.prefecture_code
        and old_values.period = new_values.period
        and old_values.indicator = new_values.indicator
),
changed as (
    select * from compared
    where (old_value is null) <> (new_value is null)
        or abs(new_value - old_value) > cast({RELATIVE_TOLERANCE!r} as double) * greatest(1.0, abs(old_value))
),
causes as (
    -- submissions that became effective, were superseded or were withdrawn since the previous snapshot
    select new_submissions.prefecture_code,
        string_agg(new_submissions.submission_id, ',' order by new_submissions.submission_id) as submission_ids
    from main.mart_submissions as new_submissions
    left join previous.main.mart_submissions as old_submissions
        on old_submissions.submission_id = new_submissions.submission_id
    where new_submissions.status in ({statuses})
        and old_submissions.status is distinct from new_submissions.status
    group by new_submissions.prefecture_code
)
select
    cast(? as timestamptz) as published_at,
    changed.prefecture_code,
    changed.period,
    changed.indicator,
    changed.old_value,
    changed.new_value,
    causes.submission_ids as cause_submission_ids
from changed
left join causes
    on causes.prefecture_code = changed.prefecture_code
order by changed.prefecture_code, changed.period, changed.indicator
"""
