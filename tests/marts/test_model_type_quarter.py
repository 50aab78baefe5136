"""mart_prefecture_model_type_quarter (SPEC §4.4) against the oracle and hand arithmetic."""

from __future__ import annotations

from collections import Counter

import pytest

from .conftest import check_hand_value, compare_rows
from .oracle.spec import MODEL_TYPES, PREFECTURE_MODEL_TYPE_QUARTER_COLUMNS

TABLE = "mart_prefecture_model_type_quarter"
KEYS = ["prefecture_code", "fiscal_year", "quarter", "model_type"]


def k(pref: str, q: int, model_type: str) -> dict:
    return {"prefecture_code": pref, "fiscal_year": 2025, "quarter": q, "model_type": model_type}


def hand(keys: dict, engagements, municipalities) -> list[tuple]:
    return [(keys, "engagements", engagements), (keys, "municipalities_with_model", municipalities)]


HAND = [
    # 14 Q1: 横浜市 NPO home_a ①-2 and 社会福祉法人 day_a ①-1; 港北区自治会連合会 is home_b with ② → not counted
    *hand(k("14", 1, "1-1"), 1, 1),
    *hand(k("14", 1, "1-2"), 1, 1),
    *hand(k("14", 1, "1-3"), 0, 0),
    *hand(k("14", 1, "2"), 0, 0),
    *hand(k("14", 2, "1-2"), None, None),  # no roster
    *hand(k("14", 3, "1-2"), 1, 1),  # the replacing roster
    *hand(k("14", 3, "1-1"), 0, 0),
    # 31 Q1: 'NPO法人とっとり' home_a ①-3; 'npo法人とっとり' day_a without a model type is in no row
    *hand(k("31", 1, "1-3"), 1, 1),
    *hand(k("31", 1, "1-1"), 0, 0),
    *hand(k("31", 2, "1-1"), 1, 1),
    # 01 Q1: one home_a engagement without a model type
    *hand(k("01", 1, "1-1"), 0, 0),
    *hand(k("02", 1, "2"), None, None),
]


def _ids(x):
    return f"{x['prefecture_code']}Q{x['quarter']}:{x['model_type']}" if isinstance(x, dict) else str(x)


@pytest.mark.parametrize(("keys", "column", "value"), HAND, ids=_ids)
def test_oracle_matches_hand_value(expected, keys, column, value):
    check_hand_value(expected[TABLE], keys, column, value)


@pytest.mark.parametrize(("keys", "column", "value"), HAND, ids=_ids)
def test_mart_matches_hand_value(dbt_run, keys, column, value):
    _, rows = dbt_run.table(TABLE)
    check_hand_value(rows, keys, column, value)


@pytest.mark.parametrize(("run", "oracle_rows"), [("dbt_run", "expected"), ("dbt_run_ext", "expected_ext")],
                         ids=["base", "extended"])
def test_every_cell_matches_oracle(request, run, oracle_rows):
    expected = request.getfixturevalue(oracle_rows)
    _, rows = request.getfixturevalue(run).table(TABLE)
    problems = compare_rows(TABLE, expected[TABLE], rows, KEYS, PREFECTURE_MODEL_TYPE_QUARTER_COLUMNS)
    assert not problems, f"{len(problems)} mismatches:\n" + "\n".join(problems)


def test_columns_types_and_grid(dbt_run, expected):
    columns, rows = dbt_run.table(TABLE)
    assert columns == PREFECTURE_MODEL_TYPE_QUARTER_COLUMNS
    types = dbt_run.types[TABLE]
    assert [types[c] for c in columns] == ["VARCHAR", "INTEGER", "INTEGER", "VARCHAR", "VARCHAR", "BIGINT", "BIGINT"]
    keys = Counter((r["prefecture_code"], r["period"], r["model_type"]) for r in rows)
    periods = {r["period"] for r in expected["mart_prefecture_quarter"]}
    assert set(keys.values()) == {1}
    assert len(keys) == 47 * len(periods) * len(MODEL_TYPES)
