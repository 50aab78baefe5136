"""Corrections, (d) and (g): a prefecture resubmits one quarter — a corrected municipal_report as UTF-8 CSV."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import polars as pl

from pipelines import submissions
from pipelines.intake.forms import FORMS

FORM = "municipal_report"


def effective_reports(prefecture: str) -> list[submissions.Submission]:
    return [s for s in submissions.effective_submissions(FORM) if s.prefecture_code == prefecture]


def write_correction(prefecture: str, out: Path, source: submissions.Submission | None = None) -> tuple[Path, str, int]:
    """The prefecture's effective report (`source`, default: of its latest quarter) with town_meetings raised
    by 1 in every municipality. Returns the file, its period and the new prefecture total of town_meetings."""
    latest = source or max(effective_reports(prefecture), key=lambda s: (s.fiscal_year, s.quarter))
    rows = pl.read_parquet(submissions.normalized_path(latest)).sort("source_row")
    rows = rows.with_columns(pl.col("town_meetings").fill_null(0) + 1)
    columns = FORMS[FORM].columns
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([c.header_ja for c in columns])
        for row in rows.iter_rows(named=True):
            writer.writerow([_cell(row.get(c.key)) for c in columns])
    return out, latest.period, int(rows["town_meetings"].sum())


def published_value(published: Path, prefecture: str, period: str) -> int | None:
    """town_meetings of the prefecture and period in the published snapshot."""
    with duckdb.connect(str(published), read_only=True) as con:
        row = con.execute("select town_meetings from mart_prefecture_quarter where prefecture_code = ? "
                          "and period = ?", [prefecture, period]).fetchone()
    return row[0] if row else None


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)
