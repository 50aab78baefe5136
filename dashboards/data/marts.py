"""The quarter marts as the pages ask them: periods, one prefecture, one period, the nation, the changes."""

from __future__ import annotations

import polars as pl

from dashboards.data.reference import actor_types, prefectures
from dashboards.data.snapshots import Snapshot, memoized


@memoized
def periods(snap: Snapshot) -> list[str]:
    """Periods covered by the marts, oldest first."""
    frame = snap.table("mart_prefecture_quarter")
    if frame.is_empty():
        return []
    return frame.select("fiscal_year", "quarter", "period").unique().sort("fiscal_year", "quarter")[
        "period"].to_list()


@memoized
def latest_period(snap: Snapshot) -> str | None:
    """Latest period in which any prefecture's municipal_report was accepted (else the last period)."""
    frame = snap.table("mart_prefecture_quarter")
    if frame.is_empty():
        return None
    reported = frame.filter(pl.col("municipal_report_submitted")) if "municipal_report_submitted" in \
        frame.columns else frame
    chosen = reported if not reported.is_empty() else frame
    return chosen.sort("fiscal_year", "quarter")["period"][-1]


def previous_period(snap: Snapshot, period: str) -> str | None:
    ordered = periods(snap)
    index = ordered.index(period) if period in ordered else 0
    return ordered[index - 1] if index > 0 else None


@memoized
def prefecture_quarter(snap: Snapshot, period: str) -> pl.DataFrame:
    """All prefectures for one period, with names, region and municipalities_total."""
    frame = snap.table("mart_prefecture_quarter").filter(pl.col("period") == period)
    names = prefectures(snap).select(
        [c for c in prefectures(snap).columns if c not in frame.columns or c == "prefecture_code"])
    return names.join(frame, on="prefecture_code", how="left").sort("prefecture_code")


@memoized
def prefecture_series(snap: Snapshot, prefecture_code: str) -> pl.DataFrame:
    return snap.table("mart_prefecture_quarter").filter(pl.col("prefecture_code") == prefecture_code).sort(
        "fiscal_year", "quarter")


def prefecture_row(snap: Snapshot, prefecture_code: str, period: str) -> dict:
    """One prefecture's mart row of one period ({} when there is none)."""
    rows = prefecture_series(snap, prefecture_code).filter(pl.col("period") == period).to_dicts()
    return rows[0] if rows else {}


@memoized
def national(snap: Snapshot) -> pl.DataFrame:
    return snap.table("mart_national_quarter").sort("fiscal_year", "quarter")


@memoized
def national_row(snap: Snapshot, period: str | None) -> dict:
    if period is None:
        return {}
    rows = national(snap).filter(pl.col("period") == period).to_dicts()
    return rows[0] if rows else {}


@memoized
def domain_quarter(snap: Snapshot, prefecture_code: str, period: str) -> pl.DataFrame:
    return snap.table("mart_prefecture_domain_quarter").filter(
        (pl.col("prefecture_code") == prefecture_code) & (pl.col("period") == period))


@memoized
def municipalities(snap: Snapshot, period: str, prefecture_codes: list[str] | None = None,
                   kinds: list[str] | None = None) -> pl.DataFrame:
    """Municipality rows of one period with kind and its labels (from dim_municipality), optionally filtered."""
    dim = snap.table("dim_municipality").select("municipality_code", "kind", "kind_label_ja", "kind_label_en")
    frame = snap.table("mart_municipality_quarter").filter(pl.col("period") == period)
    frame = frame.join(dim, on="municipality_code", how="left")
    if prefecture_codes:
        frame = frame.filter(pl.col("prefecture_code").is_in(prefecture_codes))
    if kinds:
        frame = frame.filter(pl.col("kind").is_in(kinds))
    return frame.sort("municipality_code")


@memoized
def actor_type_composition(snap: Snapshot, prefecture_code: str) -> pl.DataFrame:
    """One prefecture's actor-type composition, one row per period × actor type (periods oldest first, types
    as in `actor_types`): engagements, actors and municipalities_with_type from the mart, the type's labels
    and `share` = its engagements / all engagements of the period (NULL without a roster or engagements)."""
    frame = snap.table("mart_prefecture_actor_type_quarter")
    if frame.is_empty():
        return frame
    types = actor_types(snap).with_row_index("type_order")
    frame = frame.filter(pl.col("prefecture_code") == prefecture_code)
    frame = frame.join(types, left_on="actor_type", right_on="code", how="left")
    total = pl.col("engagements").sum().over("period")
    frame = frame.with_columns(
        pl.when(pl.col("engagements").is_not_null() & (total > 0))
        .then(pl.col("engagements") / total).otherwise(None).cast(pl.Float64).alias("share"))
    return frame.sort("fiscal_year", "quarter", "type_order").select(
        "period", "actor_type", "label_ja", "label_en", "is_traditional", "engagements", "share", "actors",
        "municipalities_with_type")


@memoized
def indicator_changes(snap: Snapshot, prefecture_code: str | None = None, latest_only: bool = True) -> pl.DataFrame:
    """mart_indicator_changes with labels, largest moves first: `move` = |new − old| / max(1, |old|) (a value
    that appeared or disappeared sorts after every numeric move), the prefecture's name, and `notes` = the
    submitters' notes of the causing submissions (notes are written for readers, SPEC §4.5).
    `latest_only` keeps the rows of the latest publish ("since the previous refresh")."""
    frame = snap.table("mart_indicator_changes")
    if frame.is_empty():
        return frame
    if latest_only:
        frame = frame.filter(pl.col("published_at") == pl.col("published_at").max())
    if prefecture_code is not None:
        frame = frame.filter(pl.col("prefecture_code") == prefecture_code)
    notes = snap.table("mart_submissions")
    if "note" in notes.columns:
        notes = notes.filter(pl.col("note").is_not_null()).select("submission_id", "note")
    else:
        notes = pl.DataFrame(schema={"submission_id": pl.String, "note": pl.String})
    ids = frame.select("cause_submission_ids").unique().drop_nulls().with_columns(
        pl.col("cause_submission_ids").str.split(",").alias("submission_id")).explode("submission_id")
    joined = ids.join(notes, on="submission_id", how="inner").group_by("cause_submission_ids").agg(
        pl.col("note").sort_by("submission_id").str.join(" / ").alias("notes"))
    names = prefectures(snap).select("prefecture_code", "prefecture_name", "prefecture_name_en")
    move = (pl.col("new_value") - pl.col("old_value")).abs() / pl.max_horizontal(pl.col("old_value").abs(), pl.lit(1.0))
    return (frame.join(names, on="prefecture_code", how="left").join(joined, on="cause_submission_ids", how="left")
            .with_columns(move.alias("move"))
            .sort(["move", "prefecture_code", "period", "indicator"], descending=[True, False, False, False],
                  nulls_last=True))


@memoized
def stage_projection(snap: Snapshot, prefecture_code: str | None = None) -> pl.DataFrame:
    """mart_prefecture_stage_projection (one prefecture, or all 47), stages in order."""
    frame = snap.table("mart_prefecture_stage_projection")
    if frame.is_empty() or prefecture_code is None:
        return frame.sort("prefecture_code", "stage") if not frame.is_empty() else frame
    return frame.filter(pl.col("prefecture_code") == prefecture_code).sort("stage")


@memoized
def model_type_series(snap: Snapshot, prefecture_code: str) -> pl.DataFrame:
    """One prefecture's service-A engagements by model type, per period (oldest first), with the labels."""
    frame = snap.table("mart_prefecture_model_type_quarter")
    if frame.is_empty():
        return frame
    labels = snap.table("model_types").select("code", "label_ja", "label_en", "sort_order")
    return (frame.filter(pl.col("prefecture_code") == prefecture_code)
            .join(labels, left_on="model_type", right_on="code", how="left")
            .sort("fiscal_year", "quarter", "sort_order")
            .select("period", "model_type", "label_ja", "label_en", "engagements", "municipalities_with_model"))
