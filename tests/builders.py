"""Small, readable upload files for tests: rows as dicts of English keys, written with Japanese headers."""

from __future__ import annotations

import csv
from pathlib import Path

from pipelines.core.reference import municipalities_of
from pipelines.intake.forms import FORMS


def write_form_csv(path: Path, form: str, rows: list[dict], encoding: str = "utf-8") -> Path:
    columns = FORMS[form].columns
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([column.header_ja for column in columns])
        for row in rows:
            writer.writerow(["" if row.get(c.key) is None else row[c.key] for c in columns])
    return path


def municipal_rows(prefecture: str, fiscal_year: int, quarter: int, **overrides) -> list[dict]:
    """One plausible row per municipality of the prefecture; overrides apply to every row."""
    rows = []
    for index, municipality in enumerate(municipalities_of(prefecture)):
        population = 10_000 + 1_000 * index
        rows.append(
            {
                "municipality_code": municipality.code,
                "municipality_name": municipality.name,
                "fiscal_year": fiscal_year,
                "quarter": quarter,
                "population_65plus": population,
                "daily_living_areas": 3,
                "sc_layer1_count": 1,
                "sc_layer2_areas_covered": 2,
                "council_layer1": "○",
                "council_layer2_areas": 1,
                "partnership_program": "×",
                "town_meetings": 2,
                "meeting_participants_residents": 40,
                "meeting_participants_orgs": 10,
                "projects_started": 1,
                "pilots_running": 0,
                "kayoi_participants": population // 20,
                "program_spend_kyen": 4_000,
                **overrides,
            }
        )
    return rows


def platform_rows(prefecture: str, fiscal_year: int, quarter: int, stage: int) -> list[dict]:
    return [
        {
            "prefecture_code": prefecture,
            "fiscal_year": fiscal_year,
            "quarter": quarter,
            "stage": stage,
            "member_orgs": 12,
            "events": 2,
            "trainings": 1,
            "matches": 3,
            "fund_used_kyen": 500,
            "linked_national": "はい",
        }
    ]
