"""mart_prefecture_domain_quarter (SPEC §4.4) against the oracle and hand arithmetic."""

from __future__ import annotations

import pytest

from .conftest import check_hand_value, compare_rows
from .oracle.spec import PREFECTURE_DOMAIN_QUARTER_COLUMNS

TABLE = "mart_prefecture_domain_quarter"
KEYS = ["prefecture_code", "fiscal_year", "quarter", "domain_code"]


def k(pref: str, q: int, domain: str) -> dict:
    return {"prefecture_code": pref, "fiscal_year": 2025, "quarter": q, "domain_code": domain}


HAND = [
    # 14 Q1 mobility: supply = 横浜 株式会社ヨコハマ生活; wanted by 横浜 R001, 川崎 R001, 川崎 R002;
    # used by 川崎 R002 only → unmet 2 of 5 respondents
    (k("14", 1, "mobility"), "supply_engagements", 1),
    (k("14", 1, "mobility"), "supply_actors", 1),
    (k("14", 1, "mobility"), "demand_respondents", 3),
    (k("14", 1, "mobility"), "used_respondents", 1),
    (k("14", 1, "mobility"), "unmet_rate", 2 / 5),
    # 14 Q1 shopping: the same corporate number in 横浜 and 川崎 → 2 engagements, 1 actor;
    # 横浜 R001 wants and uses it → unmet 0
    (k("14", 1, "shopping"), "supply_engagements", 2),
    (k("14", 1, "shopping"), "supply_actors", 1),
    (k("14", 1, "shopping"), "unmet_rate", 0.0),
    # 14 Q1 watching: NPO法人みなと見守り in 横浜 and in 川崎 = 2 actors; wanted by 横浜 R002 whose
    # domains_used is NULL (blank = none) → unmet 1/5
    (k("14", 1, "watching"), "supply_engagements", 2),
    (k("14", 1, "watching"), "supply_actors", 2),
    (k("14", 1, "watching"), "demand_respondents", 1),
    (k("14", 1, "watching"), "used_respondents", 0),
    (k("14", 1, "watching"), "unmet_rate", 1 / 5),
    # 14 Q1 care: used by 横浜 R003, wanted by nobody
    (k("14", 1, "care"), "demand_respondents", 0),
    (k("14", 1, "care"), "used_respondents", 1),
    (k("14", 1, "care"), "unmet_rate", 0.0),
    # 14 Q1 farmland: roster and survey exist, nobody covers or wants it → zeros, not NULL
    (k("14", 1, "farmland"), "supply_engagements", 0),
    (k("14", 1, "farmland"), "supply_actors", 0),
    (k("14", 1, "farmland"), "demand_respondents", 0),
    (k("14", 1, "farmland"), "unmet_rate", 0.0),
    # 14 Q2: neither roster nor survey
    (k("14", 2, "shopping"), "supply_engagements", None),
    (k("14", 2, "shopping"), "supply_actors", None),
    (k("14", 2, "shopping"), "demand_respondents", None),
    (k("14", 2, "shopping"), "used_respondents", None),
    (k("14", 2, "shopping"), "unmet_rate", None),
    # 14 Q3 shopping: 2 respondents want it, 143014 R001 uses it → unmet 1/2
    (k("14", 3, "shopping"), "demand_respondents", 2),
    (k("14", 3, "shopping"), "unmet_rate", 1 / 2),
    # 31 Q1 watching: 'NPO法人とっとり' and 'npo法人とっとり' are two actors (no case folding)
    (k("31", 1, "watching"), "supply_engagements", 2),
    (k("31", 1, "watching"), "supply_actors", 2),
    # 31 Q1 shopping: 米子 T001 wants it and does not use it → 1/3
    (k("31", 1, "shopping"), "unmet_rate", 1 / 3),
    # 31 Q3: survey only; mobility wanted by both respondents, used by none
    (k("31", 3, "mobility"), "supply_engagements", None),
    (k("31", 3, "mobility"), "demand_respondents", 2),
    (k("31", 3, "mobility"), "unmet_rate", 1.0),
    # a prefecture without data
    (k("02", 1, "cleaning"), "supply_engagements", None),
    (k("02", 1, "cleaning"), "supply_actors", None),
    (k("02", 1, "cleaning"), "unmet_rate", None),
    # 01 Q1: roster only (札幌市, code with a leading zero), no survey
    (k("01", 1, "watching"), "supply_engagements", 1),
    (k("01", 1, "watching"), "supply_actors", 1),
    (k("01", 1, "cleaning"), "supply_engagements", 0),
    (k("01", 1, "watching"), "demand_respondents", None),
]


def _ids(x):
    return f"{x['prefecture_code']}Q{x['quarter']}:{x['domain_code']}" if isinstance(x, dict) else str(x)


@pytest.mark.parametrize(("keys", "column", "value"), HAND, ids=_ids)
def test_oracle_matches_hand_value(expected, keys, column, value):
    check_hand_value(expected[TABLE], keys, column, value)


@pytest.mark.parametrize(("keys", "column", "value"), HAND, ids=_ids)
def test_mart_matches_hand_value(dbt_run, keys, column, value):
    _, rows = dbt_run.table(TABLE)
    check_hand_value(rows, keys, column, value)


def test_every_cell_matches_oracle(expected, dbt_run):
    _, rows = dbt_run.table(TABLE)
    problems = compare_rows(TABLE, expected[TABLE], rows, KEYS, PREFECTURE_DOMAIN_QUARTER_COLUMNS)
    assert not problems, f"{len(problems)} mismatches:\n" + "\n".join(problems)
