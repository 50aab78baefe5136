"""mart_prefecture_stage_projection (SPEC §4.4) against the oracle and hand arithmetic.

Base fixture: L = FY2025Q3 (quarter 8102). Default schedule → scheduled FY2025Q1 (s1), FY2025Q3 (s2),
FY2026Q1 (s3), FY2026Q3 (s4). 14: stages 1 1 3, own pace (8102 − 8100) / (3 − 1) = 1. 31: 1 1 1 and 47: 0 0 0
never advanced → the median pace over {14: 1.0} = 1. 01 has no stage.
Extended fixture: L = FY2027Q1 (8108); 14 pace 8 / 2 = 4; 31 (1 → 4) pace 8 / 3; 47 the median (4 + 8/3) / 2.
"""

from __future__ import annotations

import pytest

from .conftest import check_hand_value, compare_rows
from .oracle.spec import STAGE_PROJECTION_COLUMNS

TABLE = "mart_prefecture_stage_projection"
KEYS = ["prefecture_code", "stage"]


def row(pref: str, stage: int, scheduled, reached, projected, late) -> list[tuple]:
    keys = {"prefecture_code": pref, "stage": stage}
    return [(keys, "scheduled_period", scheduled), (keys, "reached_period", reached),
            (keys, "projected_period", projected), (keys, "quarters_late", late)]


BASE = [
    *row("14", 1, "FY2025Q1", "FY2025Q1", None, 0),
    *row("14", 3, "FY2026Q1", "FY2025Q3", None, -2),  # two quarters early
    *row("14", 4, "FY2026Q3", None, "FY2025Q4", -3),  # 8102 + ceil(1 × 1)
    *row("31", 2, "FY2025Q3", None, "FY2025Q4", 1),  # median pace 1: 8102 + 1
    *row("31", 4, "FY2026Q3", None, "FY2026Q2", -1),  # 8102 + ceil(3 × 1)
    *row("47", 1, "FY2025Q1", None, "FY2025Q4", 3),
    *row("47", 4, "FY2026Q3", None, "FY2026Q3", 0),  # 8102 + 4
    *row("01", 2, "FY2025Q3", None, None, None),  # no stage: no projection
    *row("02", 4, "FY2026Q3", None, None, None),
]
EXTENDED = [
    *row("14", 4, "FY2026Q3", None, "FY2028Q1", 6),  # 8108 + ceil(1 × 4) = 8112
    *row("31", 2, "FY2025Q3", "FY2027Q1", None, 6),  # reached 8108, scheduled 8102
    *row("31", 4, "FY2026Q3", "FY2027Q1", None, 2),
    *row("47", 1, "FY2025Q1", None, "FY2028Q1", 12),  # 8108 + ceil(3.33…) = 8112
    *row("47", 4, "FY2026Q3", None, "FY2030Q3", 16),  # 8108 + ceil(13.33…) = 8122
]


def _ids(x):
    return f"{x['prefecture_code']}s{x['stage']}" if isinstance(x, dict) else str(x)


@pytest.mark.parametrize(("keys", "column", "value"), BASE, ids=_ids)
def test_base_hand_values(expected, dbt_run, keys, column, value):
    check_hand_value(expected[TABLE], keys, column, value)
    check_hand_value(dbt_run.table(TABLE)[1], keys, column, value)


@pytest.mark.parametrize(("keys", "column", "value"), EXTENDED, ids=_ids)
def test_extended_hand_values(expected_ext, dbt_run_ext, keys, column, value):
    check_hand_value(expected_ext[TABLE], keys, column, value)
    check_hand_value(dbt_run_ext.table(TABLE)[1], keys, column, value)


@pytest.mark.parametrize(("run", "oracle_rows"), [("dbt_run", "expected"), ("dbt_run_ext", "expected_ext")],
                         ids=["base", "extended"])
def test_every_cell_matches_oracle(request, run, oracle_rows):
    expected = request.getfixturevalue(oracle_rows)
    _, rows = request.getfixturevalue(run).table(TABLE)
    problems = compare_rows(TABLE, expected[TABLE], rows, KEYS, STAGE_PROJECTION_COLUMNS)
    assert not problems, f"{len(problems)} mismatches:\n" + "\n".join(problems)


def test_columns_and_types(dbt_run):
    columns, rows = dbt_run.table(TABLE)
    assert columns == STAGE_PROJECTION_COLUMNS
    types = dbt_run.types[TABLE]
    assert [types[c] for c in columns] == ["VARCHAR", "INTEGER", "VARCHAR", "VARCHAR", "VARCHAR", "INTEGER"]
    assert len(rows) == 47 * 4
