"""Reference master data (prefectures, municipalities) read from the dbt seeds, with codes as text."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from pipelines.core.config import DBT_PROJECT_DIR

SEEDS_DIR = DBT_PROJECT_DIR / "seeds"


@dataclass(frozen=True)
class Prefecture:
    code: str  # '01'…'47'
    lg_code: str  # 6-digit local-government code, e.g. '130001'
    name: str  # 東京都
    name_en: str
    region: str
    region_en: str


@dataclass(frozen=True)
class Municipality:
    code: str  # 6 digits with check digit
    prefecture_code: str
    name: str
    kana: str
    kind: str  # city / special_ward / town / village
    designated_city_wards: int | None  # administrative wards of the 20 designated cities


def _read_seed(name: str) -> list[dict[str, str]]:
    with open(SEEDS_DIR / f"{name}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def prefectures() -> dict[str, Prefecture]:
    return {
        row["prefecture_code"]: Prefecture(
            row["prefecture_code"],
            row["lg_code"],
            row["prefecture_name"],
            row["prefecture_name_en"],
            row["region_name"],
            row["region_name_en"],
        )
        for row in _read_seed("prefectures")
    }


@cache
def municipalities() -> dict[str, Municipality]:
    return {
        row["municipality_code"]: Municipality(
            row["municipality_code"],
            row["prefecture_code"],
            row["municipality_name"],
            row["municipality_kana"],
            row["kind"],
            int(row["designated_city_wards"]) if row["designated_city_wards"] else None,
        )
        for row in _read_seed("municipalities")
    }


@cache
def municipalities_of(prefecture_code: str) -> tuple[Municipality, ...]:
    return tuple(m for m in municipalities().values() if m.prefecture_code == prefecture_code)
