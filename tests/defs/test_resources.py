"""The dbt resource skips two fixed costs of dagster-dbt (a `dbt --version` subprocess and an in-process
adapter, ~7 s a run here) through two private members: if a dagster-dbt upgrade renames them, the
overrides would silently stop saving anything — these tests fail instead."""

import re
import subprocess
import sys
from pathlib import Path

from dagster_dbt import DbtCliResource
from packaging.version import Version

from pipelines.defs.resources import KyosoDbtCliResource, build_resources


def test_the_overridden_members_still_exist_in_dagster_dbt():
    assert isinstance(DbtCliResource.__dict__["_cli_version"], type(KyosoDbtCliResource.__dict__["_cli_version"]))
    assert callable(DbtCliResource.__dict__["_initialize_dbt_core_adapter"])


def test_the_dbt_version_is_the_one_dbt_reports():
    printed = subprocess.run([str(Path(sys.executable).with_name("dbt")), "--version"], capture_output=True,
                             text=True, check=True).stdout
    core = re.search(r"installed:\s*(\d+\.\d+\.\d+)", printed).group(1)
    assert build_resources()["dbt"]._cli_version == Version(core)
    assert Version(core).major == 1  # dbt-core, not the fusion engine: dagster-dbt's event handling differs

