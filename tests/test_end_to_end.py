"""demo-data → submit every file → refresh: the published tables hold what the demo scenario implies.

Expected values come from the demo's manifest and scenario files and the reference master, never from
the pipeline's own output.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from collections import Counter

import duckdb
import openpyxl
import pytest

from pipelines.core.reference import municipalities_of, prefectures

pytestmark = pytest.mark.slow

PERIODS = ["FY2025Q1", "FY2025Q2", "FY2025Q3", "FY2025Q4", "FY2026Q1", "FY2026Q2"]
DEFAULT_TARGETS = [1, 1, 2, 2, 3, 3]  # SPEC §4.2 for the six demo periods


def _rows(path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _period(row: dict) -> str:
    return f"FY{row['fiscal_year']}Q{row['quarter']}"


def _query(system, sql: str) -> list[tuple]:
    con = duckdb.connect(str(system.published), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_every_submission_is_registered_with_the_status_the_scenario_implies(demo_system):
    manifest = _rows(demo_system.demo_dir / "manifest.csv")
    statuses = Counter(row[0] for row in _query(demo_system, "select status from mart_submissions"))
    expected_rejected = sum(row["expected_status"] == "rejected" for row in manifest)
    duplicates = sum(row["note"].startswith("duplicate upload") for row in manifest)
    assert sum(statuses.values()) == len(manifest)
    assert statuses["rejected"] == expected_rejected == 10
    assert statuses["duplicate"] == duplicates == 1
    effective_keys = {
        (row["prefecture_code"], row["form"], _period(row)) for row in manifest if row["expected_status"] == "accepted"
    }
    assert statuses["accepted"] == len(effective_keys)
    assert statuses["superseded"] == len(manifest) - expected_rejected - duplicates - len(effective_keys)


def test_published_tables_have_one_row_per_key(demo_system):
    counts = {
        table: _query(demo_system, f"select count(*) from {table}")[0][0]
        for table in ("mart_prefecture_quarter", "mart_national_quarter", "mart_prefecture_domain_quarter")
    }
    assert counts == {
        "mart_prefecture_quarter": 47 * len(PERIODS),
        "mart_national_quarter": len(PERIODS),
        "mart_prefecture_domain_quarter": 47 * len(PERIODS) * 23,
    }


def test_national_reporting_counts_follow_the_scenario_gaps(demo_system):
    scenario = _rows(demo_system.demo_dir / "scenario.csv")
    missing_reports = [r for r in scenario if r["kind"] == "missing_form" and r["form"] == "municipal_report"]
    omitted = [r for r in scenario if r["kind"] == "missing_municipality"]
    published = dict(
        (period, (reporting, municipalities))
        for period, reporting, municipalities in _query(
            demo_system, "select period, prefectures_reporting, municipalities_reported from mart_national_quarter"
        )
    )
    for period in PERIODS:
        absent = [r["prefecture_code"] for r in missing_reports if _period(r) == period]
        expected_municipalities = 1741 - sum(len(municipalities_of(p)) for p in absent)
        expected_municipalities -= sum(_period(r) == period for r in omitted)
        assert published[period] == (47 - len(absent), expected_municipalities), period


def test_platform_stage_follows_each_prefectures_track_with_carry_forward(demo_system):
    scenario = _rows(demo_system.demo_dir / "scenario.csv")
    tracks = {
        r["prefecture_code"]: [int(stage) for stage in r["detail"].split(":")[1].split()]
        for r in scenario
        if r["kind"] == "platform_track"
    }
    unreported = {
        (r["prefecture_code"], _period(r))
        for r in scenario
        if r["kind"] == "missing_form" and r["form"] == "platform_status"
    }
    published = {
        (code, period): (stage, reported, status)
        for code, period, stage, reported, status in _query(
            demo_system,
            "select prefecture_code, period, platform_stage, platform_stage_reported, schedule_status "
            "from mart_prefecture_quarter",
        )
    }
    assert set(tracks) == set(prefectures())
    for code, stages in tracks.items():
        for index, period in enumerate(PERIODS):
            carried = (code, period) in unreported
            stage = stages[index - 1] if carried else stages[index]
            gap = stage - DEFAULT_TARGETS[index]
            status = "ahead" if gap > 0 else "on_track" if gap == 0 else "behind"
            assert published[(code, period)] == (stage, not carried, status), (code, period)


def test_survey_respondents_add_up_to_the_requested_rows(demo_system):
    [(total,)] = _query(demo_system, "select sum(survey_respondents) from mart_national_quarter")
    assert total == 20_000


def test_deleting_the_data_dir_and_refreshing_rebuilds_the_same_tables(demo_system, tmp_path):
    fresh = tmp_path / "fresh-data"
    env = {**os.environ, "KYOSO_RAW_DIR": str(demo_system.raw_dir), "KYOSO_DATA_DIR": str(fresh)}
    completed = subprocess.run([sys.executable, "-m", "pipelines.cli", "refresh"], env=env, capture_output=True)
    assert completed.returncode == 0, completed.stdout[-3000:]
    con = duckdb.connect(str(fresh / "published" / "kyoso.duckdb"), read_only=True)
    con.execute(f"attach '{demo_system.published}' as original (read_only)")
    tables = [
        row[0]
        for row in con.execute(
            "select table_name from information_schema.tables where table_catalog = 'kyoso' and table_schema = 'main'"
        ).fetchall()
    ]
    assert "mart_prefecture_quarter" in tables
    for table in tables:
        difference = con.execute(
            f"select count(*) from ((select * from main.{table} except all select * from original.main.{table}) "
            f"union all (select * from original.main.{table} except all select * from main.{table}))"
        ).fetchone()[0]
        assert difference == 0, table


def test_kyoso_export_writes_the_published_table_for_excel(demo_system, tmp_path):
    env = {**os.environ, "KYOSO_RAW_DIR": str(demo_system.raw_dir), "KYOSO_DATA_DIR": str(demo_system.data_dir)}
    kyoso = [sys.executable, "-m", "pipelines.cli", "export", "mart_prefecture_quarter"]
    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"export.{fmt}"
        completed = subprocess.run(kyoso + ["--format", fmt, "--out", str(out)], env=env, capture_output=True)
        assert completed.returncode == 0, completed.stderr
    raw = (tmp_path / "export.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw[3:].decode("utf-8").splitlines()
    assert lines[0].split(",")[:4] == ["prefecture_code", "fiscal_year", "quarter", "period"]
    assert len(lines) == 1 + 47 * len(PERIODS)
    assert sorted({line.split(",")[0] for line in lines[1:]}) == sorted(prefectures())  # '01' keeps its zero
    sheet = openpyxl.load_workbook(tmp_path / "export.xlsx").active
    assert sheet.max_row == 1 + 47 * len(PERIODS)
    unknown = subprocess.run(
        kyoso[:-1] + ["no_such_table", "--format", "csv", "--out", str(tmp_path / "x.csv")],
        env=env,
        capture_output=True,
    )
    assert unknown.returncode == 2
