"""Session fixtures: the hand-made warehouse, the oracle's marts, and one `dbt build` over the warehouse."""

from __future__ import annotations

import math
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from . import fixture, oracle

REPO = Path(__file__).resolve().parents[2]
DBT = REPO / ".venv" / "bin" / "dbt"
DBT_PROJECT = REPO / "dbt_project"
MART_TABLES = ("mart_prefecture_quarter", "mart_national_quarter", "mart_prefecture_domain_quarter",
               "mart_prefecture_actor_type_quarter", "mart_prefecture_model_type_quarter",
               "mart_prefecture_stage_projection")


@dataclass
class DbtRun:
    warehouse: Path
    returncode: int
    output: str
    tables: dict[str, tuple[list[str], list[dict]] | None] = field(default_factory=dict)
    types: dict[str, dict[str, str]] = field(default_factory=dict)

    def table(self, name: str) -> tuple[list[str], list[dict]]:
        found = self.tables.get(name)
        if found is None:
            pytest.fail(f"{name} not found in the warehouse after dbt build (exit {self.returncode}).\n"
                        f"dbt output (tail):\n{self.output[-800:]}")
        return found


def _find_table(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    schemas = [r[0] for r in con.execute(
        "SELECT table_schema FROM information_schema.tables WHERE table_name = ? ORDER BY table_schema",
        [name]).fetchall()]
    if not schemas:
        return None
    schema = "main" if "main" in schemas else schemas[0]
    return f'"{schema}"."{name}"'


def _write(base: Path, extended: bool) -> dict[str, list[dict]]:
    """Write the fixture warehouse, then read raw.* back: exactly what dbt will see."""
    path = base / "data" / "warehouse" / "kyoso.duckdb"
    if not path.exists():
        fixture.write_warehouse(path, extended=extended)
    return fixture.read_raw(path)


def _dbt_build(base: Path, project: Path = DBT_PROJECT) -> DbtRun:
    """Run `dbt build` of `project` over the warehouse under `base` and load the mart tables."""
    data = base / "data"
    warehouse = data / "warehouse" / "kyoso.duckdb"
    env = {
        **os.environ,
        "KYOSO_WAREHOUSE_PATH": str(warehouse),
        "KYOSO_DATA_DIR": str(data),
        "KYOSO_RAW_DIR": str(base / "raw"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DO_NOT_TRACK": "1",
    }
    command = [
        str(DBT), "build",
        "--project-dir", str(project), "--profiles-dir", str(project),
        "--target-path", str(base / "target"), "--log-path", str(base / "logs"),
    ]
    done = subprocess.run(command, env=env, cwd=str(base), capture_output=True, text=True,
                          timeout=900, check=False)
    run = DbtRun(warehouse, done.returncode, done.stdout + done.stderr)
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        for name in MART_TABLES:
            qualified = _find_table(con, name)
            if qualified is None:
                run.tables[name] = None
                continue
            cursor = con.execute(f"SELECT * FROM {qualified}")
            columns = [d[0] for d in cursor.description]
            run.tables[name] = (columns, [dict(zip(columns, r, strict=True)) for r in cursor.fetchall()])
            schema, table = (part.strip('"') for part in qualified.split("."))
            run.types[name] = dict(con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = ? AND table_name = ?", [schema, table]).fetchall())
    finally:
        con.close()
    return run


# The base fixture (FY2025Q1–Q3): one dbt build for the whole session.
@pytest.fixture(scope="session")
def warehouse_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("marts")


@pytest.fixture(scope="session")
def raw_tables(warehouse_dir: Path) -> dict[str, list[dict]]:
    return _write(warehouse_dir, extended=False)


@pytest.fixture(scope="session")
def expected(raw_tables: dict[str, list[dict]]) -> dict[str, list[dict]]:
    return oracle.build(raw_tables)


@pytest.fixture(scope="session")
def dbt_run(warehouse_dir: Path, raw_tables: dict[str, list[dict]]) -> DbtRun:
    return _dbt_build(warehouse_dir)


# The extended fixture (base + FY2025Q4 … FY2027Q1): a second, independent warehouse and dbt build.
@pytest.fixture(scope="session")
def warehouse_dir_ext(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("marts_extended")


@pytest.fixture(scope="session")
def raw_tables_ext(warehouse_dir_ext: Path) -> dict[str, list[dict]]:
    return _write(warehouse_dir_ext, extended=True)


@pytest.fixture(scope="session")
def expected_ext(raw_tables_ext: dict[str, list[dict]]) -> dict[str, list[dict]]:
    return oracle.build(raw_tables_ext)


@pytest.fixture(scope="session")
def dbt_run_ext(warehouse_dir_ext: Path, raw_tables_ext: dict[str, list[dict]]) -> DbtRun:
    return _dbt_build(warehouse_dir_ext)


# ------------------------------------------------------------------------------------- comparison
def same_value(expected, got) -> bool:
    """NULLs match exactly; bool/int/str by type and value; floats with rel 1e-12."""
    if expected is None or got is None:
        return expected is None and got is None
    if isinstance(expected, bool):
        return type(got) is bool and got == expected
    if isinstance(expected, int):
        return type(got) is int and got == expected
    if isinstance(expected, float):
        # abs_tol only absorbs float noise around an exact 0 (e.g. -0.0 or 1e-17 for one actor type)
        return type(got) is float and math.isclose(got, expected, rel_tol=1e-12, abs_tol=1e-15)
    if isinstance(expected, str):
        return type(got) is str and got == expected
    raise TypeError(f"unexpected oracle value {expected!r}")


def _loose(key: tuple) -> tuple:
    """A key with codes stripped of leading zeros, to still compare the values of a badly keyed row."""
    return tuple(str(v).lstrip("0") for v in key)


def compare_rows(name: str, expected_rows: list[dict], got_rows: list[dict], keys: list[str],
                 columns: list[str]) -> list[str]:
    """Every mismatch as one readable line; [] when the tables agree on `columns`."""
    problems = []
    got_by_key: dict[tuple, dict] = {}
    got_loose: dict[tuple, tuple] = {}
    for row in got_rows:
        key = tuple(row.get(k) for k in keys)
        if key in got_by_key:
            problems.append(f"{name}: duplicate row for {dict(zip(keys, key, strict=True))}")
        got_by_key[key] = row
        got_loose[_loose(key)] = key
    matched = set()
    for exp in expected_rows:
        key = tuple(exp[k] for k in keys)
        label = ",".join(str(k) for k in key)
        got_key = key if key in got_by_key else got_loose.get(_loose(key))
        if got_key is None:
            problems.append(f"{name}[{label}]: row missing")
            continue
        matched.add(got_key)
        got = got_by_key[got_key]
        if got_key != key:
            problems.append(f"{name}[{label}]: keyed as {got_key!r} instead of {key!r}")
        for column in columns:
            if column not in got:
                continue  # column-set problems are reported by test_mart_columns
            if column in keys and got_key != key:
                continue
            if not same_value(exp[column], got[column]):
                problems.append(f"{name}[{label}].{column}: expected {exp[column]!r} "
                                f"got {got[column]!r} ({type(got[column]).__name__})")
    for key in got_by_key:
        if key not in matched:
            problems.append(f"{name}[{','.join(map(str, key))}]: unexpected row")
    return problems


def find_row(rows: list[dict], **keys) -> dict:
    found = [r for r in rows if all(r.get(k) == v for k, v in keys.items())]
    assert len(found) == 1, f"{len(found)} rows for {keys}"
    return found[0]


def check_hand_value(rows: list[dict], keys: dict, column: str, value) -> None:
    row = find_row(rows, **keys)
    assert column in row, f"column {column} missing"
    assert same_value(value, row[column]), f"{keys} {column}: hand value {value!r}, got {row[column]!r}"
