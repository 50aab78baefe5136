"""Resources shared by the assets: the dbt project/CLI and the warehouse connection."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource, DbtProject

from pipelines import config

# dbt (run by DbtCliResource in a subprocess) reads the warehouse location from the environment.
os.environ["KYOSO_WAREHOUSE_PATH"] = str(config.warehouse_path())

kyoso_dbt_project = DbtProject(project_dir=config.DBT_PROJECT_DIR)
kyoso_dbt_project.prepare_if_dev()


class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB file that ingest writes and dbt transforms (never read by the dashboards)."""

    path: str

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        con = duckdb.connect(self.path)
        try:
            yield con
        finally:
            con.close()


def build_resources() -> dict[str, object]:
    return {
        "dbt": DbtCliResource(project_dir=kyoso_dbt_project),
        "warehouse": WarehouseResource(path=str(config.warehouse_path())),
    }
