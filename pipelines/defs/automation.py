"""The one refresh job, run by the nightly schedule and the register sensor (and by `kyoso refresh`),
with the same rule for what to rebuild (pipelines/defs/refresh_plan.py)."""

import dagster as dg

from pipelines import submissions as store
from pipelines.defs.failures import failure_reason
from pipelines.defs.refresh_plan import REFRESH_TAG, asset_selection, current_plan, run_tags
from pipelines.warehouse import status as refresh_status

SENSOR_INTERVAL_SECONDS = 2
ACTIVE = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
    dg.DagsterRunStatus.CANCELING,
]

# In-process: the steps of a run follow each other in one process that holds the refresh lock throughout
# (pipelines/warehouse/refresh_lock.py), so no two steps open the DuckDB warehouse at once. dbt keeps its threads.
refresh_job = dg.define_asset_job(
    "refresh_all",
    selection=dg.AssetSelection.all(),
    executor_def=dg.in_process_executor,
    tags={REFRESH_TAG: "refresh_all"},
    description="Ingest what changed, dbt build downstream of it, publish the snapshot.",
)


def _run_request(context, reason: str) -> dg.RunRequest | dg.SkipReason:
    submissions = store.list_submissions()  # the register, read once per tick
    if not submissions:
        return dg.SkipReason("no submission yet")
    plan, run_key = current_plan(submissions)
    if plan.nothing:
        return dg.SkipReason("the published snapshot is current")
    selection = asset_selection(plan, context.repository_def.asset_graph)
    # the same change is never run twice, while a failed run (which leaves its sources unknown in the record)
    # is tried once more
    return dg.RunRequest(run_key=run_key, asset_selection=selection, tags=run_tags(plan) | {"kyoso/trigger": reason})


@dg.schedule(
    job=refresh_job,
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Tokyo",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def nightly_refresh(context: dg.ScheduleEvaluationContext):
    return _run_request(context, "schedule")


@dg.sensor(
    job=refresh_job,
    minimum_interval_seconds=SENSOR_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def register_sensor(context: dg.SensorEvaluationContext):
    """A refresh whenever the submission register changed (accepted, rejected or withdrawn) — one at a
    time: while a refresh is queued or running, the next tick after it decides again."""
    dead_run = refresh_status.reconcile()
    if dead_run:
        run = context.instance.get_run_by_id(dead_run)
        if run is not None and not run.is_finished:
            context.instance.report_run_failed(run)
    if context.instance.get_run_records(dg.RunsFilter(job_name=refresh_job.name, statuses=ACTIVE), limit=1):
        return dg.SkipReason("a refresh is queued or running")
    return _run_request(context, "register")


@dg.run_failure_sensor(
    monitored_jobs=[refresh_job],
    minimum_interval_seconds=SENSOR_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
)
def record_refresh_failure(context: dg.RunFailureSensorContext):
    reason = failure_reason(context.get_step_failure_events(), context.failure_event.message or "refresh run failed")
    refresh_status.mark_failed(reason, context.dagster_run.run_id)
