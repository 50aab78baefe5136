"""mart_prefecture_actor_type_quarter (docs/published.md) against the oracle and hand arithmetic."""

from __future__ import annotations

from collections import Counter

import pytest

from .conftest import check_hand_value, compare_rows
from .oracle.spec import ACTOR_TYPES, PREFECTURE_ACTOR_TYPE_QUARTER_COLUMNS, TEXT_COLUMNS

TABLE = "mart_prefecture_actor_type_quarter"
KEYS = ["prefecture_code", "fiscal_year", "quarter", "actor_type"]
COUNTS = ["engagements", "actors", "municipalities_with_type"]


def k(pref: str, q: int, actor_type: str, fy: int = 2025) -> dict:
    return {"prefecture_code": pref, "fiscal_year": fy, "quarter": q, "actor_type": actor_type}


def hand(keys: dict, engagements, actors, municipalities) -> list[tuple]:
    return [(keys, "engagements", engagements), (keys, "actors", actors),
            (keys, "municipalities_with_type", municipalities)]


HAND = [
    # 14 Q1 company: 株式会社ヨコハマ生活 in 横浜 and its 川崎支店 share one corporate number
    *hand(k("14", 1, "company"), 2, 1, 2),
    # 14 Q1 npo: 'NPO法人 みなと見守り' and 'ＮＰＯ法人\u3000みなと見守り' in 横浜 are one actor after NFKC and
    # whitespace removal; 'NPO法人みなと見守り' in 川崎 is another (municipality code is part of the key)
    *hand(k("14", 1, "npo"), 3, 2, 2),
    *hand(k("14", 1, "social_welfare"), 1, 1, 1),
    *hand(k("14", 1, "medical"), 1, 1, 1),  # 葉山町
    *hand(k("14", 1, "neighborhood_assoc"), 1, 1, 1),
    # a type the submitted roster does not contain: zeros, not NULL
    *hand(k("14", 1, "workers_coop"), 0, 0, 0),
    *hand(k("14", 1, "other"), 0, 0, 0),
    # 14 Q2: no roster at all
    *hand(k("14", 2, "company"), None, None, None),
    *hand(k("14", 2, "npo"), None, None, None),
    # 14 Q3: the roster was replaced entirely; medical is gone
    *hand(k("14", 3, "medical"), 0, 0, 0),
    *hand(k("14", 3, "volunteer_group"), 1, 1, 1),
    *hand(k("14", 3, "neighborhood_assoc"), 1, 1, 1),  # 葉山 町内会
    # 31 Q1 npo: 'NPO法人とっとり' and 'npo法人とっとり' are two actors (no case folding) in one municipality
    *hand(k("31", 1, "npo"), 2, 2, 1),
    *hand(k("31", 1, "coop"), 1, 1, 1),
    *hand(k("31", 1, "volunteer_group"), 1, 1, 1),
    *hand(k("31", 2, "social_welfare"), 1, 1, 1),
    *hand(k("31", 2, "npo"), 0, 0, 0),
    # 01 Q1: one engagement in 札幌市 (a code with a leading zero)
    *hand(k("01", 1, "npo"), 1, 1, 1),
    *hand(k("01", 1, "company"), 0, 0, 0),
    # a prefecture without any data
    *hand(k("02", 1, "company"), None, None, None),
]


def _ids(x):
    return f"{x['prefecture_code']}Q{x['quarter']}:{x['actor_type']}" if isinstance(x, dict) else str(x)


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
    """Every row of the mart (base fixture and the extended one with later periods) against the oracle."""
    expected = request.getfixturevalue(oracle_rows)
    _, rows = request.getfixturevalue(run).table(TABLE)
    problems = compare_rows(TABLE, expected[TABLE], rows, KEYS, PREFECTURE_ACTOR_TYPE_QUARTER_COLUMNS)
    assert not problems, f"{len(problems)} mismatches:\n" + "\n".join(problems)


def test_columns_and_types(dbt_run):
    columns, _ = dbt_run.table(TABLE)
    assert columns == PREFECTURE_ACTOR_TYPE_QUARTER_COLUMNS
    types = dbt_run.types[TABLE]
    for column in PREFECTURE_ACTOR_TYPE_QUARTER_COLUMNS:
        if column in TEXT_COLUMNS:
            assert types[column] == "VARCHAR", column
        elif column in COUNTS:
            assert types[column] == "BIGINT", column
        else:
            assert types[column] == "INTEGER", column


def test_every_prefecture_period_and_type(dbt_run, expected):
    _, rows = dbt_run.table(TABLE)
    keys = Counter((r["prefecture_code"], r["period"], r["actor_type"]) for r in rows)
    assert set(keys.values()) == {1}, "duplicate keys"
    periods = {r["period"] for r in expected["mart_prefecture_quarter"]}
    assert len(keys) == 47 * len(periods) * len(ACTOR_TYPES)
    assert {t for _, _, t in keys} == set(ACTOR_TYPES)


def test_types_add_up_to_prefecture_engagements(dbt_run):
    """Σ engagements over the 11 types = mart_prefecture_quarter.engagements; NULL together."""
    _, rows = dbt_run.table(TABLE)
    _, prefecture_rows = dbt_run.table("mart_prefecture_quarter")
    by_key: dict[tuple, list] = {}
    for r in rows:
        by_key.setdefault((r["prefecture_code"], r["period"]), []).append(r["engagements"])
    for p in prefecture_rows:
        values = by_key[(p["prefecture_code"], p["period"])]
        if p["engagements"] is None:
            assert values == [None] * len(ACTOR_TYPES), (p["prefecture_code"], p["period"])
        else:
            assert None not in values and sum(values) == p["engagements"], (p["prefecture_code"], p["period"])
