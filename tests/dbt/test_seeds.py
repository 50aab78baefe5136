"""The dbt seeds: vocabularies in sync with pipelines/core/vocab.py, explicit column types for every seed column."""

from __future__ import annotations

import csv
import importlib.util

import yaml

from pipelines.core import vocab
from pipelines.core.config import DBT_PROJECT_DIR

SEEDS_DIR = DBT_PROJECT_DIR / "seeds"


def _writer():
    path = DBT_PROJECT_DIR / "scripts" / "write_vocab_seeds.py"
    spec = importlib.util.spec_from_file_location("write_vocab_seeds", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read(name: str) -> list[dict[str, str]]:
    with open(SEEDS_DIR / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_vocabulary_seeds_match_pipelines_vocab() -> None:
    stale = _writer().stale_seeds()
    assert stale == [], f"run: python dbt_project/scripts/write_vocab_seeds.py (stale: {stale})"


def test_vocabulary_flags_and_counts() -> None:
    actor_types = {row["code"]: row for row in _read("actor_types")}
    assert [(code, row["label_ja"], row["label_en"]) for code, row in actor_types.items()] == vocab.ACTOR_TYPES
    assert {code for code, row in actor_types.items() if row["is_traditional"] == "true"} == {
        "social_welfare",
        "medical",
    }
    service_a = {row["code"] for row in _read("service_categories") if row["is_service_a"] == "true"}
    assert service_a == {"home_a", "day_a"}
    domains = _read("domains")
    assert len(domains) == 23
    assert [int(row["sort_order"]) for row in domains] == list(range(1, 24))
    assert [row["code"] for row in _read("stages")] == ["0", "1", "2", "3", "4"]


def test_every_seed_column_has_an_explicit_type() -> None:
    config = yaml.safe_load((SEEDS_DIR / "_seeds.yml").read_text(encoding="utf-8"))
    types = {seed["name"]: seed["config"]["column_types"] for seed in config["seeds"]}
    csv_names = sorted(path.stem for path in SEEDS_DIR.glob("*.csv"))
    assert sorted(types) == csv_names
    for name in csv_names:
        with open(SEEDS_DIR / f"{name}.csv", encoding="utf-8", newline="") as handle:
            header = next(csv.reader(handle))
        assert list(types[name]) == header, name


def test_rollout_schedule_matches_spec() -> None:
    schedule = [(row["period"], int(row["target_stage"])) for row in _read("rollout_schedule")]
    assert schedule == [
        ("FY2025Q1", 1), ("FY2025Q2", 1), ("FY2025Q3", 2), ("FY2025Q4", 2),
        ("FY2026Q1", 3), ("FY2026Q2", 3), ("FY2026Q3", 4), ("FY2026Q4", 4),
    ]  # fmt: skip
    assert _read("rollout_schedule_overrides") == []  # shipped empty (SPEC §4.3)
