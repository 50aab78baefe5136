"""Fixtures of the dbt tests (helpers live in dbt_warehouse.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from dbt_warehouse import create_raw_warehouse, dbt_build
from small_warehouse import small_raw_tables


@pytest.fixture
def empty_warehouse(tmp_path: Path) -> Path:
    """A warehouse whose raw.* tables exist but hold no rows."""
    return create_raw_warehouse(tmp_path / "warehouse.duckdb")


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small raw fixture (small_warehouse.py) after one `dbt build`, shared by every test that only reads it."""
    work = tmp_path_factory.mktemp("dbt_fixture")
    path = create_raw_warehouse(work / "warehouse.duckdb", small_raw_tables())
    dbt_build(path, work)
    return path
