"""The code location loads, and lineage is one graph: form ingestion → dbt sources → marts → snapshot."""

import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from pipelines.core.config import REPO_ROOT
from pipelines.warehouse.manifest import ensure_manifest


@pytest.fixture(scope="module")
def defs() -> dg.Definitions:
    ensure_manifest()
    from pipelines.definitions import defs

    return defs


def test_ingestion_assets_feed_the_dbt_staging_models(defs):
    graph = defs.resolve_asset_graph()
    for form, staging in [
        ("municipal_report", "stg_raw__municipal_reports"),
        ("actor_roster", "stg_raw__actor_engagements"),
        ("platform_status", "stg_raw__platform_statuses"),
        ("survey_responses", "stg_raw__survey_responses"),
        ("submissions", "stg_raw__submissions"),
    ]:
        assert dg.AssetKey(["raw", form]) in graph.get(dg.AssetKey([staging])).parent_keys


def test_dbt_tests_run_inside_dbt_build_and_publish_waits_for_the_marts(defs):
    graph = defs.resolve_asset_graph()
    assert not graph.asset_check_keys  # each check would cost three Dagster event writes per run
    publish_parents = graph.get(dg.AssetKey(["published_snapshot"])).parent_keys
    assert dg.AssetKey(["mart_prefecture_quarter"]) in publish_parents
    assert dg.AssetKey(["mart_national_quarter"]) in publish_parents


def test_workspace_loads_as_dagster_dev_would(tmp_path):
    dagster = Path(sys.executable).with_name("dagster")
    # as `dagster dev` runs it: prepare_if_dev parses the dbt project, with no venv on PATH
    env = {
        **os.environ,
        "DAGSTER_HOME": str(tmp_path),
        "KYOSO_DATA_DIR": str(tmp_path / "data"),
        "DAGSTER_IS_DEV_CLI": "1",
        "PATH": "/usr/bin:/bin",
    }
    completed = subprocess.run(
        [str(dagster), "definitions", "validate", "-w", "workspace.yaml"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stdout[-2000:] + completed.stderr[-2000:]
