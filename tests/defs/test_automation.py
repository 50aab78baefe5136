"""Nightly schedule and the new-submission sensor."""

from __future__ import annotations

from datetime import datetime

import dagster as dg

from pipelines import store
from pipelines.defs.automation import new_submission_sensor, nightly_refresh
from pipelines.periods import TOKYO
from tests.builders import municipal_rows, platform_rows, write_form_csv


def test_nightly_refresh_runs_at_two_tokyo_time():
    assert nightly_refresh.cron_schedule == "0 2 * * *"
    assert nightly_refresh.execution_timezone == "Asia/Tokyo"
    assert nightly_refresh.job_name == "refresh_all"


def _tick(cursor: str | None):
    with dg.instance_for_test() as instance:
        context = dg.build_sensor_context(instance=instance, cursor=cursor)
        result = new_submission_sensor.evaluate_tick(context)
        return result.run_requests or [], result.cursor


def test_sensor_requests_one_run_per_new_batch_and_never_twice(kyoso_dirs, tmp_path):
    received = datetime(2025, 7, 1, 9, 0, tzinfo=TOKYO)
    assert _tick(None)[0] == []

    first = store.submit(
        write_form_csv(tmp_path / "a.csv", "municipal_report", municipal_rows("31", 2025, 1)),
        "31",
        received_at=received,
    ).submission
    runs, cursor = _tick(None)
    assert [r.run_key for r in runs] == [first.submission_id]
    assert cursor == first.submission_id

    assert _tick(cursor)[0] == []  # nothing new: no second run for the same submission

    rejected_rows = municipal_rows("31", 2025, 2, population_65plus="abc")
    store.submit(write_form_csv(tmp_path / "bad.csv", "municipal_report", rejected_rows), "31", received_at=received)
    assert _tick(cursor)[0] == []  # a rejected file changes no table, so it triggers nothing

    second = store.submit(
        write_form_csv(tmp_path / "p.csv", "platform_status", platform_rows("31", 2025, 1, 1)),
        "31",
        received_at=received,
    ).submission
    third = store.submit(
        write_form_csv(tmp_path / "p2.csv", "platform_status", platform_rows("31", 2025, 2, 2)),
        "31",
        received_at=received,
    ).submission
    runs, new_cursor = _tick(cursor)
    assert [r.run_key for r in runs] == [third.submission_id]  # both new submissions in one refresh
    assert new_cursor == max(second.submission_id, third.submission_id)
