"""dbt models, seeds and tests as Dagster assets and asset checks."""

import os
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)

from pipelines.defs.resources import WarehouseResource, kyoso_dbt_project


class KyosoDbtTranslator(DagsterDbtTranslator):
    """Groups follow the dbt folders (seeds, staging, intermediate, marts)."""

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        props = self.get_resource_props(manifest, unique_id)
        if props["resource_type"] == "source":
            return spec
        folder = "seeds" if props["resource_type"] == "seed" else props["fqn"][1]
        return spec.replace_attributes(group_name=folder).merge_attributes(kinds={"dbt", "duckdb"})


@dbt_assets(
    manifest=kyoso_dbt_project.manifest_path,
    project=kyoso_dbt_project,
    dagster_dbt_translator=KyosoDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True)),
)
def kyoso_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    """`dbt build`: seeds, models and their tests; a failing error-severity test fails the step."""
    os.environ["KYOSO_WAREHOUSE_PATH"] = warehouse.resolved_path  # read by dbt_project/profiles.yml
    yield from dbt.cli(["build"], context=context).stream()
