"""Step (d): one prefecture resubmits one quarter — a corrected municipal_report as UTF-8 CSV."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl

from pipelines import store
from pipelines.intake.forms import FORMS

FORM = "municipal_report"


def write_correction(prefecture: str, out: Path) -> tuple[Path, str, int]:
    """The prefecture's effective report of its latest quarter with town_meetings raised by 1 in every
    municipality. Returns the file, its period and the new prefecture total of town_meetings."""
    effective = [s for s in store.effective_submissions(FORM) if s.prefecture_code == prefecture]
    latest = max(effective, key=lambda s: (s.fiscal_year, s.quarter))
    rows = pl.read_parquet(store.normalized_path(latest)).sort("source_row")
    rows = rows.with_columns(pl.col("town_meetings").fill_null(0) + 1)
    columns = FORMS[FORM].columns
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([c.header_ja for c in columns])
        for row in rows.iter_rows(named=True):
            writer.writerow([_cell(row.get(c.key)) for c in columns])
    return out, latest.period, int(rows["town_meetings"].sum())


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)
