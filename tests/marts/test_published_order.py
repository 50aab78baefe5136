"""The same warehouse content publishes the same tables row for row, whatever order dbt wrote them in
(the marts have no ORDER BY; DuckDB's parallel inserts leave their rows in any order)."""

import shutil

import duckdb

from pipelines.core.published import REFERENCE_TABLES, REQUIRED_TABLES
from pipelines.warehouse.publish import publish_snapshot


def _published_rows(snapshot, table: str) -> list[tuple]:
    con = duckdb.connect(str(snapshot), read_only=True)
    try:
        return con.execute(f"select * from {table}").fetchall()
    finally:
        con.close()


def test_rows_are_published_in_one_order(dbt_run, tmp_path):
    assert dbt_run.returncode == 0, dbt_run.output[-3000:]
    shuffled = tmp_path / "shuffled.duckdb"
    shutil.copyfile(dbt_run.warehouse, shuffled)
    con = duckdb.connect(str(shuffled))
    tables = [t for (t,) in con.execute("select table_name from information_schema.tables "
                                        "where table_schema = 'main' and table_type = 'BASE TABLE'").fetchall()]
    published = [t for t in REQUIRED_TABLES + REFERENCE_TABLES if t in tables]
    for table in published:
        con.execute(f"create or replace table {table} as select * from {table} order by random()")
    con.close()

    publish_snapshot(dbt_run.warehouse, tmp_path / "as_built" / "kyoso.duckdb")
    publish_snapshot(shuffled, tmp_path / "shuffled" / "kyoso.duckdb")
    assert "mart_prefecture_quarter" in published and "mart_submissions" in published
    for table in published:
        as_built = _published_rows(tmp_path / "as_built" / "kyoso.duckdb", table)
        assert len(as_built) > 0 or table == "rollout_schedule_overrides", table
        assert as_built == _published_rows(tmp_path / "shuffled" / "kyoso.duckdb", table), table
