"""A municipality against its peers: municipalities of the same population class of 65+ in the same period
(classes as the indicator catalog's peer_class_* rows), the peer median and the municipality's rank. Pure: no Panel.

Peers are every municipality of the class nationwide (the municipality itself included) with a value of the
indicator in that period. The median is the middle value (the mean of the two middle values for an even count);
the rank is 1 for the best value by the indicator's direction of good, ties sharing the best rank (1, 2, 2, 4);
indicators without a direction of good have a median but no rank."""

from __future__ import annotations

import polars as pl

from dashboards import data

# (catalog code, lower bound included, upper bound excluded) of the population aged 65+
PEER_CLASSES = (
    ("peer_class_65plus_lt_5k", 0, 5_000),
    ("peer_class_65plus_5k_20k", 5_000, 20_000),
    ("peer_class_65plus_20k_50k", 20_000, 50_000),
    ("peer_class_65plus_50k_100k", 50_000, 100_000),
    ("peer_class_65plus_ge_100k", 100_000, None),
)
RANKED_DIRECTIONS = ("higher_is_better", "lower_is_better")


def peer_class(population_65plus) -> str | None:
    """The peer class of a population aged 65+ (None when unknown)."""
    if population_65plus is None:
        return None
    for code, low, high in PEER_CLASSES:
        if population_65plus >= low and (high is None or population_65plus < high):
            return code
    return None


def peer_class_expr(column: str = "population_65plus") -> pl.Expr:
    """`peer_class` as a Polars expression (NULL when the population is NULL)."""
    expression = pl.lit(None, dtype=pl.String)
    for code, low, high in reversed(PEER_CLASSES):
        inside = pl.col(column) >= low if high is None else (pl.col(column) >= low) & (pl.col(column) < high)
        expression = pl.when(inside).then(pl.lit(code)).otherwise(expression)
    return expression.alias("peer_class")


def rank_expr(column: str, direction: str | None, group: str = "peer_class") -> pl.Expr:
    """Rank within the group, 1 = best by the direction of good, ties sharing the best rank; NULL without a
    value or a direction."""
    if direction not in RANKED_DIRECTIONS:
        return pl.lit(None, dtype=pl.UInt32)
    value = pl.col(column).cast(pl.Float64)
    return value.rank("min", descending=direction == "higher_is_better").over(group)


def peer_statistics(frame: pl.DataFrame, directions: dict[str, str | None]) -> pl.DataFrame:
    """Per municipality row of one period: its `peer_class` and, for each indicator code in `directions`,
    `<code>__median`, `<code>__peers` (peers with a value) and `<code>__rank` among them. Rows without a
    population aged 65+ have no class and no statistics."""
    classed = frame.with_columns(peer_class_expr()).filter(pl.col("peer_class").is_not_null())
    columns = []
    for code, direction in directions.items():
        if code not in frame.columns:
            continue
        value = pl.col(code).cast(pl.Float64)
        columns += [value.median().over("peer_class").alias(f"{code}__median"),
                    value.count().over("peer_class").alias(f"{code}__peers"),
                    rank_expr(code, direction).alias(f"{code}__rank")]
    return classed.with_columns(columns)


def measure_directions(snap: data.Snapshot) -> dict[str, str | None]:
    """Indicator code → direction of good, for the municipality mart's measures (catalog order)."""
    frame = data.catalog(snap)
    direction = dict(frame.select("code", "direction").rows()) if "code" in frame.columns else {}
    return {code: direction.get(code) for code in data.indicators_in(snap, "mart_municipality_quarter",
                                                                      measures_only=True)}


def period_statistics(snap: data.Snapshot, period: str) -> pl.DataFrame:
    """`peer_statistics` of every municipality of one period (computed once per snapshot and period)."""
    def compute(snap: data.Snapshot, period: str) -> pl.DataFrame:
        frame = snap.table("mart_municipality_quarter").filter(pl.col("period") == period)
        return peer_statistics(frame, measure_directions(snap))
    return data.memo_of(snap, compute, period)


def municipality_series(snap: data.Snapshot, municipality_code: str) -> pl.DataFrame:
    """The municipality's mart rows, oldest first."""
    return snap.table("mart_municipality_quarter").filter(
        pl.col("municipality_code") == municipality_code).sort("fiscal_year", "quarter")


def statistics_row(snap: data.Snapshot, municipality_code: str, period: str) -> dict:
    """The municipality's row of `period_statistics` (empty when it has no class or no row that period)."""
    rows = period_statistics(snap, period).filter(pl.col("municipality_code") == municipality_code).to_dicts()
    return rows[0] if rows else {}


def peer_median_series(snap: data.Snapshot, municipality_code: str, code: str) -> pl.DataFrame:
    """period, peer_median, peers: the median of the municipality's peers of each period it has a class in."""
    rows = []
    for period in municipality_series(snap, municipality_code)["period"].to_list():
        row = statistics_row(snap, municipality_code, period)
        if row and f"{code}__median" in row:
            rows.append({"period": period, "peer_median": row[f"{code}__median"], "peers": row[f"{code}__peers"]})
    return pl.DataFrame(rows, schema={"period": pl.String, "peer_median": pl.Float64, "peers": pl.UInt32})


def peers_of(snap: data.Snapshot, municipality_code: str, period: str) -> pl.DataFrame:
    """The municipality's peers in the period (itself included), with their prefecture's name, by code."""
    row = statistics_row(snap, municipality_code, period)
    if not row:
        return pl.DataFrame()
    frame = period_statistics(snap, period).filter(pl.col("peer_class") == row["peer_class"])
    names = data.prefectures(snap).select("prefecture_code", "prefecture_name", "prefecture_name_en")
    return frame.join(names, on="prefecture_code", how="left").sort("municipality_code")
