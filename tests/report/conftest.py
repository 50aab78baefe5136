"""A published snapshot with history for the report tests: the marts fixture published twice (the second
time after a withdrawal, a corrected upload with a note, a new period and a schedule override), so the
change log, the projection and the notes all have something to say."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from pipelines.warehouse.publish import publish_snapshot
from tests.marts import fixture
from tests.marts.conftest import DBT_PROJECT, REPO, _dbt_build

KYOSO = REPO / ".venv" / "bin" / "kyoso"


@pytest.fixture(scope="session")
def report_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("report")
    project = base / "dbt_project"
    shutil.copytree(DBT_PROJECT, project, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))
    warehouse = base / "data" / "warehouse" / "kyoso.duckdb"
    published = base / "data" / "published" / "kyoso.duckdb"
    fixture.write_warehouse(warehouse)
    assert _dbt_build(base, project).returncode == 0
    publish_snapshot(warehouse, published)
    fixture.replace_raw(warehouse, fixture.second_publish_raw_tables())
    overrides = project / "seeds" / "rollout_schedule_overrides.csv"
    rows = "".join(f"{p},{fy},{q},{t}\n" for (p, fy, q), t in fixture.SECOND_PUBLISH_OVERRIDES.items())
    overrides.write_text(overrides.read_text(encoding="utf-8") + rows, encoding="utf-8")
    assert _dbt_build(base, project).returncode == 0
    publish_snapshot(warehouse, published)
    return base / "data"


def published_rows(data_dir: Path, sql: str, params: list | None = None) -> list[dict]:
    con = duckdb.connect(str(data_dir / "published" / "kyoso.duckdb"), read_only=True)
    try:
        cursor = con.execute(sql, params or [])
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    finally:
        con.close()


def run_report(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "KYOSO_DATA_DIR": str(data_dir), "KYOSO_RAW_DIR": str(data_dir.parent / "raw")}
    return subprocess.run([str(KYOSO), "report", *args], env=env, capture_output=True, text=True, timeout=300,
                          check=False)
