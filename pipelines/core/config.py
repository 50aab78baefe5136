"""Where things live. Every path is derived from two environment variables (SPEC §1.4)."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
# the two variables every path below is read from (a worker process is given them to find the same folders)
LOCATION_VARIABLES = ("KYOSO_RAW_DIR", "KYOSO_DATA_DIR")
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"


def raw_dir() -> Path:
    """Landing zone: immutable submitted files and their manifests (the source of truth)."""
    return Path(os.environ.get("KYOSO_RAW_DIR", REPO_ROOT / "raw")).resolve()


def data_dir() -> Path:
    """Derived data: warehouse, caches, published snapshot, Dagster home. Safe to delete."""
    return Path(os.environ.get("KYOSO_DATA_DIR", REPO_ROOT / "data")).resolve()


def submissions_dir() -> Path:
    return raw_dir() / "submissions"


def normalized_cache_dir() -> Path:
    return data_dir() / "cache" / "normalized"


def warehouse_path() -> Path:
    return data_dir() / "warehouse" / "kyoso.duckdb"


def published_dir() -> Path:
    return data_dir() / "published"


def published_path() -> Path:
    return published_dir() / "kyoso.duckdb"


def refresh_status_path() -> Path:
    """JSON written by every refresh (success or failure) for the dashboards' freshness banner."""
    return published_dir() / "refresh_status.json"


def dbt_environment() -> dict[str, str]:
    """The process environment plus the warehouse location dbt's profile reads."""
    return {**os.environ, "KYOSO_WAREHOUSE_PATH": str(warehouse_path())}
