"""Fixtures for the dashboard data-layer tests: a synthetic published snapshot in a temporary data dir."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
for path in (HERE.parents[1], HERE):  # the repo (dashboards, pipelines) and the snapshot factory
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from snapshot_factory import build_snapshot  # noqa: E402


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """KYOSO_DATA_DIR pointing at a fresh synthetic snapshot."""
    monkeypatch.setenv("KYOSO_DATA_DIR", str(tmp_path))
    build_snapshot(tmp_path)
    return tmp_path
