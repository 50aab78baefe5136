"""mart_indicator_changes (SPEC §4.4) through the real publish step, over three publishes of one warehouse.

1. the base fixture → the first publish records nothing;
2. fixture.second_publish_raw_tables() (a withdrawal, a corrected upload, a new period, a stage regression)
   plus a schedule override → the rows of the change, compared with the oracle cell by cell;
3. the same warehouse again → nothing new, the earlier rows carried over unchanged.

Between 1 and 2 three values of the first snapshot are nudged as float noise would: two by less than
1e-9 × max(1, |old|) (no row) and one by more (a row).
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from pipelines.warehouse.publish import publish_snapshot

from . import fixture, oracle
from .conftest import DBT_PROJECT, _dbt_build, check_hand_value, compare_rows, find_row
from .oracle import changes, spec

TABLE = "mart_indicator_changes"
KEYS = ["prefecture_code", "period", "indicator"]
# (prefecture, period, indicator, factor applied to the first snapshot's value)
NUDGES = [
    ("14", "FY2025Q2", "kayoi_participation_rate", 1 + 5e-10),  # ratio < 1: |Δ| < 1e-9 → no row
    ("14", "FY2025Q1", "survey_satisfaction_mean", 1 + 8e-10),  # 3.67: |Δ| ≈ 2.9e-9 < 1e-9 × 3.67 → no row
    ("31", "FY2025Q1", "survey_satisfaction_mean", 1 - 2e-9),  # 2.0: |Δ| = 4e-9 > 1e-9 × 2 → a row
]
CAUSES_31 = "S023,S024,S030,S031"  # superseded, withdrawn, became effective (two)


def _read(path: Path, table: str) -> list[dict]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        cursor = con.execute(f"select * from {table}")
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, r, strict=True)) for r in cursor.fetchall()]
    finally:
        con.close()


def _nudge(path: Path) -> None:
    con = duckdb.connect(str(path))
    try:
        for pref, period, column, factor in NUDGES:
            con.execute(f"update mart_prefecture_quarter set {column} = {column} * ? "
                        "where prefecture_code = ? and period = ?", [factor, pref, period])
    finally:
        con.close()


@pytest.fixture(scope="module")
def publishes(tmp_path_factory: pytest.TempPathFactory) -> dict:
    base = tmp_path_factory.mktemp("changes")
    project = base / "dbt_project"
    shutil.copytree(DBT_PROJECT, project, ignore=shutil.ignore_patterns("target", "logs", "dbt_packages"))
    warehouse = base / "data" / "warehouse" / "kyoso.duckdb"
    published = base / "data" / "published" / "kyoso.duckdb"
    first_raw = fixture.write_warehouse(warehouse)
    first_build = _dbt_build(base, project)
    publish_snapshot(warehouse, published)
    first = {"changes": _read(published, TABLE), "pq": _read(published, "mart_prefecture_quarter"),
             "submissions": _read(published, "mart_submissions")}
    _nudge(published)
    nudged_pq = _read(published, "mart_prefecture_quarter")

    second_raw = fixture.second_publish_raw_tables()
    fixture.replace_raw(warehouse, second_raw)
    overrides = project / "seeds" / "rollout_schedule_overrides.csv"
    rows = "".join(f"{p},{fy},{q},{t}\n" for (p, fy, q), t in fixture.SECOND_PUBLISH_OVERRIDES.items())
    overrides.write_text(overrides.read_text(encoding="utf-8") + rows, encoding="utf-8")
    second_build = _dbt_build(base, project)
    started = datetime.now(UTC)
    publish_snapshot(warehouse, published)
    finished = datetime.now(UTC)
    second = {"changes": _read(published, TABLE), "submissions": _read(published, "mart_submissions")}
    publish_snapshot(warehouse, published)
    third = {"changes": _read(published, TABLE)}
    return {"first_raw": first_raw, "second_raw": fixture.read_raw(warehouse), "first": first,
            "nudged_pq": nudged_pq, "second": second, "third": third, "window": (started, finished),
            "builds": (first_build, second_build)}


@pytest.fixture(scope="module")
def expected_second(publishes) -> dict[str, list[dict]]:
    return oracle.build(publishes["second_raw"], target_overrides=fixture.SECOND_PUBLISH_OVERRIDES)


@pytest.fixture(scope="module")
def expected_changes(publishes, expected_second) -> list[dict]:
    first_expected = oracle.build(publishes["first_raw"])["mart_prefecture_quarter"]
    nudges = {(p, period): (column, factor) for p, period, column, factor in NUDGES}
    for row in first_expected:
        if (row["prefecture_code"], row["period"]) in nudges:
            column, factor = nudges[(row["prefecture_code"], row["period"])]
            row[column] = row[column] * factor
    published_at = publishes["second"]["changes"][0]["published_at"] if publishes["second"]["changes"] else None
    return changes.indicator_changes(first_expected, expected_second["mart_prefecture_quarter"],
                                    publishes["first_raw"]["submissions"], publishes["second_raw"]["submissions"],
                                    published_at)


def test_builds_succeed(publishes):
    for build in publishes["builds"]:
        assert build.returncode == 0, build.output[-4000:]


def test_first_publish_records_nothing(publishes):
    assert publishes["first"]["changes"] == []


HAND = [
    # withdrawal of S024: 31's FY2025Q3 survey is gone
    ({"prefecture_code": "31", "period": "FY2025Q3", "indicator": "survey_respondents"}, 2.0, 0.0, CAUSES_31),
    ({"prefecture_code": "31", "period": "FY2025Q3", "indicator": "survey_satisfaction_mean"}, 3.5, None,
     CAUSES_31),
    # the corrected upload S030: 鳥取市 held 2 meetings with 30 residents and 6 from organisations
    ({"prefecture_code": "31", "period": "FY2025Q3", "indicator": "town_meetings"}, 0.0, 2.0, CAUSES_31),
    ({"prefecture_code": "31", "period": "FY2025Q3", "indicator": "org_participant_share"}, None, 6 / 36, CAUSES_31),
    # a new period: rows present only in the new snapshot
    ({"prefecture_code": "31", "period": "FY2025Q4", "indicator": "platform_stage"}, None, 3.0, CAUSES_31),
    ({"prefecture_code": "47", "period": "FY2025Q4", "indicator": "municipalities_total"}, None, 41.0, None),
    ({"prefecture_code": "14", "period": "FY2025Q4", "indicator": "platform_stage"}, None, 2.0, "S032"),
    # the schedule edit: no submission of 47 changed
    ({"prefecture_code": "47", "period": "FY2025Q2", "indicator": "target_stage"}, 1.0, 2.0, None),
    ({"prefecture_code": "47", "period": "FY2025Q2", "indicator": "stage_gap"}, -1.0, -2.0, None),
    # float noise beyond the tolerance
    ({"prefecture_code": "31", "period": "FY2025Q1", "indicator": "survey_satisfaction_mean"}, 2.0 * (1 - 2e-9), 2.0,
     CAUSES_31),
]


@pytest.mark.parametrize(("keys", "old", "new", "causes"), HAND, ids=lambda x: str(x) if not isinstance(x, dict)
                         else f"{x['prefecture_code']}{x['period']}:{x['indicator']}")
def test_hand_values(publishes, expected_changes, keys, old, new, causes):
    for rows in (expected_changes, publishes["second"]["changes"]):
        check_hand_value(rows, keys, "old_value", old)
        check_hand_value(rows, keys, "new_value", new)
        check_hand_value(rows, keys, "cause_submission_ids", causes)


@pytest.mark.parametrize("nudge", NUDGES[:2], ids=lambda n: f"{n[0]}{n[1]}:{n[2]}")
def test_changes_under_the_tolerance_are_not_recorded(publishes, nudge):
    pref, period, indicator, _ = nudge
    assert not [r for r in publishes["second"]["changes"]
                if (r["prefecture_code"], r["period"], r["indicator"]) == (pref, period, indicator)]
    nudged = find_row(publishes["nudged_pq"], prefecture_code=pref, period=period)[indicator]
    original = find_row(publishes["first"]["pq"], prefecture_code=pref, period=period)[indicator]
    assert nudged != original  # the nudge did change the stored value


def test_every_cell_matches_oracle(publishes, expected_changes):
    rows = publishes["second"]["changes"]
    assert len(rows) == len(expected_changes)
    columns = [c for c in spec.INDICATOR_CHANGE_COLUMNS if c != "published_at"]
    problems = compare_rows(TABLE, expected_changes, rows, KEYS, columns)
    assert not problems, f"{len(problems)} mismatches:\n" + "\n".join(problems)


def test_published_at_is_the_new_snapshots_time(publishes):
    started, finished = publishes["window"]
    stamps = {r["published_at"] for r in publishes["second"]["changes"]}
    assert len(stamps) == 1
    stamp = stamps.pop()
    assert stamp.tzinfo is not None and started <= stamp <= finished


def test_rows_accumulate_across_publishes(publishes):
    """A publish with nothing changed adds nothing and keeps the earlier rows as they were."""
    assert publishes["third"]["changes"] == publishes["second"]["changes"]


def test_projection_with_override_and_regression(publishes, expected_second):
    """The second warehouse: 14 regressed 3 → 2 (stage 3 stays reached); 47's s2 scheduled by the override."""
    table = "mart_prefecture_stage_projection"
    _, rows = publishes["builds"][1].table(table)
    hand = [
        ({"prefecture_code": "14", "stage": 3}, "reached_period", "FY2025Q3"),
        ({"prefecture_code": "14", "stage": 3}, "projected_period", None),
        ({"prefecture_code": "14", "stage": 4}, "projected_period", "FY2027Q2"),  # 8103 + ceil(2 × 3/1)
        ({"prefecture_code": "31", "stage": 4}, "projected_period", "FY2026Q2"),  # 8103 + ceil(1 × 3/2)
        ({"prefecture_code": "47", "stage": 2}, "scheduled_period", "FY2025Q2"),  # override
        ({"prefecture_code": "47", "stage": 2}, "projected_period", "FY2027Q1"),  # median (3 + 1.5)/2: ceil(4.5)
        ({"prefecture_code": "47", "stage": 2}, "quarters_late", 7),
    ]
    for keys, column, value in hand:
        check_hand_value(expected_second[table], keys, column, value)
        check_hand_value(rows, keys, column, value)
    problems = compare_rows(table, expected_second[table], rows, ["prefecture_code", "stage"],
                            spec.STAGE_PROJECTION_COLUMNS)
    assert not problems, "\n".join(problems)
