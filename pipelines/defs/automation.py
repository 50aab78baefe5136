"""Nightly schedule, new-submission sensor, and failure recording for the freshness banner."""

import dagster as dg

from pipelines import refresh_status, store

refresh_job = dg.define_asset_job(
    "refresh_all",
    selection=dg.AssetSelection.all(),
    description="Ingest every effective submission, dbt build, publish the snapshot.",
)

nightly_refresh = dg.ScheduleDefinition(
    name="nightly_refresh",
    job=refresh_job,
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Tokyo",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)


@dg.sensor(job=refresh_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def new_submission_sensor(context: dg.SensorEvaluationContext):
    """One refresh for the accepted submissions that arrived since the last tick.

    The cursor is the newest submission id already handled (ids sort by arrival), and the run key is the
    newest id in the batch, so no submission ever triggers two runs.
    """
    cursor = context.cursor or ""
    new = [s for s in store.list_submissions() if s.submission_id > cursor and s.outcome == store.ACCEPTED]
    if not new:
        return dg.SkipReason("no new accepted submission")
    newest = max(s.submission_id for s in new)
    context.update_cursor(newest)
    return dg.RunRequest(run_key=newest, tags={"kyoso/trigger": "submission", "kyoso/submissions": str(len(new))})


@dg.run_failure_sensor(monitored_jobs=[refresh_job], default_status=dg.DefaultSensorStatus.RUNNING)
def record_refresh_failure(context: dg.RunFailureSensorContext):
    refresh_status.mark_failed(context.failure_event.message or "refresh run failed")
