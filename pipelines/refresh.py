"""`kyoso refresh`: materialize every asset in-process; record success or failure for the dashboards."""

from __future__ import annotations

import dagster as dg

from pipelines import refresh_status
from pipelines.dbt_manifest import ensure_manifest


def _failure_reason(result: dg.ExecuteInProcessResult) -> str:
    messages = [
        event.message or event.event_type_value
        for event in result.all_events
        if event.event_type in (dg.DagsterEventType.STEP_FAILURE, dg.DagsterEventType.RUN_FAILURE)
    ]
    return " | ".join(messages) or "refresh failed"


def run_refresh() -> bool:
    """True when a new snapshot was published; otherwise the previous snapshot stays in place."""
    refresh_status.mark_running()
    try:
        ensure_manifest()
        from pipelines.definitions import defs  # the dbt assets need the manifest at import

        job = defs.resolve_job_def("refresh_all")
        result = job.execute_in_process(
            instance=dg.DagsterInstance.ephemeral(),
            run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}},
            raise_on_error=False,
        )
    except BaseException as error:
        refresh_status.mark_failed(f"{type(error).__name__}: {error}")
        raise
    if not result.success:
        refresh_status.mark_failed(_failure_reason(result))
    return result.success
