"""Peer classes, peer median and rank among peers (the municipality profile), with values computed by hand."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from published_fixture import CHIYODA, HAKODATE, SAPPORO, build_warehouse, publish

from dashboards import data, peers
from dashboards.catalog import catalog_of
from dashboards.links import with_profile_links
from dashboards.state import AppState
from dashboards.views.municipality import comparison_frame, trend_frame

LT_5K, C5_20, C20_50, C50_100, GE_100K = (code for code, _, _ in peers.PEER_CLASSES)


@pytest.mark.parametrize(("population", "expected"), [
    (0, LT_5K), (4_999, LT_5K), (5_000, C5_20), (19_999, C5_20), (20_000, C20_50), (49_999, C20_50),
    (50_000, C50_100), (99_999, C50_100), (100_000, GE_100K), (2_500_000, GE_100K), (None, None)])
def test_peer_class_bounds(population, expected):
    assert peers.peer_class(population) == expected
    frame = pl.DataFrame({"population_65plus": [population]}, schema={"population_65plus": pl.Int64})
    assert frame.select(peers.peer_class_expr())["peer_class"].to_list() == [expected]


def test_peer_classes_are_the_catalog_rows():
    import csv

    from pipelines.core.config import DBT_PROJECT_DIR
    with open(DBT_PROJECT_DIR / "seeds" / "indicator_catalog.csv", encoding="utf-8") as handle:
        formulas = {row["code"]: row["formula"] for row in csv.DictReader(handle)}
    assert [formulas[code] for code, _, _ in peers.PEER_CLASSES] == [
        "population_65plus < 5000", "5000 <= population_65plus < 20000", "20000 <= population_65plus < 50000",
        "50000 <= population_65plus < 100000", "population_65plus >= 100000"]


# A..E: one period. Class 20k–50k holds A, B, C, D; E is alone in 50k–100k; F has no report (no class).
FRAME = pl.DataFrame({
    "municipality_code": ["A", "B", "C", "D", "E", "F"],
    "population_65plus": [30_000, 25_000, 45_000, 21_000, 60_000, None],
    "kayoi_participation_rate": [0.10, 0.05, 0.10, None, 0.02, 0.07],  # higher is better
    "waiting_days": [4, 2, 8, 6, 1, 3],  # lower is better
})
DIRECTIONS = {"kayoi_participation_rate": "higher_is_better", "waiting_days": "lower_is_better",
              "population_65plus": "neutral"}


def test_median_and_rank_within_the_class():
    stats = {r["municipality_code"]: r for r in peers.peer_statistics(FRAME, DIRECTIONS).to_dicts()}
    assert sorted(stats) == ["A", "B", "C", "D", "E"]  # F: no population aged 65+, no class
    assert {code: stats[code]["peer_class"] for code in stats} == {
        "A": C20_50, "B": C20_50, "C": C20_50, "D": C20_50, "E": C50_100}
    # kayoi in 20k–50k: 0.05, 0.10, 0.10 (D has none) → median 0.10; A and C share rank 1, B is 3rd; D unranked
    assert [stats[c]["kayoi_participation_rate__median"] for c in "ABCD"] == [pytest.approx(0.10)] * 4
    assert [stats[c]["kayoi_participation_rate__peers"] for c in "ABCD"] == [3, 3, 3, 3]
    assert [stats[c]["kayoi_participation_rate__rank"] for c in "ABCD"] == [1, 3, 1, None]
    # waiting days 2, 4, 6, 8 (lower is better) → median 5; B 1st, A 2nd, D 3rd, C 4th
    assert stats["A"]["waiting_days__median"] == pytest.approx(5.0)
    assert [stats[c]["waiting_days__rank"] for c in "ABCD"] == [2, 1, 4, 3]
    # no direction of good: a median (21,000 25,000 30,000 45,000 → 27,500), no rank
    assert stats["A"]["population_65plus__median"] == pytest.approx(27_500)
    assert stats["A"]["population_65plus__rank"] is None
    # alone in its class: first of one
    assert (stats["E"]["kayoi_participation_rate__rank"], stats["E"]["kayoi_participation_rate__peers"]) == (1, 1)


def test_profile_links_keep_period_and_language():
    state = AppState(page="prefecture", pref="31", period="FY2025Q2", lang="en")
    linked = with_profile_links(pl.DataFrame({"municipality_code": ["312029"]}), state)
    assert linked["profile_link"].to_list() == [
        "?page=municipality&pref=31&period=FY2025Q2&indicator=kayoi_participation_rate&lang=en&muni=312029"]


@pytest.fixture(scope="module")
def snapshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("peers_snapshot")
    warehouse = build_warehouse(work)
    publish(warehouse, work / "data")
    return work / "data"


def test_profile_frames_on_a_published_snapshot(snapshot_dir, monkeypatch):
    """published_fixture FY2025Q1: 65+ population = 10,000 × scale (札幌 10, 函館 3, 千代田 4, 中央 5) and
    kayoi participants = 600 × scale + 50 × quarter."""
    monkeypatch.setenv("KYOSO_DATA_DIR", str(snapshot_dir))
    snap = data.snapshot()
    chiyoda = peers.statistics_row(snap, CHIYODA, "FY2025Q1")
    assert chiyoda["population_65plus"] == 40_000 and chiyoda["peer_class"] == C20_50
    assert sorted(peers.peers_of(snap, CHIYODA, "FY2025Q1")["municipality_code"]) == [HAKODATE, CHIYODA]
    chiyoda_rate, hakodate_rate = 2_450 / 40_000, 1_850 / 30_000
    assert chiyoda["kayoi_participation_rate__median"] == pytest.approx((chiyoda_rate + hakodate_rate) / 2)
    assert chiyoda["kayoi_participation_rate__rank"] == 2  # 函館 6.17 % > 千代田 6.13 %
    assert peers.statistics_row(snap, SAPPORO, "FY2025Q1")["peer_class"] == GE_100K
    rows = {r["code"]: r for r in comparison_frame(snap, catalog_of(snap), CHIYODA, "13", "FY2025Q1", "ja")
            .to_dicts()}
    kayoi = rows["kayoi_participation_rate"]
    assert kayoi["value"] == pytest.approx(chiyoda_rate)
    # 東京都 = 千代田 + 中央: (2,450 + 3,050) / (40,000 + 50,000)
    assert kayoi["prefecture"] == pytest.approx(5_500 / 90_000)
    assert (kayoi["rank"], kayoi["peers"], kayoi["rank_text"]) == (2, 2, "2団体中2位")
    assert kayoi["peer_median_text"] == "6.1%"
    trend = trend_frame(snap, HAKODATE, "01", "kayoi_participation_rate").to_dicts()
    assert [r["period"] for r in trend] == ["FY2025Q1", "FY2025Q2"]
    # 函館 FY2025Q2: 1,900 / 30,000, alone in its class that quarter (千代田 has no Q2 report)
    assert trend[1]["municipality"] == pytest.approx(1_900 / 30_000)
    assert trend[1]["peer_median"] == pytest.approx(1_900 / 30_000) and trend[1]["peers"] == 1
