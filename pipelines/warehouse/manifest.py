"""Build dbt's manifest before the Dagster definitions load (never at import time)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pipelines.core import config

_IGNORED = {"target", "logs", "dbt_packages"}


def _newest_source_mtime(project_dir: Path) -> float:
    newest = 0.0
    for path in project_dir.rglob("*"):
        if path.is_file() and not (_IGNORED & set(path.relative_to(project_dir).parts)):
            newest = max(newest, path.stat().st_mtime)
    return newest


def ensure_manifest(project_dir: Path = config.DBT_PROJECT_DIR) -> Path:
    """`dbt parse` when target/manifest.json is missing or older than any project file."""
    manifest = project_dir / "target" / "manifest.json"
    if manifest.exists() and manifest.stat().st_mtime >= _newest_source_mtime(project_dir):
        return manifest
    return parse_project(project_dir)


def parse_project(project_dir: Path = config.DBT_PROJECT_DIR) -> Path:
    """`dbt parse` for the configured warehouse: the manifest, and target/partial_parse.msgpack, which the
    refreshes start from. dbt discards that state (and parses everything again, ~2 s more per refresh) when
    it was made for another warehouse location, because the location is part of the profile it hashes."""
    dbt = Path(sys.executable).with_name("dbt")
    subprocess.run(
        [str(dbt), "parse", "--quiet", "--project-dir", str(project_dir), "--profiles-dir", str(project_dir)],
        check=True,
        env=config.dbt_environment(),
    )
    return project_dir / "target" / "manifest.json"
