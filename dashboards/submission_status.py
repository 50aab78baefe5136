"""The 47 × period submission matrix: one status per prefecture, form and period. Pure Polars.

Status of (prefecture, form, period), first match wins:
- `missing`      nothing received (`pending` instead while the due date has not passed),
- `rejected`     only rejected files,
- `late`         first accepted file received after the due date,
- `resubmitted`  on time, but later replaced or preceded by rejected files,
- `on_time`      one accepted file, on time.
"""

from __future__ import annotations

from datetime import datetime

import polars as pl

from dashboards import data
from pipelines.core.periods import TOKYO, due_at, parse_period

STATUSES = ("on_time", "late", "resubmitted", "rejected", "missing", "pending")
ACCEPTED = ("accepted", "superseded")


def _status_per_group(register: pl.DataFrame) -> pl.DataFrame:
    accepted = pl.col("status").is_in(ACCEPTED)
    first_on_time = pl.col("is_on_time").filter(pl.col("is_first_accepted")).first()
    counted = register.filter(~pl.col("status").is_in(["duplicate", "withdrawn"]))  # withdrawn = never sent
    return counted.group_by("prefecture_code", "period").agg(
        pl.when(~accepted.any()).then(pl.lit("rejected"))
        .when(first_on_time.not_()).then(pl.lit("late"))
        .when(pl.len() > 1).then(pl.lit("resubmitted"))
        .otherwise(pl.lit("on_time")).alias("status"),
        pl.len().alias("files"),
    )


def matrix(snap: data.Snapshot, form: str, now: datetime | None = None) -> pl.DataFrame:
    """Long frame: prefecture_code, prefecture_name(_en), period, status, files (every prefecture × period)."""
    def compute() -> pl.DataFrame:
        register = snap.table("mart_submissions")
        if register.is_empty():
            register = pl.DataFrame(schema={"prefecture_code": pl.String, "period": pl.String,
                                            "status": pl.String, "is_on_time": pl.Boolean,
                                            "is_first_accepted": pl.Boolean, "form": pl.String})
        found = _status_per_group(register.filter(pl.col("form") == form))
        grid = data.prefectures(snap).select("prefecture_code", "prefecture_name", "prefecture_name_en").join(
            pl.DataFrame({"period": data.periods(snap)}), how="cross")
        clock = now or datetime.now(TOKYO)
        not_due = [p for p in data.periods(snap) if due_at(*parse_period(p)) > clock]
        return grid.join(found, on=["prefecture_code", "period"], how="left").with_columns(
            pl.when(pl.col("status").is_not_null()).then(pl.col("status"))
            .when(pl.col("period").is_in(not_due)).then(pl.lit("pending"))
            .otherwise(pl.lit("missing")).alias("status"),
            pl.col("files").fill_null(0),
        )
    return compute() if now else snap.memo(("matrix", form), compute)
