"""The projected stage timeline's marks and the overview's projected-lateness rows, from hand-made projections."""

from __future__ import annotations

import polars as pl

from dashboards import data
from dashboards.views.lateness import lateness_frame
from dashboards.views.stage_projection import period_number, period_of, projection_marks

SCHEMA = {"prefecture_code": pl.String, "stage": pl.Int64, "scheduled_period": pl.String,
          "reached_period": pl.String, "projected_period": pl.String, "quarters_late": pl.Int64}
# 32: stage 0 at FY2025Q1, 1 at FY2025Q3 (L), pace 2; 33: stage 0 only, median pace 2; 31: on schedule
PROJECTION = pl.DataFrame([
    ("31", 1, "FY2025Q1", "FY2025Q1", None, 0), ("31", 2, "FY2025Q3", "FY2025Q3", None, 0),
    ("31", 3, "FY2026Q1", None, "FY2026Q1", 0), ("31", 4, "FY2026Q3", None, "FY2026Q3", 0),
    ("32", 1, "FY2025Q1", "FY2025Q3", None, 2), ("32", 2, "FY2025Q3", None, "FY2026Q1", 2),
    ("32", 3, "FY2026Q1", None, "FY2026Q3", 2), ("32", 4, "FY2026Q3", None, "FY2027Q1", 2),
    ("33", 1, "FY2025Q1", None, "FY2026Q1", 4), ("33", 2, "FY2025Q3", None, "FY2026Q3", 4),
    ("33", 3, "FY2026Q1", None, "FY2027Q1", 4), ("33", 4, "FY2026Q3", None, "FY2027Q3", 4),
    ("13", 1, "FY2025Q1", None, None, None), ("13", 2, "FY2025Q3", None, None, None),
], schema=SCHEMA, orient="row")
PREFECTURES = pl.DataFrame({"prefecture_code": ["13", "31", "32", "33"],
                            "prefecture_name": ["東京都", "鳥取県", "島根県", "岡山県"],
                            "prefecture_name_en": ["Tokyo", "Tottori", "Shimane", "Okayama"]})


def test_period_arithmetic():
    assert period_of(period_number("FY2025Q4") + 1) == "FY2026Q1"
    assert period_number("FY2027Q1") - period_number("FY2025Q3") == 6


def test_projection_marks_run_on_to_the_last_projected_quarter():
    series = pl.DataFrame({"period": ["FY2025Q1", "FY2025Q2", "FY2025Q3"], "platform_stage": [0, 0, 1]})
    marks = projection_marks(series, PROJECTION.filter(pl.col("prefecture_code") == "32"))
    assert marks["periods"] == ["FY2025Q1", "FY2025Q2", "FY2025Q3", "FY2025Q4", "FY2026Q1", "FY2026Q2",
                                "FY2026Q3", "FY2026Q4", "FY2027Q1"]
    # dashed from the latest period's stage (1 at FY2025Q3) through the stages not yet reached
    assert marks["dashed"] == {"period": ["FY2025Q3", "FY2026Q1", "FY2026Q3", "FY2027Q1"], "stage": [1, 2, 3, 4]}
    assert marks["scheduled"] == {"period": ["FY2025Q1", "FY2025Q3", "FY2026Q1", "FY2026Q3"],
                                  "stage": [1, 2, 3, 4]}


def test_no_stage_no_dashes():
    series = pl.DataFrame({"period": ["FY2025Q1"], "platform_stage": [None]}, schema={"period": pl.String,
                                                                                       "platform_stage": pl.Int64})
    marks = projection_marks(series, PROJECTION.filter(pl.col("prefecture_code") == "13"))
    assert marks["dashed"] == {"period": [], "stage": []}
    assert marks["periods"] == ["FY2025Q1", "FY2025Q2", "FY2025Q3"]  # on to the last scheduled quarter


def test_lateness_rows_worst_first():
    snap = data.Snapshot(key=("test", 0, 0, 0), tables={"mart_prefecture_stage_projection": PROJECTION,
                                                        "dim_prefecture": PREFECTURES})
    rows = lateness_frame(snap, "ja").to_dicts()
    # 31 is on schedule and 13 has no stage: only 33 (4 quarters) then 32 (2), each at its first late stage
    assert [(r["prefecture"], r["quarters_late"]) for r in rows] == [("岡山県", 4), ("島根県", 2)]
    assert rows[0]["stage_label"] == "段階1（検討開始）" and rows[0]["kind"] == "見込み"
    assert rows[0]["scheduled"].startswith("2025年度第1四半期") and rows[0]["expected"].startswith("2026年度第1四半期")
    assert rows[1]["kind"] == "到達" and rows[1]["expected"].startswith("2025年度第3四半期")
    assert lateness_frame(snap, "en").row(0, named=True)["kind"] == "projected"


def test_model_type_table_and_download():
    """The table alternative of the four-model chart: a roster in FY2025Q2 only (FY2025Q1 has none: NULL)."""
    from dashboards.state import AppState
    from dashboards.views.model_types import ModelTypeView

    types = pl.DataFrame({"code": ["1-1", "1-2", "1-3", "2"], "label_ja": ["①-1 市場拡大", "①-2 地域活性化",
                          "①-3 新規事業立ち上げ", "② 専門職介入"], "label_en": ["a", "b", "c", "d"],
                          "sort_order": [1, 2, 3, 4]})
    mart = pl.DataFrame([(period, code, engagements, municipalities)
                         for period, values in (("FY2025Q1", [None] * 4), ("FY2025Q2", [2, 0, 0, 1]))
                         for code, engagements, municipalities in zip(["1-1", "1-2", "1-3", "2"], values, values,
                                                                      strict=True)],
                        schema={"period": pl.String, "model_type": pl.String, "engagements": pl.Int64,
                                "municipalities_with_model": pl.Int64}, orient="row").with_columns(
        pl.lit("31").alias("prefecture_code"), pl.lit(2025).alias("fiscal_year"),
        pl.col("period").str.slice(7, 1).cast(pl.Int64).alias("quarter"))
    snap = data.Snapshot(key=("models", 0, 0, 0), tables={"mart_prefecture_model_type_quarter": mart,
                                                          "model_types": types, "dim_prefecture": PREFECTURES})
    view = ModelTypeView(AppState(pref="31"), snap)
    view.refresh()
    exported = view.table.exported()
    assert view.table.sheet == "鳥取県 サービスAの4つのモデル類型（参画件数）"
    assert exported.columns[:2] == ["期間", "モデル類型"]
    assert exported.height == 8
    q2 = exported.filter(pl.col("期間").str.starts_with("2025年度第2四半期"))
    assert q2["モデル類型"].to_list() == ["①-1 市場拡大", "①-2 地域活性化", "①-3 新規事業立ち上げ", "② 専門職介入"]
    assert q2.select(exported.columns[2], exported.columns[3]).rows() == [(2, 2), (0, 0), (0, 0), (1, 1)]
    assert exported.filter(pl.col("期間").str.starts_with("2025年度第1四半期"))[exported.columns[2]].null_count() == 4
