"""dbt models and seeds as Dagster assets; dbt's data tests run inside `dbt build` and gate the publish step."""

import os
import shutil
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)
from dagster_dbt.core.dbt_cli_invocation import DbtCliInvocation

from pipelines.defs.project import kyoso_dbt_project
from pipelines.defs.resources import WarehouseResource
from pipelines.warehouse import dbt_child

FAILED_STATUSES = {"fail", "error", "runtime error"}


class KyosoDbtTranslator(DagsterDbtTranslator):
    """Groups follow the dbt folders (seeds, staging, intermediate, marts).

    dbt tests are not Dagster asset checks: Dagster stores three events per check and run (planned,
    output, evaluation), each its own SQLite transaction — ~600 writes, over a third of an upload's path
    to the dashboards (docs/refresh.md). The tests still run inside `dbt build`; a failing error-severity
    test fails the step, and the error names the test (Dagster's run page, refresh_status.json)."""

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
    dagster_dbt_translator=KyosoDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=False)),
)
def kyoso_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource):
    """`dbt build`: seeds, models and their tests; a failing error-severity test fails the step."""
    os.environ["KYOSO_WAREHOUSE_PATH"] = warehouse.resolved_path  # read by dbt_project/profiles.yml
    dbt_child.bind_to_this_process()
    invocation = dbt.cli(build_args(warehouse.rebuilds_everything()), context=context, raise_on_error=False)
    for event in invocation.stream():
        # dagster-dbt turns each dbt test result into an observation: ~270 Dagster event writes (15–100 ms
        # each) in the step that reads dbt's output. The tests' outcome is logged once, below.
        if not isinstance(event, dg.AssetObservation):
            yield event
    if not invocation.is_successful():
        # a failed run's private target folder is kept for diagnosis
        raise dg.Failure(description=_what_failed(invocation, warehouse.resolved_path),
                         metadata={"dbt_log": dg.MetadataValue.path(str(invocation.target_path / "dbt.log"))})
    context.log.info(_tests_summary(invocation))
    _keep_partial_parse(invocation.target_path)
    # each run gets a private ~25 MB target folder; a successful one's is no longer needed
    shutil.rmtree(invocation.target_path, ignore_errors=True)


def build_args(full_rebuild: bool) -> list[str]:
    """dbt unit tests check the SQL against fixed inputs, not the data: they run when the code changed, and a
    change of code always means a full rebuild (pipelines/warehouse/fingerprint.py). Data tests always run."""
    return ["build"] if full_rebuild else ["build", "--exclude-resource-type", "unit_test"]


def _what_failed(invocation: DbtCliInvocation, warehouse_path: str) -> str:
    """The dbt nodes (tests above all) that failed, from run_results.json, with a failed test's first rows;
    dbt's own error otherwise."""
    try:
        results = invocation.get_artifact("run_results.json")["results"]
    except FileNotFoundError:
        return str(invocation.get_error())
    failed = [result for result in results if result["status"] in FAILED_STATUSES]
    listed = "; ".join(_described(result, warehouse_path) for result in failed[:5])
    more = f"; and {len(failed) - 5} more" if len(failed) > 5 else ""
    return f"dbt build: {len(failed)} failed — {listed}{more}" if failed else str(invocation.get_error())


def _described(result: Mapping[str, Any], warehouse_path: str) -> str:
    described = f"{result['unique_id']}: {result.get('message') or result['status']}"
    if result["status"] != "fail" or not result.get("compiled_code"):
        return described
    rows = _failing_rows(result["compiled_code"], warehouse_path)
    return described + (f" [{'; '.join(rows)}]" if rows else "")


def _failing_rows(test_sql: str, warehouse_path: str, limit: int = 3) -> list[str]:
    """A failed test's first rows, e.g. `stage: range 0..4: 9` for column_rules (which column broke which
    rule, with what value); nothing if the warehouse cannot be read (the reason stays dbt's message)."""
    try:
        with duckdb.connect(warehouse_path, read_only=True) as con:
            cursor = con.execute(f"select * from ({test_sql}) limit {limit}")
            names = [column[0] for column in cursor.description]
            rows = cursor.fetchall()
    except duckdb.Error:
        return []
    if names == ["rule", "column_name", "value"]:
        return [f"{column}: {rule}: {value}" for rule, column, value in rows]
    return [", ".join(f"{name}={value}" for name, value in zip(names, row, strict=True)) for row in rows]


def _tests_summary(invocation: DbtCliInvocation) -> str:
    """How the build's dbt tests ended, naming those that warned."""
    results = invocation.get_artifact("run_results.json")["results"]
    tests = [result for result in results if result["unique_id"].startswith("test.")]
    unit_tests = sum(result["unique_id"].startswith("unit_test.") for result in results)
    counts = Counter(result["status"] for result in tests)
    warned = [result["unique_id"].removeprefix("test.kyoso.") for result in tests if result["status"] == "warn"]
    summary = (f"dbt: {unit_tests} unit tests passed; {len(tests)} data tests — "
               + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())))
    return summary + (f"; warned: {'; '.join(warned)}" if warned else "")


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
