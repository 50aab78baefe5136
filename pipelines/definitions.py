"""The one Dagster code location: `dagster dev -w workspace.yaml` and `kyoso refresh` load this."""

import dagster as dg

from pipelines.defs.automation import nightly_refresh, record_refresh_failure, refresh_job, register_sensor
from pipelines.defs.dbt_assets import kyoso_dbt_models
from pipelines.defs.ingest_assets import form_assets, submission_register
from pipelines.defs.integrity import nightly_verify, verify_raw_job
from pipelines.defs.publish_assets import published_snapshot
from pipelines.defs.resources import build_resources
from pipelines.defs.run_workers import start_runs_from_forkserver

defs = dg.Definitions(
    assets=[submission_register, *form_assets, kyoso_dbt_models, published_snapshot],
    jobs=[refresh_job, verify_raw_job],
    schedules=[nightly_refresh, nightly_verify],
    sensors=[register_sensor, record_refresh_failure],
    resources=build_resources(),
    executor=dg.in_process_executor,  # also for assets materialized by hand in the UI: one writer at a time
)

start_runs_from_forkserver()
