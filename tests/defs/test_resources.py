"""The dbt resource: the venv's dbt through `kyoso-dbt`, which tells its version without starting dbt, and
no in-process dbt adapter (a private dagster-dbt member: if an upgrade renames it, the override would silently
stop saving anything — these tests fail instead)."""

import os
import re
import subprocess
import sys
from pathlib import Path

from dagster_dbt import DbtCliResource
from packaging.version import Version

from pipelines.defs.resources import build_resources


def _reported_by_dbt() -> Version:
    printed = subprocess.run([str(Path(sys.executable).with_name("dbt")), "--version"], capture_output=True,
                             text=True, check=True).stdout
    return Version(re.search(r"installed:\s*(\d+\.\d+\.\d+)", printed).group(1))


def test_dagster_dbt_reads_the_version_dbt_reports():
    read = build_resources()["dbt"]._cli_version  # dagster-dbt's own: `<dbt_executable> --version`
    assert read == _reported_by_dbt()
    assert read.major == 1  # dbt-core, not the fusion engine: dagster-dbt handles the two differently


def test_the_version_is_told_without_starting_dbt():
    # the variable (unlike -X importtime) also reaches a dbt the child would exec
    told = subprocess.run([sys.executable, "-m", "pipelines.warehouse.dbt_child", "--version"], capture_output=True,
                          text=True, check=True, env={**os.environ, "PYTHONPROFILEIMPORTTIME": "1"})
    imported = {line.split("|")[-1].strip() for line in told.stderr.splitlines() if line.startswith("import time:")}
    assert "pipelines.warehouse.dbt_child" in imported or "pipelines.core.lifetime" in imported
    assert not {name for name in imported if name == "dbt" or name.startswith("dbt.")}
    assert f"installed: {_reported_by_dbt()}" in told.stdout


def test_the_overridden_adapter_member_still_exists_in_dagster_dbt():
    assert callable(DbtCliResource.__dict__["_initialize_dbt_core_adapter"])
    assert build_resources()["dbt"]._initialize_dbt_core_adapter(["build"]) is None
