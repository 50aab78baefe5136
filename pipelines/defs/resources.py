"""Resources shared by the assets: the dbt project/CLI and the warehouse connection."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource
from pydantic import PrivateAttr

from pipelines import submissions as store
from pipelines.core import config
from pipelines.defs.project import kyoso_dbt_project
from pipelines.warehouse import fingerprint, ingest, refresh_lock
from pipelines.warehouse import status as refresh_status

PLAN_TAG = "kyoso/rebuilds"

class WarehouseResource(dg.ConfigurableResource):
    """The DuckDB file that ingest writes and dbt transforms (never read by the dashboards).

    Empty `path` means `$KYOSO_DATA_DIR/warehouse/kyoso.duckdb`, resolved when used, not at import.
    A run that uses it holds the refresh lock from start to end (with the job's in-process executor,
    for the whole run), so no two runs or steps ever open the warehouse at once; it announces itself in
    refresh_status.json and marks what it rebuilds as unknown until its publish step commits.
    """

    path: str = ""
    _rebuilding: fingerprint.Plan | None = PrivateAttr(default=None)
    _fingerprint_at_start: dict | None = PrivateAttr(default=None)
    _submissions: list[store.Submission] | None = PrivateAttr(default=None)
    _unselected_changes: list[str] = PrivateAttr(default_factory=list)

    @property
    def resolved_path(self) -> str:
        return self.path or str(config.warehouse_path())

    @contextmanager
    def yield_for_execution(self, context: dg.InitResourceContext) -> Iterator[WarehouseResource]:
        run = context.run
        if run is None:  # built outside a run (tests, build_resources)
            yield self
            return
        with refresh_lock.hold():
            refresh_status.mark_running(run.run_id)
            # one view of the register for the whole run, so its raw tables agree with each other
            self._submissions = store.list_submissions()
            self._fingerprint_at_start = fingerprint.current(self._submissions)
            self._rebuilding = rebuild_plan_of(run)
            self._unselected_changes = _unselected_changes(self._rebuilding, self._fingerprint_at_start)
            fingerprint.begin(self._rebuilding)
            yield self

    def submissions(self) -> list[store.Submission]:
        """The register as this run sees it (read once, when the run took the refresh lock)."""
        return store.list_submissions() if self._submissions is None else self._submissions

    def load_unselected_changes(self, con: duckdb.DuckDBPyConnection) -> list[str]:
        """Raw tables that changed after this run was planned (an upload between the sensor's tick and the
        run's start) are loaded by the run's first ingest step too: a register that names a new effective
        submission beside a form table still holding the superseded one would fail dbt's integrity tests.
        They stay unrecorded (not in the run's plan), so the next refresh rebuilds what is downstream."""
        loaded, self._unselected_changes = self._unselected_changes, []
        if set(loaded) & set(fingerprint.REGISTER):
            ingest.load_register(con, self.submissions())
        for form in set(loaded) - set(fingerprint.REGISTER):
            ingest.load_form(con, form, self.submissions())
        return loaded

    def rebuilds_everything(self) -> bool:
        return self._rebuilding is None or self._rebuilding.full

    def commit_published(self) -> None:
        """The run's publish step succeeded: record what the warehouse and the snapshot now hold."""
        if self._fingerprint_at_start is not None and self._rebuilding is not None:
            fingerprint.commit(self._fingerprint_at_start, self._rebuilding)

    @contextmanager
    def connect(self) -> Iterator[duckdb.DuckDBPyConnection]:
        os.makedirs(os.path.dirname(self.resolved_path), exist_ok=True)
        con = duckdb.connect(self.resolved_path)
        try:
            yield con
        finally:
            con.close()


def _unselected_changes(rebuilding: fingerprint.Plan, now: dict) -> list[str]:
    if rebuilding.full:
        return []
    needed = fingerprint.plan(now, fingerprint.recorded())
    changed = set(now["sources"]) if needed.full else set(needed.sources)
    raw_tables = (changed - {fingerprint.ACCEPTED_REGISTER}) - set(rebuilding.sources)
    return sorted(raw_tables | set(fingerprint.REGISTER) if raw_tables & set(fingerprint.REGISTER) else raw_tables)


def rebuild_plan_of(run: dg.DagsterRun) -> fingerprint.Plan:
    """The refresh plan a run was launched with (tag `kyoso/rebuilds`); for any other run (e.g. assets
    materialized by hand in Dagster's UI) the sources it selects, or everything when it selects all."""
    if PLAN_TAG in run.tags:
        return fingerprint.Plan.from_tag(run.tags[PLAN_TAG])
    if run.asset_selection is None:
        return fingerprint.Plan(full=True)
    selected = {key.path[-1] for key in run.asset_selection if len(key.path) == 2 and key.path[0] == "raw"}
    if selected & set(fingerprint.REGISTER):
        selected |= set(fingerprint.REGISTER)
    return fingerprint.Plan(full=False, sources=tuple(sorted(selected)))


class KyosoDbtCliResource(DbtCliResource):
    """dagster-dbt's resource without an in-process dbt adapter (~3 s a run), which dagster-dbt only needs
    for column and row-count metadata that these assets never fetch. dagster-dbt 0.29 has no public
    switch for it (docs/architecture.md)."""

    def _initialize_dbt_core_adapter(self, args):
        return None


def build_resources() -> dict[str, object]:
    return {
        "dbt": KyosoDbtCliResource(
            project_dir=kyoso_dbt_project,
            # the venv's dbt bound to this process's life (killing the run worker or `kyoso refresh` also ends
            # dbt), and quick to tell its version (pipelines/warehouse/dbt_child.py)
            dbt_executable=str(Path(sys.executable).with_name("kyoso-dbt")),
            # the per-run dbt.log keeps warnings and errors only: formatting ~20 debug lines for each of
            # ~700 nodes costs about a second; the node results still stream into Dagster's log
            global_config_flags=["--log-level-file", "warn"],
        ),
        "warehouse": WarehouseResource(),
    }
