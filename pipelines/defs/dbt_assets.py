"""dbt models, seeds and tests as Dagster assets and asset checks."""

import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)

from pipelines import dbt_child
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
    dbt_child.bind_to_this_process()
    invocation = dbt.cli(["build"], context=context)
    yield from invocation.stream()
    _keep_partial_parse(invocation.target_path)
    # each run gets a private ~25 MB target folder; a failed run's is kept for diagnosis (the stream
    # raises before this line), a successful one's is no longer needed
    shutil.rmtree(invocation.target_path, ignore_errors=True)


def _keep_partial_parse(run_target: Path) -> None:
    """dagster-dbt seeds each run's private target folder with target/partial_parse.msgpack; dbt
    discards it (a full parse, ~4 s) when the profile differs — and the profile holds the warehouse
    path. Keep the state this run parsed with this warehouse, so the next run parses incrementally."""
    state = run_target / "partial_parse.msgpack"
    if not state.exists():
        return
    shared = kyoso_dbt_project.project_dir / kyoso_dbt_project.target_path / state.name
    partial = shared.with_name(f".{state.name}.{os.getpid()}.tmp")
    shutil.copyfile(state, partial)
    os.replace(partial, shared)
