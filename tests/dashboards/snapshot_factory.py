"""A synthetic published snapshot (docs/published.md) for developing and testing the dashboards.

`build_snapshot(data_dir)` is the one entry point: swap it for a snapshot built by the real pipeline
from demo data and the tests stay as they are. Municipality rows are drawn at random; the prefecture
and national marts are aggregated from them with the SPEC §4.3 formulas so the levels agree.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import synthetic_submissions
from synthetic_catalog import MILESTONES, catalog_rows
from synthetic_marts import AGGREGATE_SQL

from pipelines import vocab
from pipelines.config import REPO_ROOT
from pipelines.periods import due_at, period_text

SEEDS = REPO_ROOT / "dbt_project" / "seeds"
PERIODS = [(2025, 1), (2025, 2), (2025, 3), (2025, 4), (2026, 1), (2026, 2)]
TARGET_STAGE = {(2025, 1): 1, (2025, 2): 1, (2025, 3): 2, (2025, 4): 2, (2026, 1): 3, (2026, 2): 3}
POPULATION_65_BY_KIND = {"city": 25_000, "special_ward": 55_000, "town": 4_500, "village": 1_300}


def _reference() -> tuple[pl.DataFrame, pl.DataFrame]:
    prefectures = pl.read_csv(SEEDS / "prefectures.csv", infer_schema=False)
    municipalities = pl.read_csv(SEEDS / "municipalities.csv", infer_schema=False).with_columns(
        pl.col("designated_city_wards").cast(pl.Int64)
    )
    totals = municipalities.group_by("prefecture_code").agg(pl.len().cast(pl.Int64).alias("municipalities_total"))
    dim_prefecture = prefectures.join(totals, on="prefecture_code").select(
        "prefecture_code", "prefecture_name", "prefecture_name_en", "region_name", "region_name_en",
        "municipalities_total",
    ).sort("prefecture_code")
    dim_municipality = municipalities.select(
        "municipality_code", "prefecture_code", "municipality_name", "kind", "designated_city_wards"
    )
    return dim_prefecture, dim_municipality


def _municipal_raw(rng: np.random.Generator, munis: pl.DataFrame, reported: set) -> pl.DataFrame:
    """One row of raw municipal_report + roster + survey figures per municipality and reported period."""
    base_pop = np.array([POPULATION_65_BY_KIND[k] for k in munis["kind"]], dtype=float)
    wards = munis["designated_city_wards"].fill_null(0).to_numpy()
    base_pop = np.where(wards > 0, 80_000.0 * wards, base_pop) * rng.lognormal(0, 0.5, len(munis))
    frames = []
    for index, (fy, q) in enumerate(PERIODS):
        keep = np.array([(p, fy, q) in reported for p in munis["prefecture_code"]]) & (
            rng.random(len(munis)) > 0.03)
        n = len(munis)
        pop = np.maximum(base_pop * (1 + 0.004 * index), 50).astype(np.int64)
        areas = np.maximum(1, np.where(wards > 0, wards * 3, pop // 9000)).astype(np.int64)
        growth = 0.55 + 0.08 * index
        engagements = rng.poisson(np.maximum(3, pop / 1500) * growth)
        respondents = rng.poisson(np.minimum(pop * 0.05, 800))
        types = np.minimum(11, 1 + rng.poisson(1.5 + 0.5 * index + np.log1p(pop / 20_000), n))
        frames.append(pl.DataFrame({
            "municipality_code": munis["municipality_code"], "prefecture_code": munis["prefecture_code"],
            "fiscal_year": fy, "quarter": q, "population_65plus": pop, "daily_living_areas": areas,
            "sc_layer1": rng.random(n) < 0.934,
            "sc_layer2_areas_covered": rng.binomial(areas, 0.78 + 0.02 * index),
            "council_layer1": rng.random(n) < 0.89,
            "council_layer2_areas": rng.binomial(areas, 0.6 + 0.02 * index),
            "partnership_program": rng.random(n) < 0.2 + 0.05 * index,
            "town_meetings": rng.poisson(pop / 8000 + 0.3),
            "participants_residents": rng.poisson(pop / 300 + 5),
            "participants_orgs": rng.poisson(pop / 2500 * growth + 1),
            "projects_started": rng.poisson(pop / 30_000 * growth + 0.1),
            "pilots_running": rng.poisson(pop / 20_000 * growth + 0.1),
            "kayoi_participants": rng.binomial(pop, 0.045 + 0.004 * index),
            "program_spend_kyen": (2_500 * np.maximum(wards, 1) + 1_000 * areas) * rng.uniform(0.6, 1.2, n),
            "engagements": engagements, "actors": np.maximum(engagements * 0.7, 1).astype(np.int64),
            "actor_types_present": types,
            "actor_type_diversity": np.where(types > 1, np.log(types) / np.log(11) * rng.uniform(0.75, 1, n), 0.0),
            "non_traditional_share": np.clip(rng.normal(0.45 + 0.04 * index, 0.12, n), 0, 1),
            "domains_covered": np.minimum(23, 2 + rng.poisson(4 + index + np.log1p(pop / 5000), n)),
            "service_a_engagements": rng.binomial(engagements, 0.3),
            "survey_respondents": respondents,
            "survey_participants": rng.binomial(respondents, 0.35),
            "survey_satisfaction_mean": rng.normal(3.4, 0.3, n),
        }).filter(pl.Series(keep)))
    return pl.concat(frames).with_columns(pl.col("program_spend_kyen").cast(pl.Int64))


def _schedule() -> pl.DataFrame:
    return pl.DataFrame(
        [{"period": period_text(fy, q), "fiscal_year": fy, "quarter": q, "target_stage": TARGET_STAGE[(fy, q)]}
         for fy, q in PERIODS]
    )


def _refresh_status(state: str) -> dict:
    failed = state == "failed"
    return {
        "state": state,
        "last_attempt_started_at": "2026-11-28T02:00:00+09:00",
        "last_success_at": "2026-11-27T02:00:41+09:00" if failed else "2026-11-28T02:00:41+09:00",
        "last_failure_at": "2026-11-28T02:00:19+09:00" if failed else None,
        "last_failure_reason": "dbt test not_null_mart_prefecture_quarter_period failed" if failed else None,
        "latest_submission_received_at": "2026-11-27T16:12:03+09:00",
        "published_snapshot_at": "2026-11-27T02:00:41+09:00" if failed else "2026-11-28T02:00:41+09:00",
    }


def _normalize_types(con: duckdb.DuckDBPyConnection) -> None:
    """SPEC types: fiscal_year/quarter INTEGER, counts BIGINT (DuckDB sums give HUGEINT)."""
    columns = con.sql("SELECT table_name, column_name, data_type FROM information_schema.columns").fetchall()
    for table, column, data_type in columns:
        wanted = "INTEGER" if column in ("fiscal_year", "quarter", "issue_no", "row_number") else (
            "BIGINT" if data_type == "HUGEINT" else None)
        if wanted and wanted != data_type:
            con.execute(f'ALTER TABLE {table} ALTER COLUMN "{column}" TYPE {wanted}')


def build_snapshot(data_dir: Path, *, seed: int = 7, refresh_state: str = "succeeded") -> Path:
    """Write $data_dir/published/kyoso.duckdb and refresh_status.json; return the snapshot path."""
    rng = np.random.default_rng(seed)
    dim_prefecture, dim_municipality = _reference()
    periods = [(fy, q, period_text(fy, q), due_at(fy, q)) for fy, q in PERIODS]
    submissions, issues, accepted = synthetic_submissions.build(rng, dim_prefecture, periods)
    reported = {(p, fy, q) for p, form, fy, q in accepted if form == "municipal_report"}
    platform = synthetic_submissions.platform_reports(rng, dim_prefecture, PERIODS, accepted)
    tables = {
        "dim_prefecture": dim_prefecture, "dim_municipality": dim_municipality,
        "rollout_schedule": _schedule(), "indicator_catalog": pl.DataFrame(catalog_rows()),
        "national_milestones": pl.DataFrame(
            [{"date": d, "period": p, "label_ja": ja, "label_en": en} for d, p, ja, en in MILESTONES]),
        "mart_submissions": submissions, "mart_validation_issues": issues,
        "raw_municipal": _municipal_raw(rng, dim_municipality, reported), "raw_platform": platform,
        "raw_domains": synthetic_submissions.domain_rows(rng, dim_prefecture, PERIODS, accepted),
        "raw_accepted": pl.DataFrame(sorted(accepted), schema=["prefecture_code", "form", "fiscal_year", "quarter"],
                                     orient="row"),
    }
    for name, rows in (("actor_types", vocab.ACTOR_TYPES), ("domains", vocab.DOMAINS),
                       ("service_categories", vocab.SERVICE_CATEGORIES), ("model_types", vocab.MODEL_TYPES),
                       ("stages", vocab.STAGES), ("age_bands", vocab.AGE_BANDS)):
        tables[name] = pl.DataFrame(rows, schema=["code", "label_ja", "label_en"], orient="row")
    published = data_dir / "published"
    published.mkdir(parents=True, exist_ok=True)
    target = published / "kyoso.duckdb"
    scratch = published / "kyoso.duckdb.building"
    scratch.unlink(missing_ok=True)
    with duckdb.connect(str(scratch)) as con:
        for name, frame in tables.items():
            con.register("frame", frame.to_arrow())
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM frame")
            con.unregister("frame")
        con.execute(AGGREGATE_SQL)
        _normalize_types(con)
    scratch.replace(target)
    (published / "refresh_status.json").write_text(json.dumps(_refresh_status(refresh_state)), encoding="utf-8")
    return target
