"""Plain-Python oracle for the published marts, written from SPEC §2, §4.2, §4.3 and §4.4 only.

Input: the raw.* tables of docs/raw-sources.md as lists of dicts, plus the municipality master
(dbt seed municipalities.csv) and the 47 prefecture codes. Output: the rows the marts must contain.

Deliberately simple and slow: one pass per (prefecture, period) over plain lists. Where the SPEC leaves
room, the chosen reading is written next to the code as "INTERPRETATION".
"""

from __future__ import annotations

from pathlib import Path

from .composition import (
    prefecture_actor_type_quarter,
    prefecture_domain_quarter,
    prefecture_model_type_quarter,
)
from .projection import stage_projection
from .quarter import national_quarter, prefecture_quarter
from .spec import SEEDS_DIR, load_master
from .state import Oracle


def build(raw: dict[str, list[dict]], seeds_dir: Path = SEEDS_DIR,
          target_overrides: dict[tuple[str, int, int], int] | None = None) -> dict[str, list[dict]]:
    """Every mart the oracle computes, by table name."""
    municipalities, prefectures = load_master(seeds_dir)
    oracle = Oracle(raw, municipalities, prefectures, target_overrides)
    return {
        "mart_prefecture_quarter": prefecture_quarter(oracle),
        "mart_national_quarter": national_quarter(oracle),
        "mart_prefecture_domain_quarter": prefecture_domain_quarter(oracle),
        "mart_prefecture_actor_type_quarter": prefecture_actor_type_quarter(oracle),
        "mart_prefecture_model_type_quarter": prefecture_model_type_quarter(oracle),
        "mart_prefecture_stage_projection": stage_projection(oracle),
    }
