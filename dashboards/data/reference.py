"""The snapshot's reference tables: the indicator catalog, prefectures and municipalities, domains, actor types,
the national milestones."""

from __future__ import annotations

import polars as pl

from dashboards.data.snapshots import Snapshot, memoized

# indicator_catalog source forms of context columns (not monitored measures) that the selectors leave out
CONTEXT_SOURCES = ("master", "schedule")


def catalog(snap: Snapshot) -> pl.DataFrame:
    return snap.table("indicator_catalog")


@memoized
def indicators_in(snap: Snapshot, table: str, measures_only: bool = False) -> list[str]:
    """Catalog codes (catalog order) that are columns of the given mart.

    `measures_only` keeps the numeric indicators one can chart, map and rank: not flags (boolean), categories
    (schedule_status) or context columns (municipalities_total, target_stage).
    """
    schema = snap.table(table).schema
    frame = catalog(snap)
    if "code" not in frame.columns:
        return []
    rows = frame.select("code", "source_form").rows()
    if not measures_only:
        return [code for code, _ in rows if code in schema]
    return [code for code, source in rows
            if code in schema and schema[code].is_numeric() and source not in CONTEXT_SOURCES]


@memoized
def prefectures(snap: Snapshot) -> pl.DataFrame:
    """dim_prefecture by code (no rows, but its key columns, in a snapshot without it)."""
    frame = snap.table("dim_prefecture")
    if frame.is_empty() and "prefecture_code" not in frame.columns:
        return pl.DataFrame(schema={"prefecture_code": pl.String, "prefecture_name": pl.String,
                                    "prefecture_name_en": pl.String})
    return frame.sort("prefecture_code")


def prefecture_name(snap: Snapshot, code: str, lang: str) -> str:
    """A prefecture's name in the UI language ('東京都' / 'Tokyo'); the code when unknown."""
    row = prefectures(snap).filter(pl.col("prefecture_code") == code).to_dicts()
    return (row[0]["prefecture_name_en" if lang == "en" else "prefecture_name"]) if row else code


@memoized
def municipality_kinds(snap: Snapshot) -> pl.DataFrame:
    """kind, kind_label_ja, kind_label_en as in dim_municipality (city, special_ward, town, village)."""
    order = {"city": 0, "special_ward": 1, "town": 2, "village": 3}
    return snap.table("dim_municipality").select("kind", "kind_label_ja", "kind_label_en").unique().sort(
        pl.col("kind").replace_strict(order, default=9))


@memoized
def domain_labels(snap: Snapshot, lang: str) -> dict[str, str]:
    """domain code → label, in the seed's order."""
    frame = snap.table("domains")
    if frame.is_empty():
        return {}
    return dict(frame.sort("sort_order").select("code", "label_en" if lang == "en" else "label_ja").rows())


@memoized
def actor_types(snap: Snapshot) -> pl.DataFrame:
    """The 11 actor types (code, label_ja, label_en, is_traditional), traditional care providers first, then
    the seed's order: the stacking order of the composition chart, so the traditional share sits on the axis."""
    frame = snap.table("actor_types")
    if frame.is_empty():
        return pl.DataFrame(schema={"code": pl.String, "label_ja": pl.String, "label_en": pl.String,
                                    "is_traditional": pl.Boolean})
    return frame.sort(pl.col("is_traditional").not_(), "sort_order").select(
        "code", "label_ja", "label_en", "is_traditional")


@memoized
def milestones(snap: Snapshot) -> pl.DataFrame:
    frame = snap.table("national_milestones")
    return frame.sort("milestone_no") if "milestone_no" in frame.columns else frame


@memoized
def municipality_directory(snap: Snapshot) -> pl.DataFrame:
    """Every municipality of the master: code, name, kana, prefecture (code and names), kind label; by code."""
    return snap.table("dim_municipality").select(
        "municipality_code", "municipality_name", "municipality_kana", "prefecture_code", "prefecture_name",
        "prefecture_name_en", "kind_label_ja", "kind_label_en").sort("municipality_code")


@memoized
def municipality_names(snap: Snapshot) -> tuple[tuple[str, str], ...]:
    """(code, name) of every municipality of the master."""
    frame = snap.table("dim_municipality")
    if frame.is_empty():
        return ()
    return tuple(frame.select("municipality_code", "municipality_name").rows())
