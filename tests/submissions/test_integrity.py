"""`kyoso verify` and `kyoso backup`: raw/ checked against its register, and a consistent copy of it that
rebuilds the same published tables."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.core.periods import TOKYO
from pipelines.submissions import REJECTED, submit, withdraw
from tests.builders import municipal_rows, platform_rows, write_form_csv

REPO = Path(__file__).resolve().parents[2]
TOTTORI = "31"


def _kyoso(*args: str, raw: Path, data: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "KYOSO_RAW_DIR": str(raw), "KYOSO_DATA_DIR": str(data)}
    return subprocess.run([sys.executable, "-m", "pipelines.cli", *args], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture
def raw_store(kyoso_dirs, tmp_path):
    """Four submissions: an accepted report, a rejected one, two platform statuses (the later withdrawn)."""
    raw, _ = kyoso_dirs
    at = lambda day: datetime(2025, 7, day, 10, tzinfo=TOKYO)  # noqa: E731
    report = write_form_csv(tmp_path / "r.csv", "municipal_report", municipal_rows(TOTTORI, 2025, 1))
    wrong = write_form_csv(tmp_path / "w.csv", "municipal_report",
                           municipal_rows(TOTTORI, 2025, 2, population_65plus=-5))
    accepted = submit(report, TOTTORI, received_at=at(1)).submission
    rejected = submit(wrong, TOTTORI, received_at=at(2)).submission
    submit(write_form_csv(tmp_path / "p1.csv", "platform_status", platform_rows(TOTTORI, 2025, 1, 1)),
                 TOTTORI, received_at=at(3))
    later = submit(write_form_csv(tmp_path / "p2.csv", "platform_status", platform_rows(TOTTORI, 2025, 1, 2)),
                         TOTTORI, received_at=at(4)).submission
    withdraw(later.submission_id, "段階の誤り", "tottori-officer", when=at(5))
    assert rejected.outcome == REJECTED
    return raw, accepted, rejected


def test_verify_passes_on_an_intact_store_and_names_a_flipped_byte(raw_store):
    raw, accepted, rejected = raw_store
    ok = _kyoso("verify", raw=raw, data=raw.parent / "data")
    assert ok.returncode == 0, ok.stderr
    assert "4 submissions and 1 withdrawal records agree" in ok.stdout

    stored = raw / "submissions" / rejected.submission_id / rejected.stored_file
    content = bytearray(stored.read_bytes())
    content[len(content) // 2] ^= 0x01
    stored.write_bytes(bytes(content))
    bad = _kyoso("verify", raw=raw, data=raw.parent / "data")
    assert bad.returncode == 1
    assert str(stored) in bad.stderr and "sha256 differs from the register" in bad.stderr
    assert str(raw / "submissions" / accepted.submission_id) not in bad.stderr  # only the altered file is named


def test_verify_reads_back_register_entries_issues_and_withdrawals(raw_store):
    from pipelines.submissions.integrity import verify

    raw, accepted, rejected = raw_store
    (raw / "submissions" / rejected.submission_id / "issues.json").write_text("[]", encoding="utf-8")
    (raw / "submissions" / accepted.submission_id / "submission.json").write_text("{", encoding="utf-8")
    (raw / "withdrawals" / "S0-unknown.json").write_text(
        '{"submission_id": "S0-unknown", "withdrawn_at": "2025-07-05T10:00:00+09:00", "withdrawn_by": "x", '
        '"reason": "y"}', encoding="utf-8")
    submissions, withdrawals, problems = verify()
    assert (submissions, withdrawals) == (4, 2)
    assert sorted(p.path.name for p in problems) == ["S0-unknown.json", "issues.json", "submission.json"]


def test_dagster_job_reports_the_same_verdict(raw_store):
    from pipelines.defs.integrity import verify_raw_job

    raw, _, rejected = raw_store
    result = verify_raw_job.execute_in_process()
    assert result.success and result.output_for_node("verify_raw_store") == 4
    stored = raw / "submissions" / rejected.submission_id / rejected.stored_file
    stored.write_bytes(stored.read_bytes() + b"x")
    failed = verify_raw_job.execute_in_process(raise_on_error=False)
    assert not failed.success
    failure = next(e for e in failed.all_events if e.event_type == dg.DagsterEventType.STEP_FAILURE)
    assert str(stored) in failure.event_specific_data.error.message


def _tables(path: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(path), read_only=True) as con:
        names = [n for (n,) in con.sql("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
        return {name: sorted(con.sql(f'SELECT * FROM "{name}"').fetchall(), key=repr) for name in names}


def test_backup_then_refresh_of_the_copy_publishes_identical_tables(raw_store, tmp_path):
    raw, _, _ = raw_store
    copy = tmp_path / "backup" / "raw-copy"
    made = _kyoso("backup", "--out", str(copy), raw=raw, data=tmp_path / "data")
    assert made.returncode == 0, made.stderr
    assert "4 submissions and 1 withdrawal records agree" in made.stdout
    assert not list(copy.rglob("*.lock"))
    assert _kyoso("backup", "--out", str(copy), raw=raw, data=tmp_path / "data").returncode == 2  # never overwrite
    for source, data in ((raw, tmp_path / "data"), (copy, tmp_path / "data-from-backup")):
        refreshed = _kyoso("refresh", raw=source, data=data)
        assert refreshed.returncode == 0, refreshed.stdout[-2000:] + refreshed.stderr[-2000:]
    original = _tables(tmp_path / "data" / "published" / "kyoso.duckdb")
    rebuilt = _tables(tmp_path / "data-from-backup" / "published" / "kyoso.duckdb")
    assert original.keys() == rebuilt.keys() and "mart_submissions" in original
    for name in original:
        assert rebuilt[name] == original[name], name
