"""The nightly schedule and the register sensor decide what to rebuild by the one rule (no run here)."""

from __future__ import annotations

from datetime import datetime

import dagster as dg
import pytest
from dagster._core.storage.dagster_run import DagsterRun

from pipelines import submissions
from pipelines.core import config
from pipelines.core.periods import TOKYO
from pipelines.defs.automation import nightly_refresh, register_sensor
from pipelines.warehouse import fingerprint
from pipelines.warehouse.manifest import ensure_manifest
from tests.builders import municipal_rows, platform_rows, write_form_csv

RECEIVED = datetime(2025, 7, 1, 9, 0, tzinfo=TOKYO)


@pytest.fixture(scope="module")
def defs() -> dg.Definitions:
    ensure_manifest()
    from pipelines.definitions import defs

    return defs


def test_nightly_refresh_runs_at_two_tokyo_time():
    assert nightly_refresh.cron_schedule == "0 2 * * *"
    assert nightly_refresh.execution_timezone == "Asia/Tokyo"
    assert nightly_refresh.job_name == "refresh_all"


def _tick(defs, instance=None):
    with dg.instance_for_test() as fresh:
        context = dg.build_sensor_context(instance=instance or fresh, definitions=defs)
        result = register_sensor.evaluate_tick(context)
    return result.run_requests or []


def _submit(tmp_path, name: str, form: str, rows: list[dict]) -> submissions.Submission:
    return submissions.submit(write_form_csv(tmp_path / name, form, rows), "31", received_at=RECEIVED).submission


def _as_published() -> None:
    """The state after a successful full refresh, without running one."""
    for path in (config.warehouse_path(), config.published_path()):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
    fingerprint.commit(fingerprint.current(), fingerprint.Plan(full=True))


def test_no_submission_no_run_then_a_full_build(defs, kyoso_dirs, tmp_path):
    assert _tick(defs) == []
    _submit(tmp_path, "a.csv", "municipal_report", municipal_rows("31", 2025, 1))
    [request] = _tick(defs)
    assert request.asset_selection is None  # nothing was ever built: everything
    assert request.tags["kyoso/rebuilds"] == "all"


def test_a_rejected_upload_rebuilds_only_the_submission_marts(defs, kyoso_dirs, tmp_path):
    _submit(tmp_path, "a.csv", "municipal_report", municipal_rows("31", 2025, 1))
    _as_published()
    assert _tick(defs) == []  # the snapshot is current

    rejected = _submit(tmp_path, "bad.csv", "municipal_report", municipal_rows("31", 2025, 2, population_65plus="x"))
    assert rejected.outcome == submissions.REJECTED
    [request] = _tick(defs)
    selected = {key.to_user_string() for key in request.asset_selection}
    assert {"raw/submissions", "raw/validation_issues", "mart_submissions", "mart_validation_issues",
            "published_snapshot"} <= selected
    assert not selected & {"int_periods", "mart_prefecture_quarter", "raw/municipal_report", "mart_national_quarter"}


def test_an_accepted_upload_rebuilds_its_form_and_downstream(defs, kyoso_dirs, tmp_path):
    _submit(tmp_path, "a.csv", "municipal_report", municipal_rows("31", 2025, 1))
    _as_published()
    _submit(tmp_path, "p.csv", "platform_status", platform_rows("31", 2025, 1, 2))
    [request] = _tick(defs)
    selected = {key.to_user_string() for key in request.asset_selection}
    assert {"raw/platform_status", "raw/submissions", "int_periods", "mart_prefecture_quarter",
            "published_snapshot"} <= selected
    assert not selected & {"raw/municipal_report", "raw/actor_roster", "raw/survey_responses"}
    assert [r.run_key for r in _tick(defs)] == [request.run_key]  # the same change: the same run, never two


def test_no_second_run_while_one_is_running(defs, kyoso_dirs, tmp_path):
    _submit(tmp_path, "a.csv", "municipal_report", municipal_rows("31", 2025, 1))
    with dg.instance_for_test() as instance:
        instance.add_run(DagsterRun(job_name="refresh_all", status=dg.DagsterRunStatus.STARTED))
        assert _tick(defs, instance) == []
