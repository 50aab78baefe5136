"""Pure data layer over the published snapshot: DuckDB (read-only) → Polars. No Panel imports.

The whole snapshot is small (marts, registers, dimensions), so it is read once into memory and cached
under the file's identity (inode, mtime, size): a refresh that swaps in a new file is picked up on the
next call without a restart, and no DuckDB connection stays open to block the swap. `functools.lru_cache`
plays the part of `pn.cache` here so this module stays importable without Panel.
"""

from __future__ import annotations

import json
import os
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache, wraps

import duckdb
import polars as pl

from pipelines import config

TABLES = (
    "mart_prefecture_quarter", "mart_municipality_quarter", "mart_national_quarter",
    "mart_prefecture_domain_quarter", "mart_prefecture_actor_type_quarter", "mart_prefecture_model_type_quarter",
    "mart_prefecture_stage_projection", "mart_indicator_changes", "model_types", "mart_submissions",
    "mart_validation_issues", "dim_prefecture", "dim_municipality", "rollout_schedule", "indicator_catalog",
    "national_milestones", "domains", "actor_types",
)
# indicator_catalog source forms of context columns (not monitored measures) that the selectors leave out
CONTEXT_SOURCES = ("master", "schedule")
TOKYO_ZONE = "Asia/Tokyo"

# Submission details (SPEC §4.5): shown only to ministry accounts and to the owning prefecture's accounts.
# `Snapshot.table` never hands them out; `submissions` and `validation_issues` do, scoped to an Audience.
DETAIL_COLUMNS = {"mart_submissions": ("file_name", "user_name", "sha256", "withdrawn_by", "withdrawal_reason")}
DETAIL_TABLES = ("mart_validation_issues",)
GUEST, MINISTRY, PREFECTURE = "guest", "ministry", "prefecture"

SnapshotKey = tuple[str, int, int, int]
MEMO_SIZE = 2048  # derived frames kept per snapshot (all small: ≤ one period of municipalities each)


def snapshot_key() -> SnapshotKey | None:
    """Identity of the published file now, or None when nothing was ever published."""
    path = config.published_path()
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return None
    return (str(path), stat.st_ino, stat.st_mtime_ns, stat.st_size)


@dataclass(frozen=True)
class Audience:
    """Who is looking: a guest, a ministry account, or a prefecture account (with its prefecture code)."""

    role: str = GUEST
    prefecture_code: str | None = None

    def detail_scope(self) -> tuple[str, ...] | None:
        """Prefecture codes whose submission details this audience may see (None = every prefecture)."""
        if self.role == MINISTRY:
            return None
        return (self.prefecture_code,) if self.role == PREFECTURE and self.prefecture_code else ()


GUEST_AUDIENCE = Audience()


@dataclass(frozen=True)
class Snapshot:
    key: SnapshotKey
    tables: dict[str, pl.DataFrame]
    _memo: OrderedDict = field(default_factory=OrderedDict, compare=False, repr=False)

    def table(self, name: str) -> pl.DataFrame:
        """A published table without submission details (use `submissions`/`validation_issues` for those)."""
        if name in DETAIL_TABLES:
            raise PermissionError(f"{name} holds submission details: read it through validation_issues()")
        frame = self.tables.get(name, pl.DataFrame())
        return frame.drop(DETAIL_COLUMNS.get(name, ()), strict=False)

    def detailed_table(self, name: str) -> pl.DataFrame:
        return self.tables.get(name, pl.DataFrame())

    def memo(self, key, compute):
        """Remember a derived frame for the life of this snapshot (least recently used dropped past MEMO_SIZE).

        Frames are immutable, so every session shares one copy instead of deriving its own."""
        if key in self._memo:
            self._memo.move_to_end(key)
            return self._memo[key]
        found = self._memo[key] = compute()
        if len(self._memo) > MEMO_SIZE:
            self._memo.popitem(last=False)
        return found


def _memoized(function):
    """Cache a pure function of (snapshot, hashable arguments…) on the snapshot: switching back and forth
    between prefectures, periods and indicators derives each frame once per snapshot, not once per click."""
    @wraps(function)
    def cached(snap: Snapshot, *args, **kwargs):
        key = (function.__name__, *(tuple(a) if isinstance(a, list) else a for a in args),
               *sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in kwargs.items()))
        return snap.memo(key, lambda: function(snap, *args, **kwargs))
    return cached


def memo_of(snap: Snapshot, function, *args):
    """A derived frame `function(snap, *args)` (pure, hashable arguments), computed once per snapshot."""
    return snap.memo((function.__module__, function.__qualname__, *args), lambda: function(snap, *args))


def _in_tokyo_time(frame: pl.DataFrame) -> pl.DataFrame:
    """Timestamps with a time zone are shown in Japan time, whatever the server's zone."""
    return frame.with_columns(
        pl.col(name).dt.convert_time_zone(TOKYO_ZONE) for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.Datetime) and dtype.time_zone is not None
    )


@lru_cache(maxsize=2)
def _load(key: SnapshotKey) -> Snapshot:
    with duckdb.connect(key[0], read_only=True) as con:
        present = {name for (name,) in con.sql("SELECT table_name FROM information_schema.tables").fetchall()}
        tables = {name: _in_tokyo_time(con.sql(f'SELECT * FROM "{name}"').pl()) for name in TABLES if name in present}
    return Snapshot(key=key, tables=tables)


def snapshot() -> Snapshot | None:
    key = snapshot_key()
    return None if key is None else _load(key)


def refresh_status() -> dict | None:
    """refresh_status.json as a dict, or None when it is missing or unreadable."""
    try:
        return json.loads(config.refresh_status_path().read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return None


@_memoized
def periods(snap: Snapshot) -> list[str]:
    """Periods covered by the marts, oldest first."""
    frame = snap.table("mart_prefecture_quarter")
    if frame.is_empty():
        return []
    return frame.select("fiscal_year", "quarter", "period").unique().sort("fiscal_year", "quarter")[
        "period"].to_list()


@_memoized
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


def catalog(snap: Snapshot) -> pl.DataFrame:
    return snap.table("indicator_catalog")


@_memoized
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


@_memoized
def prefectures(snap: Snapshot) -> pl.DataFrame:
    return snap.table("dim_prefecture").sort("prefecture_code")


def prefecture_name(snap: Snapshot, code: str, lang: str) -> str:
    """A prefecture's name in the UI language ('東京都' / 'Tokyo'); the code when unknown."""
    row = prefectures(snap).filter(pl.col("prefecture_code") == code).to_dicts()
    return (row[0]["prefecture_name_en" if lang == "en" else "prefecture_name"]) if row else code


@_memoized
def prefecture_quarter(snap: Snapshot, period: str) -> pl.DataFrame:
    """All prefectures for one period, with names, region and municipalities_total."""
    frame = snap.table("mart_prefecture_quarter").filter(pl.col("period") == period)
    names = prefectures(snap).select(
        [c for c in prefectures(snap).columns if c not in frame.columns or c == "prefecture_code"])
    return names.join(frame, on="prefecture_code", how="left").sort("prefecture_code")


@_memoized
def prefecture_series(snap: Snapshot, prefecture_code: str) -> pl.DataFrame:
    return snap.table("mart_prefecture_quarter").filter(pl.col("prefecture_code") == prefecture_code).sort(
        "fiscal_year", "quarter")


@_memoized
def national(snap: Snapshot) -> pl.DataFrame:
    return snap.table("mart_national_quarter").sort("fiscal_year", "quarter")


@_memoized
def national_row(snap: Snapshot, period: str | None) -> dict:
    if period is None:
        return {}
    rows = national(snap).filter(pl.col("period") == period).to_dicts()
    return rows[0] if rows else {}


@_memoized
def domain_quarter(snap: Snapshot, prefecture_code: str, period: str) -> pl.DataFrame:
    return snap.table("mart_prefecture_domain_quarter").filter(
        (pl.col("prefecture_code") == prefecture_code) & (pl.col("period") == period))


@_memoized
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


@_memoized
def municipality_kinds(snap: Snapshot) -> pl.DataFrame:
    """kind, kind_label_ja, kind_label_en as in dim_municipality (city, special_ward, town, village)."""
    order = {"city": 0, "special_ward": 1, "town": 2, "village": 3}
    return snap.table("dim_municipality").select("kind", "kind_label_ja", "kind_label_en").unique().sort(
        pl.col("kind").replace_strict(order, default=9))


def _in_scope(scope: tuple[str, ...] | None) -> pl.Expr:
    return pl.lit(True) if scope is None else pl.col("prefecture_code").is_in(list(scope))


@_memoized
def submissions(snap: Snapshot, audience: Audience, prefecture_code: str | None = None) -> pl.DataFrame:
    """The submission register (newest first), optionally of one prefecture. Every row's status, dates,
    counts and note are for anyone; its file name, user name, hash and withdrawal details only for an
    audience that may see that prefecture's details (NULL otherwise)."""
    frame = snap.detailed_table("mart_submissions")
    if frame.is_empty():
        return snap.table("mart_submissions")
    if prefecture_code:
        frame = frame.filter(pl.col("prefecture_code") == prefecture_code)
    visible = _in_scope(audience.detail_scope())
    frame = frame.with_columns(
        pl.when(visible).then(pl.col(name)).otherwise(None).alias(name)
        for name in DETAIL_COLUMNS["mart_submissions"] if name in frame.columns)
    return frame.sort("received_at", "submission_id", descending=True)


@_memoized
def validation_issues(snap: Snapshot, audience: Audience) -> pl.DataFrame:
    """The errors and warnings this audience may see (its own prefecture's, or all for the ministry),
    newest submission first, in the order of the validation report."""
    issues = snap.detailed_table("mart_validation_issues")
    if issues.is_empty():
        return issues
    issues = issues.filter(_in_scope(audience.detail_scope()))
    return issues.sort(["received_at_jst", "submission_id", "issue_no"], descending=[True, True, False])


@_memoized
def domain_labels(snap: Snapshot, lang: str) -> dict[str, str]:
    """domain code → label, in the seed's order."""
    frame = snap.table("domains")
    if frame.is_empty():
        return {}
    return dict(frame.sort("sort_order").select("code", "label_en" if lang == "en" else "label_ja").rows())


@_memoized
def actor_types(snap: Snapshot) -> pl.DataFrame:
    """The 11 actor types (code, label_ja, label_en, is_traditional), traditional care providers first, then
    the seed's order: the stacking order of the composition chart, so the traditional share sits on the axis."""
    frame = snap.table("actor_types")
    if frame.is_empty():
        return pl.DataFrame(schema={"code": pl.String, "label_ja": pl.String, "label_en": pl.String,
                                    "is_traditional": pl.Boolean})
    return frame.sort(pl.col("is_traditional").not_(), "sort_order").select(
        "code", "label_ja", "label_en", "is_traditional")


@_memoized
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


@_memoized
def milestones(snap: Snapshot) -> pl.DataFrame:
    frame = snap.table("national_milestones")
    return frame.sort("milestone_no") if "milestone_no" in frame.columns else frame


@_memoized
def schedule(snap: Snapshot) -> pl.DataFrame:
    return snap.table("rollout_schedule").sort("fiscal_year", "quarter")


@_memoized
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


@_memoized
def stage_projection(snap: Snapshot, prefecture_code: str | None = None) -> pl.DataFrame:
    """mart_prefecture_stage_projection (one prefecture, or all 47), stages in order."""
    frame = snap.table("mart_prefecture_stage_projection")
    if frame.is_empty() or prefecture_code is None:
        return frame.sort("prefecture_code", "stage") if not frame.is_empty() else frame
    return frame.filter(pl.col("prefecture_code") == prefecture_code).sort("stage")


@_memoized
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


@_memoized
def municipality_directory(snap: Snapshot) -> pl.DataFrame:
    """Every municipality of the master: code, name, kana, prefecture (code and names), kind label; by code."""
    return snap.table("dim_municipality").select(
        "municipality_code", "municipality_name", "municipality_kana", "prefecture_code", "prefecture_name",
        "prefecture_name_en", "kind_label_ja", "kind_label_en").sort("municipality_code")


@_memoized
def municipality_names(snap: Snapshot) -> tuple[tuple[str, str], ...]:
    """(code, name) of every municipality of the master."""
    frame = snap.table("dim_municipality")
    if frame.is_empty():
        return ()
    return tuple(frame.select("municipality_code", "municipality_name").rows())
