"""The column_rules generic test (dbt_project/tests/generic/column_rules.sql): every rule it folds into one
dbt test node finds exactly the rows that break it, and names the rule, the column and the value."""

from __future__ import annotations

from collections import Counter

import duckdb
import pytest
from dbt_warehouse import run_dbt

RULES = (
    "model='sample', unique=['id'], unique_combinations=[['a', 'b']], not_null=['a'], "
    "ranges=[{'columns': ['n'], 'min_value': 0, 'max_value': 4}, {'columns': ['m'], 'min_value': 1}], "
    "accepted_values=[{'column': 'kind', 'values': ['x', \"y'z\"]}], "
    "null_when=[{'column': 'm', 'condition': \"kind = 'x'\"}], "
    "not_null_when=[{'column': 'n', 'condition': 'a > 1'}], "
    "relationships=[{'column': 'n', 'to': api.Relation.create(identifier='parents'), 'field': 'code'}]"
)
PARENT_CODES = [(2,), (4,), (5,)]

# id, a, b, kind, n, m
SAMPLE = [
    (1, 1, "p", "x", 2, None),  # breaks nothing
    (2, None, "p", "y'z", 5, 0),  # a NULL; n above 4; m below 1
    (2, 2, "q", "x", None, 3),  # id 2 twice; m set although kind x; n NULL although a > 1
    (4, 2, "q", "w", -1, None),  # (2, q) twice; kind w not accepted; n below 0 and not a parent code
    (None, None, None, None, None, None),  # a NULL; NULL passes every other rule
]


@pytest.fixture(scope="module")
def rules_sql(tmp_path_factory: pytest.TempPathFactory) -> str:
    work = tmp_path_factory.mktemp("column_rules")
    result = run_dbt(["-q", "compile", "--inline", "{{ test_column_rules(" + RULES + ") }}"],
                     work / "unused.duckdb", work)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_each_rule_finds_the_rows_that_break_it(rules_sql: str) -> None:
    with duckdb.connect() as con:
        con.execute("create table sample (id integer, a integer, b varchar, kind varchar, n integer, m integer)")
        con.executemany("insert into sample values (?, ?, ?, ?, ?, ?)", SAMPLE)
        con.execute("create table parents (code integer)")
        con.executemany("insert into parents values (?)", PARENT_CODES)
        failures = con.execute(rules_sql).fetchall()
    assert Counter(failures) == Counter([
        ("not_null", "a", None),
        ("not_null", "a", None),
        ("range 0..4", "n", "5"),
        ("range 0..4", "n", "-1"),
        ("range 1..", "m", "0"),
        ("accepted_values", "kind", "w"),
        ("null_when kind = 'x'", "m", "3"),
        ("not_null_when a > 1", "n", None),
        ("unique", "id", "2"),
        ("unique_combination", "a, b", "2, q"),
        ("relationships parents.code", "n", "-1"),
    ])


def test_a_clean_table_passes(rules_sql: str) -> None:
    with duckdb.connect() as con:
        con.execute("create table sample (id integer, a integer, b varchar, kind varchar, n integer, m integer)")
        con.executemany("insert into sample values (?, ?, ?, ?, ?, ?)", [SAMPLE[0], (2, 3, "p", "y'z", 4, 1)])
        con.execute("create table parents (code integer)")
        con.executemany("insert into parents values (?)", PARENT_CODES)
        assert con.execute(rules_sql).fetchall() == []
