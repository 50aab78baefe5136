"""Resources shared by the assets: the dbt project/CLI and the warehouse connection."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from importlib.metadata import version as installed_version
from pathlib import Path

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource, DbtProject
from packaging.version import Version

from pipelines import config

# `dbt parse` under `dagster dev` renders the profile, which reads the warehouse location from here.
os.environ.setdefault("KYOSO_WAREHOUSE_PATH", str(config.warehouse_path()))

# dagster-dbt's `dbt parse` under `dagster dev` looks for `dbt` on PATH: make it the venv's own, also when
# `dagster dev` was started as .venv/bin/dagster without an activated venv.
os.environ["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])

kyoso_dbt_project = DbtProject(project_dir=config.DBT_PROJECT_DIR)
kyoso_dbt_project.prepare_if_dev()


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB file that ingest writes and dbt transforms (never read by the dashboards).

    Empty `path` means `$KYOSO_DATA_DIR/warehouse/kyoso.duckdb`, resolved when used, not at import.
    """

    path: str = ""

    @property
    def resolved_path(self) -> str:
        return self.path or str(config.warehouse_path())

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        os.makedirs(os.path.dirname(self.resolved_path), exist_ok=True)
        con = duckdb.connect(self.resolved_path)
        try:
            yield con
        finally:
            con.close()


class KyosoDbtCliResource(DbtCliResource):
    """dagster-dbt's resource without two fixed costs that buy this project nothing (~3 s a run):
    a `dbt --version` subprocess (the dbt executable is the venv's own, so its version is the installed
    dbt-core's) and an in-process dbt adapter, which dagster-dbt only needs for column/row-count
    metadata that these assets never fetch."""

    @cached_property
    def _cli_version(self) -> Version:
        return Version(installed_version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):
        return None


def build_resources() -> dict[str, object]:
    return {
        # The venv's dbt, so the refresh works without the venv on PATH (cron, systemd, CI).
        "dbt": KyosoDbtCliResource(
            project_dir=kyoso_dbt_project,
            dbt_executable=str(Path(sys.executable).with_name("dbt")),
            # the per-run dbt.log keeps warnings and errors only: formatting ~20 debug lines for each of
            # ~700 nodes costs about a second; the node results still stream into Dagster's log
            global_config_flags=["--log-level-file", "warn"],
        ),
        "warehouse": WarehouseResource(),
    }
