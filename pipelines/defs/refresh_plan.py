"""From a fingerprint plan (pipelines/warehouse/fingerprint.py) to the assets a `refresh_all` run materializes —
used alike by the schedule, the sensor and `kyoso refresh`."""

from __future__ import annotations

import dagster as dg

from pipelines import submissions as store
from pipelines.defs.resources import PLAN_TAG
from pipelines.warehouse import fingerprint

REFRESH_TAG = "kyoso/refresh"
REGISTER_KEYS = [dg.AssetKey(["raw", name]) for name in fingerprint.REGISTER]
# the models that read only accepted register rows (`where is_accepted`): a change to rejected or duplicate
# entries alone leaves them, and everything built on them, as they are
ACCEPTED_ONLY_MODELS = [dg.AssetKey(["int_periods"]), dg.AssetKey(["int_form_submissions"])]
PUBLISHED = dg.AssetKey(["published_snapshot"])


def _source_key(name: str) -> dg.AssetKey:
    return dg.AssetKey(["raw", "submissions" if name == fingerprint.ACCEPTED_REGISTER else name])


def asset_selection(plan: fingerprint.Plan, asset_graph) -> list[dg.AssetKey] | None:
    """None for everything; else the changed sources and all downstream of them."""
    if plan.full:
        return None
    sources = {_source_key(name) for name in plan.sources}
    if sources & set(REGISTER_KEYS):
        sources |= set(REGISTER_KEYS)  # one multi-asset writes both register tables
    selection = dg.AssetSelection.assets(*sources).downstream()
    if plan.register_only:
        selection = (selection - dg.AssetSelection.assets(*ACCEPTED_ONLY_MODELS).downstream()) | (
            dg.AssetSelection.assets(PUBLISHED)
        )
    return sorted(selection.resolve(asset_graph))


def current_plan(submissions: list[store.Submission] | None = None) -> tuple[fingerprint.Plan, str]:
    """What a refresh started now must rebuild (from `submissions`, the register as read by the caller),
    and a key naming this decision: the state to reach from the state recorded now."""
    submissions = store.list_submissions() if submissions is None else submissions
    now, before = fingerprint.current(submissions), fingerprint.recorded()
    return fingerprint.plan(now, before), fingerprint.digest_of(now, before)


def run_tags(plan: fingerprint.Plan) -> dict[str, str]:
    return {REFRESH_TAG: "refresh_all", PLAN_TAG: plan.as_tag()}
