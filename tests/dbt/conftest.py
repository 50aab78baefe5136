"""Fixtures of the dbt tests (helpers live in dbt_warehouse.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from dbt_warehouse import create_raw_warehouse


@pytest.fixture
def empty_warehouse(tmp_path: Path) -> Path:
    """A warehouse whose raw.* tables exist but hold no rows."""
    return create_raw_warehouse(tmp_path / "warehouse.duckdb")
