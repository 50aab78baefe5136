"""Shared fixtures: every test runs against its own raw and data folders."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
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


@dataclass(frozen=True)
class DemoSystem:
    raw_dir: Path
    data_dir: Path
    demo_dir: Path

    @property
    def published(self) -> Path:
        return self.data_dir / "published" / "kyoso.duckdb"


@pytest.fixture(scope="session")
def demo_system(tmp_path_factory: pytest.TempPathFactory) -> DemoSystem:
    """The whole system on a small demo set, built once: demo-data → submit every file → refresh."""
    root = tmp_path_factory.mktemp("demo_system")
    system = DemoSystem(root / "raw", root / "data", root / "demo")
    env = {**os.environ, "KYOSO_RAW_DIR": str(system.raw_dir), "KYOSO_DATA_DIR": str(system.data_dir)}
    kyoso = [sys.executable, "-m", "pipelines.cli"]
    steps = [
        ["demo-data", "--out", str(system.demo_dir), "--seed", "7", "--survey-rows", "20000"],
        ["submit-manifest", str(system.demo_dir / "manifest.csv")],
        ["refresh"],
    ]
    for step in steps:
        with open(root / f"{step[0]}.log", "wb") as log:
            completed = subprocess.run(kyoso + step, env=env, stdout=log, stderr=subprocess.STDOUT)
        assert completed.returncode == 0, (root / f"{step[0]}.log").read_text(errors="replace")[-3000:]
    return system
