"""The one rule for what a refresh rebuilds (pipelines/warehouse/fingerprint.py), without running one."""

from __future__ import annotations

import shutil
from datetime import datetime
from types import SimpleNamespace

import pytest

from pipelines.core import config
from pipelines.core.periods import TOKYO
from pipelines.submissions import REJECTED, Submission, list_submissions, submit
from pipelines.warehouse import fingerprint
from pipelines.warehouse.fingerprint import Plan
from tests.builders import municipal_rows, platform_rows, write_form_csv

RECEIVED = datetime(2025, 7, 15, 9, 0, tzinfo=TOKYO)
REGISTER = {"submissions", "validation_issues"}


def _submit(tmp_path, name: str, form: str, rows: list[dict]) -> Submission:
    return submit(write_form_csv(tmp_path / name, form, rows), "31", received_at=RECEIVED).submission


def _published_state(now: dict) -> None:
    """As after a successful full refresh: warehouse and snapshot exist, the fingerprint is recorded."""
    for path in (config.warehouse_path(), config.published_path()):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
    fingerprint.commit(now, Plan(full=True))


@pytest.fixture
def built(kyoso_dirs, tmp_path):
    _submit(tmp_path, "r.csv", "municipal_report", municipal_rows("31", 2025, 1))
    _submit(tmp_path, "p.csv", "platform_status", platform_rows("31", 2025, 1, 1))
    _published_state(fingerprint.current())
    return tmp_path


def test_without_a_record_everything_is_rebuilt(kyoso_dirs):
    assert fingerprint.plan(fingerprint.current(), fingerprint.recorded()) == Plan(full=True)


def test_nothing_changed_means_nothing_to_do(built):
    plan = fingerprint.plan(fingerprint.current(), fingerprint.recorded())
    assert plan.nothing and not plan.full


def test_a_rejected_upload_changes_only_the_register(built):
    rejected = _submit(built, "bad.csv", "municipal_report", municipal_rows("31", 2025, 2, population_65plus="abc"))
    assert rejected.outcome == REJECTED
    plan = fingerprint.plan(fingerprint.current(), fingerprint.recorded())
    assert set(plan.sources) == REGISTER
    assert plan.register_only


def test_an_accepted_upload_changes_its_form_and_the_accepted_register(built):
    _submit(built, "p2.csv", "platform_status", platform_rows("31", 2025, 1, 3))
    plan = fingerprint.plan(fingerprint.current(), fingerprint.recorded())
    assert set(plan.sources) == REGISTER | {"accepted_register", "platform_status"}
    assert not plan.register_only and not plan.full


def test_a_changed_dbt_project_rebuilds_everything(built, tmp_path, monkeypatch):
    project = tmp_path / "dbt_project"
    shutil.copytree(config.DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs"))
    monkeypatch.setattr(config, "DBT_PROJECT_DIR", project)
    before = fingerprint.current()
    (project / "models" / "marts" / "mart_submissions.sql").write_text("select 1 as changed\n", encoding="utf-8")
    assert fingerprint.current()["code"] != before["code"]
    assert fingerprint.plan(fingerprint.current(), {**before, "code": before["code"]}) == Plan(full=True)


def test_a_changed_list_of_published_tables_rebuilds_everything(built, tmp_path, monkeypatch):
    copy = tmp_path / "published.py"
    shutil.copyfile(fingerprint.published.__file__, copy)
    monkeypatch.setattr(fingerprint, "_CODE_MODULES", (SimpleNamespace(__name__="pipelines.core.published",
                                                                       __file__=str(copy)),))
    before = fingerprint.current()
    assert fingerprint.plan(before, fingerprint.recorded()).nothing  # the copy is the same code
    copy.write_text(copy.read_text(encoding="utf-8") + "\n# one more published table\n", encoding="utf-8")
    assert fingerprint.plan(fingerprint.current(), fingerprint.recorded()) == Plan(full=True)


def test_files_that_tools_leave_in_the_dbt_project_are_not_code(built, tmp_path, monkeypatch):
    project = tmp_path / "dbt_project"
    shutil.copytree(config.DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs"))
    monkeypatch.setattr(config, "DBT_PROJECT_DIR", project)
    before = fingerprint.current()["code"]
    (project / ".user.yml").write_text("id: 1b2c\n", encoding="utf-8")  # dbt's anonymous id
    (project / "scripts" / "__pycache__").mkdir()
    (project / "scripts" / "__pycache__" / "write_vocab_seeds.cpython-311.pyc").write_bytes(b"\x00")
    (project / "models" / ".mart_submissions.sql.swp").write_bytes(b"\x00")  # an editor's swap file
    (project / "target").mkdir()
    (project / "target" / "partial_parse.msgpack").write_bytes(b"\x00")
    assert fingerprint.current()["code"] == before


def test_a_missing_warehouse_or_snapshot_voids_the_record(built):
    config.published_path().unlink()
    assert fingerprint.recorded() is None
    assert fingerprint.plan(fingerprint.current(), fingerprint.recorded()) == Plan(full=True)


def test_a_run_that_never_commits_leaves_its_sources_to_the_next_refresh(built):
    _submit(built, "p2.csv", "platform_status", platform_rows("31", 2025, 1, 3))
    now = fingerprint.current()
    started = fingerprint.plan(now, fingerprint.recorded())
    fingerprint.begin(started)  # ... and the run is killed before its publish step
    _submit(built, "r2.csv", "municipal_report", municipal_rows("31", 2025, 1, town_meetings=5))
    retried = fingerprint.plan(fingerprint.current(), fingerprint.recorded())
    assert set(retried.sources) == set(started.sources) | {"municipal_report"}


def test_a_partial_commit_keeps_what_it_did_not_rebuild(built):
    _submit(built, "p2.csv", "platform_status", platform_rows("31", 2025, 1, 3))
    now = fingerprint.current()
    rejected_only = Plan(full=False, sources=("submissions", "validation_issues"))
    fingerprint.begin(rejected_only)
    fingerprint.commit(now, rejected_only)
    # the accepted upload's form and the accepted register were not rebuilt by that run: still to do
    plan = fingerprint.plan(fingerprint.current(), fingerprint.recorded())
    assert set(plan.sources) == {"accepted_register", "platform_status"}


def test_a_withdrawal_counts_as_a_change_of_the_register(built, monkeypatch):
    submissions = list_submissions()
    before = fingerprint.source_digests(submissions)
    withdrawn = [s for s in submissions if s.form == "platform_status"][0]
    withdrawn.status = "withdrawn"  # as list_submissions() reports a withdrawn submission
    after = fingerprint.source_digests(submissions)
    changed = {name for name in before if before[name] != after[name]}
    assert changed == REGISTER | {"accepted_register", "platform_status"}


def test_plan_round_trips_through_the_run_tag():
    for plan in (Plan(full=True), Plan(full=False, sources=("platform_status", "submissions")), Plan(full=False)):
        assert Plan.from_tag(plan.as_tag()) == plan
