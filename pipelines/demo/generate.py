"""`generate_demo_data`: write the synthetic national data set, its manifest and its scenario."""

from __future__ import annotations

import csv
from datetime import timedelta
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.core.periods import period_text, periods_between
from pipelines.demo.dataset import build_dataset
from pipelines.demo.plan import make_plan
from pipelines.demo.render import render
from pipelines.demo.writers import write_frame, write_table
from pipelines.intake.forms import FORMS

DEFAULT_PERIODS = periods_between((2025, 1), (2026, 2))
MANIFEST_COLUMNS = ["file", "prefecture_code", "form", "fiscal_year", "quarter", "received_at", "user",
                    "expected_status", "note"]
SCENARIO_COLUMNS = ["kind", "prefecture_code", "form", "fiscal_year", "quarter", "municipality_code", "detail"]


def generate_demo_data(out_dir: Path, seed: int = 7, survey_rows: int = 200_000,
                       periods: list[tuple[int, int]] | None = None, *,
                       engagements_per_municipality: float = 12.0) -> Path:
    """Write out_dir/<pref>/<period>/<form>[_v2].<xlsx|csv|parquet>; return out_dir/manifest.csv.

    The manifest lists every upload in submission order (ascending received_at) with the status a
    correct validator must give it. out_dir/scenario.csv records platform tracks, late-prone
    prefectures and every deliberate gap (missing forms, omitted municipalities, rejections never
    corrected). `engagements_per_municipality` is the national mean roster size at the last period
    (~30 at benchmark scale). Same arguments → byte-identical files.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    periods = sorted(periods or DEFAULT_PERIODS)
    ds = build_dataset(seed, periods, survey_rows, engagements_per_municipality)
    uploads, scenario = make_plan(ds)

    for upload in sorted(uploads, key=lambda u: (u.received_at, u.duplicate)):
        suffix = "_v2" if upload.version == 2 else ""
        upload.path = (f"{upload.prefecture_code}/{period_text(*periods[upload.k])}/"
                       f"{upload.form}{suffix}.{upload.style.ext}")
        if upload.duplicate:
            continue
        target = out_dir / upload.path
        if upload.form == "survey_responses":
            frame = ds.survey(upload.prefecture_code, upload.k, upload.style)
            if upload.event == "duplicate_respondent":
                frame, upload.note = _duplicate_id(frame, ds.survey_counts(upload.prefecture_code, upload.k))
            write_frame(target, upload.style.fmt, frame)
        else:
            header, cells = render(upload.form, upload.rows, upload.style, upload.drop)
            write_table(target, upload.style.fmt, FORMS[upload.form].title_ja, header, cells,
                        upload.received_at - timedelta(hours=2), upload.user)

    manifest = out_dir / "manifest.csv"
    with open(manifest, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(MANIFEST_COLUMNS)
        for u in sorted(uploads, key=lambda u: (u.received_at, u.path)):
            fy, q = periods[u.k]
            writer.writerow([u.path, u.prefecture_code, u.form, fy, q, u.received_at.isoformat(), u.user, u.status,
                             u.note])
    with open(out_dir / "scenario.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(SCENARIO_COLUMNS)
        writer.writerows(sorted(scenario, key=lambda r: [str(x) for x in r]))
    return manifest


def _duplicate_id(frame: pl.DataFrame, counts: np.ndarray) -> tuple[pl.DataFrame, str]:
    """Give a respondent the ID of the previous respondent of the same municipality."""
    where = int(np.flatnonzero(counts >= 2)[0])
    row = int(counts[:where].sum()) + 1  # 0-based index of the municipality's second respondent
    column = frame.columns[3]
    duplicate = frame[column][row - 1]
    frame = frame.with_columns(
        pl.when(pl.int_range(pl.len()) == row).then(pl.lit(duplicate)).otherwise(pl.col(column)).alias(column))
    return frame, f"rejected: duplicate respondent ID (row {row + 2}: {duplicate})"
