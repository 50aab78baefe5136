"""The demo data set's content: complete first period, deliberate gaps, realistic growth."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import numpy as np
import polars as pl

from pipelines.core.reference import municipalities, prefectures
from pipelines.demo.platform import platform_tracks
from pipelines.demo.world import build_world
from pipelines.intake.codes import corporate_number_is_valid as corporate_number_valid
from pipelines.intake.forms import FORMS
from tests.demo.demo_files import (
    PERIODS,
    SURVEY_ROWS,
    code_of,
    effective_rows,
    manifest_rows,
    read_cells,
    scenario_rows,
)

# --- content ----------------------------------------------------------------------------------------

def test_first_period_covers_every_municipality(demo: Path):
    rows = manifest_rows(demo)
    effective = effective_rows(rows)
    fy, q = map(str, PERIODS[0])
    seen: set[str] = set()
    for pref in prefectures():
        row = effective.get((pref, "municipal_report", fy, q))
        if row is None:
            continue
        frame = read_cells(demo / row["file"])
        codes = [code_of(v, pref) for v in frame["団体コード"].to_list()]
        assert len(codes) == len(set(codes))
        assert all(municipalities()[c].prefecture_code == pref for c in codes)
        seen.update(codes)
    gaps = set()
    for s in scenario_rows(demo):
        if (s["fiscal_year"], s["quarter"], s["form"]) == (fy, q, "municipal_report"):
            if s["kind"] == "missing_municipality":
                gaps.add(s["municipality_code"])
            else:
                gaps.update(m.code for m in municipalities().values() if m.prefecture_code == s["prefecture_code"])
    assert len(municipalities()) == 1741
    assert seen | gaps == set(municipalities())
    assert len(seen) >= 1700


def test_deliberate_gaps_are_recorded(demo: Path):
    rows = manifest_rows(demo)
    effective = effective_rows(rows)
    scenario = scenario_rows(demo)
    missing = [s for s in scenario if s["kind"] == "missing_form"]
    assert {s["form"] for s in missing} >= {"municipal_report", "actor_roster", "platform_status"}
    assert 1 <= len({s["prefecture_code"] for s in missing if s["form"] == "platform_status"}) <= 3
    for s in missing:
        assert (s["prefecture_code"], s["form"], s["fiscal_year"], s["quarter"]) not in effective
    for s in scenario:
        if s["kind"] == "missing_municipality":
            row = effective[(s["prefecture_code"], s["form"], s["fiscal_year"], s["quarter"])]
            codes = {code_of(v, s["prefecture_code"]) for v in read_cells(demo / row["file"])["団体コード"].to_list()}
            assert s["municipality_code"] not in codes
    for fy, q in PERIODS:
        for form in ("municipal_report", "actor_roster", "platform_status"):
            have = {p for (p, f, y, qq) in effective if (f, y, qq) == (form, str(fy), str(q))}
            assert len(have) >= 44


def test_survey_rows_sum_to_the_request_with_unique_ids(demo: Path):
    total = 0
    for (_pref, form, _, _), row in effective_rows(manifest_rows(demo)).items():
        if form != "survey_responses":
            continue
        frame = read_cells(demo / row["file"])
        assert frame.schema == pl.Schema({c.header_ja: pl.String for c in FORMS[form].columns})
        total += frame.height
        assert frame.select("団体コード", "回答者ID").is_duplicated().sum() == 0
        assert frame["満足度"].is_in(["1", "2", "3", "4", "5", ""]).all()
    assert total == SURVEY_ROWS


def test_corporate_numbers_are_valid_and_shared_across_municipalities(demo: Path):
    where: dict[str, set[str]] = defaultdict(set)
    blank = incorporated_blank = 0
    for r in manifest_rows(demo):
        if r["form"] != "actor_roster" or r["expected_status"] != "accepted":
            continue
        frame = read_cells(demo / r["file"]).with_columns(pl.col("法人番号").fill_null(""))
        for code, number, kind in frame.select("団体コード", "法人番号", "主体種別").iter_rows():
            if number == "":
                blank += 1
                incorporated_blank += kind in ("民間企業", "社会福祉法人")
                continue
            assert corporate_number_valid(number), (r["file"], number)
            where[number].add(code_of(code, r["prefecture_code"]))
        domains = frame["活動分野"].str.split("、")
        assert domains.list.len().min() >= 1
    assert corporate_number_valid("7000012050002")
    assert sum(len(m) > 1 for m in where.values()) >= 20  # the same actor in several municipalities
    assert blank > incorporated_blank > 0


def test_actor_roster_grows_and_companies_rise(demo: Path):
    effective = effective_rows(manifest_rows(demo))
    sizes, company_share = [], []
    for fy, q in PERIODS:
        frames = [read_cells(demo / row["file"]) for (p, f, y, qq), row in effective.items()
                  if (f, y, qq) == ("actor_roster", str(fy), str(q))]
        frame = pl.concat([f.select("主体種別") for f in frames])
        sizes.append(frame.height / len(frames))
        company_share.append(frame["主体種別"].is_in(["民間企業"]).mean())
    assert sizes[-1] > sizes[0] * 1.2
    assert company_share[-1] > company_share[0]


def test_world_matches_the_calibration_facts():
    world = build_world(7, PERIODS)
    report = world.report
    pop = report["population_65plus"]
    assert 34e6 < pop[:, 0].sum() < 38e6
    assert 0.47 < (world.areas == 1).mean() < 0.58
    wards = np.array([m.designated_city_wards or 0 for m in world.munis])
    assert (world.areas[wards > 0] >= wards[wards > 0]).all()
    areas = report["daily_living_areas"]
    assert 0.9 < (report["sc_layer1_count"][:, 0] >= 1).mean() < 0.96
    assert 0.74 < report["sc_layer2_areas_covered"][:, 0].sum() / areas[:, 0].sum() < 0.86
    assert 0.85 < report["council_layer1"][:, 0].mean() < 0.93
    assert 0.6 < report["council_layer2_areas"][:, 0].sum() / areas[:, 0].sum() < 0.75
    assert (report["sc_layer2_areas_covered"] <= areas).all() and (report["council_layer2_areas"] <= areas).all()
    kayoi = report["kayoi_participants"].sum(0) / pop.sum(0)
    assert ((kayoi > 0.05) & (kayoi < 0.065)).all()
    partner = report["partnership_program"].mean(0)
    assert 0.25 < partner[0] < 0.4 and (np.diff(partner) >= 0).all()
    assert report["town_meetings"][:, -1].sum() > report["town_meetings"][:, 0].sum()
    standard = 8000 * world.u[:, None] + 4000 * areas + 4000 * world.u[:, None] * report["partnership_program"]
    ratio = report["program_spend_kyen"].sum() / (standard.sum() / 4)
    assert 0.75 < ratio < 1.1
    kinds = np.array([m.kind for m in world.munis])
    assert np.median(pop[kinds == "village", 0]) < np.median(pop[kinds == "town", 0]) < np.median(
        pop[kinds == "city", 0]) < np.median(pop[wards > 0, 0])


def test_platform_tracks_have_leaders_and_laggards():
    tracks = platform_tracks(7, PERIODS)
    assert len(tracks) == 47
    at_2026q1 = [t.stages[4] for t in tracks.values()]
    assert sum(s == 4 for s in at_2026q1) >= 3
    assert sum(t.stages[-1] <= 1 for t in tracks.values()) >= 3
    assert sum(t.label == "on_track" for t in tracks.values()) > 23
    assert all(list(t.stages) == sorted(t.stages) for t in tracks.values())
