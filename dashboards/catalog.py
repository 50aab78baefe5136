"""The indicator catalog (names, units, directions, targets) as the pages ask it, read once per snapshot."""

from __future__ import annotations

import polars as pl

from dashboards import data
from dashboards.formatting import LEVEL_UNITS, is_percent

# indicator_catalog units whose values are not numbers to plot, rank or colour
NON_NUMERIC_UNITS = ("boolean", "category")


class Catalog:
    """Indicator names, units and directions from indicator_catalog."""

    def __init__(self, frame: pl.DataFrame):
        self.rows = {row["code"]: row for row in frame.to_dicts()} if "code" in frame.columns else {}

    def name(self, code: str, lang: str) -> str:
        row = self.rows.get(code, {})
        return row.get("name_en" if lang == "en" else "name_ja") or code

    def unit(self, code: str) -> str | None:
        return self.rows.get(code, {}).get("unit")

    def direction(self, code: str) -> str | None:
        return self.rows.get(code, {}).get("direction")

    def target(self, code: str):
        return self.rows.get(code, {}).get("target")

    def source_form(self, code: str) -> str | None:
        return self.rows.get(code, {}).get("source_form")

    def is_comparable(self, code: str) -> bool:
        """A level (rate, mean, index, stage) with a direction: set against the national value."""
        unit = self.unit(code)
        return (is_percent(unit) or unit in LEVEL_UNITS) and self.direction(code) in (
            "higher_is_better", "lower_is_better")

    def is_survey_rate(self, code: str) -> bool:
        """A share of survey respondents: compared by its Wilson interval."""
        return self.source_form(code) == "survey_responses" and is_percent(self.unit(code))

    def is_numeric(self, code: str) -> bool:
        """A measure to chart, map and rank (not a yes/no flag or a category)."""
        return self.unit(code) not in NON_NUMERIC_UNITS

    def options(self, codes: list[str], lang: str) -> dict[str, str]:
        """Select-widget options: label → code."""
        return {self.name(code, lang): code for code in codes}


def catalog_of(snap: data.Snapshot) -> Catalog:
    """The snapshot's indicator catalog, read once per snapshot (shared by every session)."""
    return snap.memo(("Catalog",), lambda: Catalog(data.catalog(snap)))
