"""`kyoso refresh`: the daemon's refresh, run now, in this process (docs/refresh.md).

The same `refresh_all` job with the same rule for what to rebuild as the nightly schedule and the
register sensor (pipelines/defs/refresh_plan.py), recorded in the persistent Dagster instance, so
Dagster's run history shows it. It waits while another refresh holds the refresh lock, then decides
what to rebuild from what that one recorded. The snapshot is replaced only by the publish step, after
every selected dbt test passed.
"""

from __future__ import annotations

import logging

from pipelines.submissions import Submission, ensure_normalized_all, list_submissions
from pipelines.warehouse import fingerprint, refresh_lock
from pipelines.warehouse import status as refresh_status
from pipelines.warehouse.manifest import ensure_manifest

log = logging.getLogger(__name__)


def _latest_received(submissions: list[Submission]) -> str | None:
    latest = max((s.received for s in submissions), default=None)
    return latest.isoformat() if latest else None


def _execute(plan) -> bool:
    from pipelines.definitions import defs  # the dbt assets need the manifest at import
    from pipelines.defs.failures import failure_reason
    from pipelines.defs.refresh_plan import asset_selection, run_tags
    from pipelines.instance import open_instance

    with open_instance() as instance:
        result = defs.resolve_job_def("refresh_all").execute_in_process(
            instance=instance,
            run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}},
            raise_on_error=False,
            asset_selection=asset_selection(plan, defs.resolve_asset_graph()),
            tags=run_tags(plan) | {"kyoso/trigger": "kyoso refresh"},
        )
    if not result.success:
        run_failure = result.get_run_failure_event()
        refresh_status.mark_failed(failure_reason(result.all_events, run_failure.message or "refresh failed"),
                                   result.run_id)
    return result.success


def _fail_dead_run() -> None:
    """A refresh killed earlier: its status and its Dagster run say `failed` from now on."""
    dead_run = refresh_status.reconcile()
    if not dead_run:
        return
    from pipelines.instance import open_instance

    with open_instance() as instance:
        run = instance.get_run_by_id(dead_run)
        if run is not None and not run.is_finished:
            instance.report_run_failed(run)


def run_refresh() -> bool:
    """True when the published snapshot holds every effective submission (newly published, or already
    current); otherwise the previous snapshot stays in place."""
    try:
        submissions = list_submissions()
        ensure_normalized_all(submissions)  # only after $KYOSO_DATA_DIR was lost: parallel re-parse
        with refresh_lock.hold():  # waits while another refresh runs, then decides from what it recorded
            _fail_dead_run()
            submissions = list_submissions()
            plan = fingerprint.plan(fingerprint.current(submissions), fingerprint.recorded())
            if plan.nothing:
                log.info("nothing changed since the published snapshot was built; nothing to do")
                refresh_status.mark_succeeded(_latest_received(submissions), published=False)
                return True
            ensure_manifest()  # `dbt parse` writes dbt's target folder: not while another refresh runs dbt
            return _execute(plan)
    except BaseException as error:
        refresh_status.mark_failed(f"{type(error).__name__}: {error}")
        raise
