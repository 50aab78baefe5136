"""Submission semantics (SPEC §3.7): accept, reject, duplicate, supersede, concurrent writers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime

import duckdb

from pipelines.core import config
from pipelines.core.periods import TOKYO
from pipelines.submissions import ensure_normalized_all, list_submissions, normalized_path, submit
from pipelines.warehouse import ingest
from tests.builders import municipal_rows, write_form_csv

TOTTORI = "31"  # 19 municipalities


def _received(day: int) -> datetime:
    return datetime(2025, 7, day, 10, 0, tzinfo=TOKYO)


def test_accepted_submission_is_stored_with_register_entry_and_cache(kyoso_dirs, tmp_path):
    upload = write_form_csv(tmp_path / "r.csv", "municipal_report", municipal_rows(TOTTORI, 2025, 1))
    outcome = submit(upload, TOTTORI, received_at=_received(10), user="tottori-officer")

    s = outcome.submission
    assert (s.outcome, s.form, s.period, s.rows, s.errors) == ("accepted", "municipal_report", "FY2025Q1", 19, 0)
    entry = json.loads((config.submissions_dir() / s.submission_id / "submission.json").read_text("utf-8"))
    assert entry["user"] == "tottori-officer"
    assert entry["received_at"] == "2025-07-10T10:00:00+09:00"
    assert (config.submissions_dir() / s.submission_id / "original.csv").read_bytes() == upload.read_bytes()
    assert normalized_path(s).exists()


def test_rejected_file_is_recorded_but_reaches_no_table(kyoso_dirs, tmp_path):
    rows = municipal_rows(TOTTORI, 2025, 1)
    rows[0]["population_65plus"] = -5
    upload = write_form_csv(tmp_path / "bad.csv", "municipal_report", rows)
    outcome = submit(upload, TOTTORI, received_at=_received(10))

    assert outcome.submission.outcome == "rejected"
    assert [(i.row, i.column) for i in outcome.result.errors] == [(2, "65歳以上人口")]
    [recorded] = list_submissions()
    assert recorded.status == "rejected"
    assert not normalized_path(recorded).exists()
    con = duckdb.connect()
    ingest.load_register(con, list_submissions())
    assert ingest.load_form(con, "municipal_report", list_submissions()) == 0
    assert con.execute("select count(*) from raw.validation_issues").fetchone()[0] == 1


def test_identical_file_is_a_duplicate_and_changes_nothing(kyoso_dirs, tmp_path):
    upload = write_form_csv(tmp_path / "r.csv", "municipal_report", municipal_rows(TOTTORI, 2025, 1))
    first = submit(upload, TOTTORI, received_at=_received(10))
    again = submit(upload, TOTTORI, received_at=_received(12))

    assert again.submission.outcome == "duplicate"
    assert again.submission.duplicate_of == first.submission.submission_id
    statuses = {s.submission_id: s.status for s in list_submissions()}
    assert statuses == {first.submission.submission_id: "accepted", again.submission.submission_id: "duplicate"}


def test_latest_received_accepted_submission_supersedes_earlier_ones(kyoso_dirs, tmp_path):
    first = write_form_csv(tmp_path / "a.csv", "municipal_report", municipal_rows(TOTTORI, 2025, 1))
    second = write_form_csv(tmp_path / "b.csv", "municipal_report", municipal_rows(TOTTORI, 2025, 1, town_meetings=5))
    backfill = write_form_csv(tmp_path / "c.csv", "municipal_report", municipal_rows(TOTTORI, 2025, 1, town_meetings=9))
    a = submit(first, TOTTORI, received_at=_received(10)).submission
    b_outcome = submit(second, TOTTORI, received_at=_received(20))
    c = submit(backfill, TOTTORI, received_at=_received(15)).submission  # received before b

    assert b_outcome.replaces == a.submission_id
    statuses = {s.submission_id: s.status for s in list_submissions()}
    assert statuses == {
        a.submission_id: "superseded",
        b_outcome.submission.submission_id: "accepted",
        c.submission_id: "superseded",
    }
    con = duckdb.connect()
    assert ingest.load_form(con, "municipal_report", list_submissions()) == 19
    assert con.execute("select distinct town_meetings from raw.municipal_report").fetchall() == [(5,)]


def test_normalized_cache_is_rebuilt_from_raw_after_data_dir_loss(kyoso_dirs, tmp_path):
    upload = write_form_csv(tmp_path / "r.csv", "municipal_report", municipal_rows(TOTTORI, 2025, 1))
    submission = submit(upload, TOTTORI, received_at=_received(10)).submission
    normalized_path(submission).unlink()

    con = duckdb.connect()
    assert ingest.load_form(con, "municipal_report", list_submissions()) == 19
    assert normalized_path(submission).exists()


def test_every_lost_cache_file_is_rebuilt_in_parallel_workers(kyoso_dirs, tmp_path, monkeypatch):
    _, data = kyoso_dirs
    for prefecture in (TOTTORI, "32"):  # Tottori and Shimane: 19 municipalities each
        upload = write_form_csv(tmp_path / f"{prefecture}.csv", "municipal_report", municipal_rows(prefecture, 2025, 1))
        submit(upload, prefecture, received_at=_received(10))
    shutil.rmtree(data / "cache")
    monkeypatch.setenv("POLARS_MAX_THREADS", "2")

    assert ensure_normalized_all(list_submissions(), workers=2) == 2

    assert os.environ["POLARS_MAX_THREADS"] == "2"  # set to 1 only while the workers start
    con = duckdb.connect()
    assert ingest.load_form(con, "municipal_report", list_submissions()) == 38
    # populations 10,000 + 1,000 × i for i = 0 … 18 in each prefecture
    expected = 19 * 10_000 + 1_000 * sum(range(19))
    assert con.execute(
        "select prefecture_code, sum(population_65plus) from raw.municipal_report group by 1 order by 1"
    ).fetchall() == [(TOTTORI, expected), ("32", expected)]
    assert ensure_normalized_all(list_submissions(), workers=2) == 0  # nothing left to rebuild


def test_concurrent_submits_are_each_recorded_exactly_once(kyoso_dirs, tmp_path):
    files = []
    for quarter in (1, 2, 3, 4):
        for variant in (1, 2):
            rows = municipal_rows(TOTTORI, 2025, quarter, town_meetings=variant)
            files.append(write_form_csv(tmp_path / f"q{quarter}v{variant}.csv", "municipal_report", rows))
    files.append(files[0])  # one byte-identical twin
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "pipelines.cli", "submit", str(path), "--prefecture", TOTTORI, "--json"],
            stdout=subprocess.PIPE,
            text=True,
        )
        for path in files
    ]
    outputs = [json.loads(p.communicate(timeout=120)[0]) for p in processes]

    submissions = list_submissions()
    assert len(submissions) == 9
    assert len({s.submission_id for s in submissions}) == 9
    assert sorted(o["status"] for o in outputs).count("duplicate") == 1
    effective = [s for s in submissions if s.status == "accepted"]
    assert sorted(s.period for s in effective) == ["FY2025Q1", "FY2025Q2", "FY2025Q3", "FY2025Q4"]


def test_population_change_over_20_percent_against_the_previous_period_warns(kyoso_dirs, tmp_path):
    submit(
        write_form_csv(tmp_path / "q1.csv", "municipal_report", municipal_rows(TOTTORI, 2025, 1)),
        TOTTORI,
        received_at=_received(10),
    )
    rows = municipal_rows(TOTTORI, 2025, 2)
    rows[0]["population_65plus"] = 12_100  # first municipality had 10,000 in Q1: +21 %
    rows[1]["population_65plus"] = 13_200  # second had 11,000: exactly +20 %, no warning
    rows[1]["kayoi_participants"] = 100
    outcome = submit(
        write_form_csv(tmp_path / "q2.csv", "municipal_report", rows), TOTTORI, received_at=_received(20)
    )
    assert outcome.submission.outcome == "accepted"
    changes = [(i.row, i.value) for i in outcome.result.warnings if i.rule == "population_65plus.change"]
    assert changes == [(2, "12100")]
