"""Shared fixtures: every test runs against its own raw and data folders."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def kyoso_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """Point KYOSO_RAW_DIR and KYOSO_DATA_DIR at empty temporary folders."""
    raw, data = tmp_path / "raw", tmp_path / "data"
    raw.mkdir()
    data.mkdir()
    monkeypatch.setenv("KYOSO_RAW_DIR", str(raw))
    monkeypatch.setenv("KYOSO_DATA_DIR", str(data))
    return raw, data
