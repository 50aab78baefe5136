"""The refresh publishes atomically: a failing data test or a killed run never replaces the snapshot."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime

import dagster as dg
import duckdb
import polars as pl
import pytest
from dagster import build_sensor_context, instance_for_test

from pipelines import cli
from pipelines.core import config
from pipelines.core.periods import TOKYO
from pipelines.defs.automation import register_sensor
from pipelines.defs.refresh_plan import asset_selection, current_plan, run_tags
from pipelines.instance import open_instance
from pipelines.refresh import run_refresh
from pipelines.submissions import effective_submissions, normalized_path, submit
from pipelines.warehouse import status as refresh_status
from pipelines.warehouse.manifest import ensure_manifest
from tests.builders import municipal_rows, platform_rows, write_form_csv
from tests.processes import alive, dbt_children

pytestmark = pytest.mark.slow


def _submit_small_set(tmp_path) -> None:
    received = datetime(2025, 7, 15, 9, 0, tzinfo=TOKYO)
    for prefecture in ("31", "32"):
        report = write_form_csv(
            tmp_path / f"{prefecture}-r.csv", "municipal_report", municipal_rows(prefecture, 2025, 1)
        )
        status = write_form_csv(
            tmp_path / f"{prefecture}-p.csv", "platform_status", platform_rows(prefecture, 2025, 1, 1)
        )
        assert submit(report, prefecture, received_at=received).submission.outcome == "accepted"
        assert submit(status, prefecture, received_at=received).submission.outcome == "accepted"


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _published_stage(prefecture: str) -> int:
    con = duckdb.connect(str(config.published_path()), read_only=True)
    try:
        return con.execute(
            "select platform_stage from mart_prefecture_quarter where prefecture_code = ? and period = 'FY2025Q1'",
            [prefecture],
        ).fetchone()[0]
    finally:
        con.close()


def test_refresh_publishes_then_a_failing_error_test_keeps_the_old_snapshot(kyoso_dirs, tmp_path):
    _submit_small_set(tmp_path)
    assert run_refresh() is True
    assert _published_stage("31") == 1
    status = refresh_status.read_status()
    assert status["state"] == "succeeded" and status["last_success_at"]
    before = _digest(config.published_path())

    # Corrupt the cached normalized rows behind the pipeline's back: stage 9 violates the 0–4 range test.
    [platform] = [s for s in effective_submissions("platform_status") if s.prefecture_code == "31"]
    cache = normalized_path(platform)
    pl.read_parquet(cache).with_columns(stage=pl.lit(9, pl.Int32)).write_parquet(cache)

    assert run_refresh() is False
    assert _digest(config.published_path()) == before
    assert _published_stage("31") == 1
    status = refresh_status.read_status()
    assert status["state"] == "failed"
    # the reason names the failed test and its failing row: the 0–4 range of stage in the platform-status
    # staging model, broken by the one corrupted row's 9
    reason = status["last_failure_reason"]
    failed_test = "test.kyoso.column_rules_stg_raw__platform_statuses."
    assert reason.startswith(f"kyoso_dbt_models: dbt build: 1 failed — {failed_test}")
    assert reason.endswith(" [stage: range 0..4: 9]")
    assert status["last_success_at"]  # the dashboards still know when good data were published


def test_kyoso_refresh_says_whether_it_published_or_found_nothing_changed(kyoso_dirs, tmp_path, capsys):
    _submit_small_set(tmp_path)
    assert cli.main(["refresh"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "公開しました / published"
    assert _published_stage("31") == 1
    before = _digest(config.published_path())
    assert cli.main(["refresh"]) == 0  # no upload since: nothing is published, and it says so
    assert capsys.readouterr().out.splitlines()[-1] == (
        "変更はありません（公開中のデータは最新です） / nothing changed: the published data are current")
    assert _digest(config.published_path()) == before


def test_killed_refresh_keeps_the_previous_snapshot(kyoso_dirs, tmp_path):
    _submit_small_set(tmp_path)
    assert run_refresh() is True
    before = _digest(config.published_path())

    resubmitted = platform_rows("31", 2025, 1, 3)
    submit(write_form_csv(tmp_path / "p3.csv", "platform_status", resubmitted), "31")
    process = subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "refresh"],
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def dbt_of_this_refresh() -> list[int]:
        """dbt building the warehouse for this refresh's run (not the resource's `dbt --version` check,
        which runs before the run announces itself in refresh_status.json)."""
        status = refresh_status.read_status()
        running = status["state"] == "running" and status.get("pid") == process.pid
        return dbt_children(process.pid) if running else []

    deadline = time.monotonic() + 300
    while not dbt_of_this_refresh() and time.monotonic() < deadline:
        time.sleep(0.05)  # kill once the new refresh is running dbt on the warehouse
    dbt = dbt_of_this_refresh()[0]
    os.kill(process.pid, signal.SIGKILL)  # `kyoso refresh` alone: dbt must not outlive it
    process.wait()
    deadline = time.monotonic() + 10
    while alive(dbt) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(dbt)
    killed_run = json.loads(config.refresh_status_path().read_text("utf-8"))["run_id"]

    assert _digest(config.published_path()) == before
    assert _published_stage("31") == 1
    assert json.loads(config.refresh_status_path().read_text("utf-8"))["last_success_at"]
    assert run_refresh() is True  # nothing left locked or half-written
    assert _published_stage("31") == 3
    with open_instance() as instance:  # the next refresh found the killed one and recorded its failure
        assert instance.get_run_by_id(killed_run).status == dg.DagsterRunStatus.FAILURE
        assert instance.get_runs(dg.RunsFilter(job_name="refresh_all"))[0].status == dg.DagsterRunStatus.SUCCESS


def test_upload_during_a_running_refresh_is_picked_up_by_the_next_one(kyoso_dirs, tmp_path):
    _submit_small_set(tmp_path)
    running = subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "refresh"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 60
    while refresh_status.read_status()["state"] != "running" and time.monotonic() < deadline:
        time.sleep(0.05)
    late = submit(
        write_form_csv(tmp_path / "p4.csv", "platform_status", platform_rows("31", 2025, 1, 4)), "31"
    ).submission
    assert running.wait(timeout=300) == 0

    ensure_manifest()
    from pipelines.definitions import defs

    with instance_for_test() as instance:
        tick = register_sensor.evaluate_tick(build_sensor_context(instance=instance, definitions=defs))
    [request] = tick.run_requests
    assert request.tags["kyoso/rebuilds"] == "accepted_register,platform_status,submissions,validation_issues"
    assert dg.AssetKey(["raw", "platform_status"]) in request.asset_selection
    assert dg.AssetKey(["raw", "municipal_report"]) not in request.asset_selection
    assert late.status == "accepted"
    assert run_refresh() is True
    assert _published_stage("31") == 4


def test_a_run_planned_before_an_upload_arrived_still_succeeds_and_the_next_publishes_it(kyoso_dirs, tmp_path):
    _submit_small_set(tmp_path)
    assert run_refresh() is True
    rejected = municipal_rows("31", 2025, 2, population_65plus="abc")
    submit(write_form_csv(tmp_path / "bad.csv", "municipal_report", rejected), "31")
    plan, _ = current_plan()  # as the sensor plans it: a rejected upload, so the register only
    assert plan.register_only
    # ... and before the run starts, prefecture 31 corrects its platform status
    submit(write_form_csv(tmp_path / "p2.csv", "platform_status", platform_rows("31", 2025, 1, 2)), "31")

    ensure_manifest()
    from pipelines.definitions import defs

    with open_instance() as instance:
        result = defs.resolve_job_def("refresh_all").execute_in_process(
            instance=instance, raise_on_error=False, tags=run_tags(plan),
            asset_selection=asset_selection(plan, defs.resolve_asset_graph()))
    assert result.success  # the register and the form tables agree, so every dbt test passed
    assert _published_stage("31") == 1  # the correction's marts were not part of that run ...
    assert run_refresh() is True  # ... but the next refresh knows they are still to do
    assert _published_stage("31") == 2


def _dbt_summary(instance: dg.DagsterInstance, run_id: str) -> str:
    return next(entry.user_message for entry in instance.all_logs(run_id)
                if not entry.dagster_event and entry.user_message.startswith("dbt: "))


def test_unit_tests_run_when_everything_is_rebuilt_and_data_tests_always(kyoso_dirs, tmp_path):
    _submit_small_set(tmp_path)
    assert run_refresh() is True  # the first: everything
    submit(write_form_csv(tmp_path / "p3.csv", "platform_status", platform_rows("31", 2025, 1, 3)), "31")
    assert run_refresh() is True  # one form changed
    assert _published_stage("31") == 3

    manifest = json.loads((config.DBT_PROJECT_DIR / "target" / "manifest.json").read_text())
    unit_tests = len(manifest["unit_tests"])
    assert unit_tests >= 5
    with open_instance() as instance:
        incremental, full = instance.get_runs(dg.RunsFilter(job_name="refresh_all"), limit=2)
        assert _dbt_summary(instance, full.run_id).startswith(f"dbt: {unit_tests} unit tests passed; ")
        assert _dbt_summary(instance, incremental.run_id).startswith("dbt: 0 unit tests passed; ")
        assert " 0 pass" not in _dbt_summary(instance, incremental.run_id)
