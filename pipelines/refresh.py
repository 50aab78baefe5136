"""`kyoso refresh`: materialize the Dagster assets in-process; record success or failure for the dashboards.

Work is skipped only where its inputs are provably unchanged (pipelines/fingerprint.py):
- nothing changed since the published snapshot was built → no run at all (the snapshot is current);
- some source tables changed → only those ingest assets and the dbt models (with their tests) and
  the snapshot downstream of them;
- otherwise (first run, code changed, the warehouse was touched by anything else) → every asset.
The snapshot is still replaced only by the publish asset, after every selected dbt test passed.
"""

from __future__ import annotations

import logging

from pipelines import fingerprint, refresh_status, store
from pipelines.dbt_manifest import ensure_manifest

log = logging.getLogger(__name__)


def _failure_reason(result) -> str:
    import dagster as dg

    messages = [
        event.message or event.event_type_value
        for event in result.all_events
        if event.event_type in (dg.DagsterEventType.STEP_FAILURE, dg.DagsterEventType.RUN_FAILURE)
    ]
    return " | ".join(messages) or "refresh failed"


def _latest_received(submissions: list[store.Submission]) -> str | None:
    latest = max((s.received for s in submissions), default=None)
    return latest.isoformat() if latest else None


def _execute(changed: list[str] | None):
    import dagster as dg

    from pipelines.definitions import defs  # the dbt assets need the manifest at import

    job = defs.resolve_job_def("refresh_all")
    selection = None
    if changed is not None:
        sources = dg.AssetSelection.assets(*(dg.AssetKey(["raw", name]) for name in changed))
        selection = sorted(sources.downstream().resolve(defs.resolve_asset_graph()))
    return job.execute_in_process(
        instance=dg.DagsterInstance.ephemeral(),
        run_config={"loggers": {"console": {"config": {"log_level": "INFO"}}}},
        raise_on_error=False,
        asset_selection=selection,
    )


def run_refresh() -> bool:
    """True when the published snapshot holds every effective submission (newly published, or already
    current); otherwise the previous snapshot stays in place."""
    refresh_status.mark_running()
    try:
        submissions = store.list_submissions()
        store.ensure_normalized_all(submissions)  # only after $KYOSO_DATA_DIR was lost: parallel re-parse
        now = fingerprint.current(submissions)
        changed = fingerprint.changed_sources(now, fingerprint.recorded())
        if changed == []:
            log.info("nothing changed since the published snapshot was built; nothing to do")
            refresh_status.mark_succeeded(_latest_received(submissions), published=False)
            return True
        ensure_manifest()
        result = _execute(changed)
    except BaseException as error:
        refresh_status.mark_failed(f"{type(error).__name__}: {error}")
        raise
    if not result.success:
        refresh_status.mark_failed(_failure_reason(result))
        return False
    fingerprint.record(now)
    return True
