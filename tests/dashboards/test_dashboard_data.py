"""The pure data layer: read-only snapshot, new snapshots picked up without restart, refresh status."""

from __future__ import annotations

import json
import os

import duckdb
import polars as pl
from snapshot_factory import build_snapshot

from dashboards import data, submission_status


def test_loads_every_published_table_read_only(data_dir):
    snap = data.snapshot()
    assert snap is not None
    assert set(data.TABLES) <= set(snap.tables)
    assert data.periods(snap)[0] == "FY2025Q1"
    assert data.prefecture_quarter(snap, data.latest_period(snap)).height == 47
    assert snap.table("dim_municipality")["municipality_code"].str.len_chars().unique().to_list() == [6]
    # the reader never holds the file: a writer can open it right after a load
    with duckdb.connect(str(data_dir / "published" / "kyoso.duckdb")) as con:
        con.execute("SELECT 1")


def test_a_new_snapshot_is_picked_up_without_restart(data_dir):
    first = data.snapshot()
    value = first.table("mart_prefecture_quarter")["town_meetings"].sum()
    build_snapshot(data_dir, seed=99)
    os.utime(data_dir / "published" / "kyoso.duckdb", ns=(1, 1))  # a different mtime even within one tick
    second = data.snapshot()
    assert second.key != first.key
    assert second.table("mart_prefecture_quarter")["town_meetings"].sum() != value


def test_missing_snapshot_and_status_are_reported_as_none(tmp_path, monkeypatch):
    monkeypatch.setenv("KYOSO_DATA_DIR", str(tmp_path))
    assert data.snapshot() is None
    assert data.refresh_status() is None


def test_refresh_status_is_read_as_written(data_dir):
    status = data.refresh_status()
    assert status["state"] == "succeeded"
    (data_dir / "published" / "refresh_status.json").write_text(json.dumps({"state": "failed"}), encoding="utf-8")
    assert data.refresh_status() == {"state": "failed"}


def test_extra_columns_and_missing_optional_tables_are_tolerated(data_dir):
    path = data_dir / "published" / "kyoso.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("ALTER TABLE mart_prefecture_quarter ADD COLUMN something_new DOUBLE")
        con.execute("DROP TABLE national_milestones")
    snap = data.snapshot()
    assert "something_new" not in data.indicators_in(snap, "mart_prefecture_quarter")
    assert data.milestones(snap).is_empty()


def test_submission_matrix_has_one_status_per_prefecture_and_period(data_dir):
    snap = data.snapshot()
    matrix = submission_status.matrix(snap, "municipal_report")
    assert matrix.height == 47 * len(data.periods(snap))
    assert set(matrix["status"].unique()) <= set(submission_status.STATUSES)
    register = snap.table("mart_submissions").filter(pl.col("form") == "municipal_report")
    only_rejected = register.group_by("prefecture_code", "period").agg(
        (pl.col("status") == "rejected").all().alias("all_rejected")).filter("all_rejected")
    for code, period, _ in only_rejected.rows():
        row = matrix.filter((pl.col("prefecture_code") == code) & (pl.col("period") == period))
        assert row["status"].item() == "rejected"
