"""The synthetic national data set (`pipelines.demo`): complete, realistic, deterministic, honest manifest."""

from __future__ import annotations

import csv
import hashlib
import re
import zipfile
from collections import defaultdict
from datetime import datetime
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from pipelines.demo import generate_demo_data
from pipelines.demo.platform import platform_tracks
from pipelines.demo.world import build_world
from pipelines.intake import validate_file
from pipelines.intake.codes import corporate_number_is_valid as corporate_number_valid
from pipelines.intake.codes import municipality_check_digit
from pipelines.intake.forms import FORMS
from pipelines.periods import TOKYO, due_at, period_text, quarter_end_month
from pipelines.reference import municipalities, prefectures

SURVEY_ROWS = 4_000
PERIODS = [(2025, 1), (2025, 2), (2025, 3), (2025, 4), (2026, 1), (2026, 2)]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    manifest = generate_demo_data(out, seed=7, survey_rows=SURVEY_ROWS, engagements_per_municipality=6)
    assert manifest == out / "manifest.csv"
    return out


def _manifest(root: Path) -> list[dict[str, str]]:
    with open(root / "manifest.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _scenario(root: Path) -> list[dict[str, str]]:
    with open(root / "scenario.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _effective(rows: list[dict[str, str]]) -> dict[tuple[str, str, str, str], dict[str, str]]:
    """Latest accepted manifest row per (prefecture, form, fiscal_year, quarter)."""
    out = {}
    for row in rows:  # the manifest is in received order
        if row["expected_status"] == "accepted":
            out[(row["prefecture_code"], row["form"], row["fiscal_year"], row["quarter"])] = row
    return out


def _read(path: Path) -> pl.DataFrame:
    """Every cell as text, whatever the container (test-side reader, independent of intake)."""
    if path.suffix == ".xlsx":
        frame = pl.read_excel(path, infer_schema_length=0)
        return frame.select(pl.all().cast(pl.String))
    if path.suffix == ".parquet":
        return pl.read_parquet(path)
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig") if raw.startswith(b"\xef\xbb\xbf") else _decode(raw)
    return pl.read_csv(text.encode("utf-8"), infer_schema=False)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp932")


def _code(value: str, prefecture: str) -> str:
    """Municipality code as SPEC §3.1 reads it (6 digits, 5 digits, Excel-dropped leading zero)."""
    value = value.strip().removesuffix(".0")
    if len(value) == 6:
        return value
    value = value.zfill(5)
    padded = value.zfill(6)
    if padded in municipalities() and padded.startswith(prefecture):
        return padded
    return value + municipality_check_digit(value)


def _hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


# --- determinism ------------------------------------------------------------------------------------

def test_same_seed_gives_byte_identical_files_and_another_seed_does_not(tmp_path: Path):
    args = {"survey_rows": 1_500, "periods": PERIODS[:2], "engagements_per_municipality": 3}
    generate_demo_data(tmp_path / "a", seed=11, **args)
    generate_demo_data(tmp_path / "b", seed=11, **args)
    generate_demo_data(tmp_path / "c", seed=12, **args)
    a, b, c = (_hashes(tmp_path / x) for x in "abc")
    assert a == b
    assert any(name.endswith(".xlsx") for name in a) and any(name.endswith(".csv") for name in a)
    common = set(a) & set(c)
    assert a["manifest.csv"] != c["manifest.csv"]
    assert sum(a[name] != c[name] for name in common) > 0.9 * len(common)


# --- manifest ---------------------------------------------------------------------------------------

def test_manifest_is_consistent_and_in_submission_order(demo: Path):
    rows = _manifest(demo)
    assert list(rows[0]) == ["file", "prefecture_code", "form", "fiscal_year", "quarter", "received_at", "user",
                             "expected_status", "note"]
    times = [datetime.fromisoformat(r["received_at"]) for r in rows]
    assert times == sorted(times)
    assert all(r["received_at"].endswith("+09:00") for r in rows)
    assert {r["expected_status"] for r in rows} == {"accepted", "rejected"}
    assert {r["form"] for r in rows} == set(FORMS)
    assert {r["prefecture_code"] for r in rows} == set(prefectures())
    for r in rows:
        period = period_text(int(r["fiscal_year"]), int(r["quarter"]))
        assert re.fullmatch(rf"{r['prefecture_code']}/{period}/{r['form']}(_v2)?\.(xlsx|csv|parquet)", r["file"])
        assert (demo / r["file"]).is_file()
        assert r["user"]
        if r["expected_status"] == "rejected":
            assert r["note"].startswith("rejected: ")
    # nothing arrives before the quarter is over
    for r, at in zip(rows, times, strict=True):
        year, month = quarter_end_month(int(r["fiscal_year"]), int(r["quarter"]))
        assert at > datetime(year, month, 28, tzinfo=TOKYO)


def test_late_notes_match_the_deadline_rule(demo: Path):
    rows = _manifest(demo)
    first_accepted: dict[tuple, dict] = {}
    for r in rows:
        if r["expected_status"] == "accepted":
            first_accepted.setdefault((r["prefecture_code"], r["form"], r["fiscal_year"], r["quarter"]), r)
    late = 0
    for (_, _, fy, q), r in first_accepted.items():
        is_late = datetime.fromisoformat(r["received_at"]) > due_at(int(fy), int(q))
        late += is_late
        assert r["note"].startswith("late") == is_late, r
    assert 0.05 < late / len(first_accepted) < 0.2
    notes = " ".join(r["note"] for r in rows)
    assert "received exactly at the deadline" in notes and "1 second after the deadline" in notes


def test_rejections_are_real_errors_and_mostly_corrected(demo: Path):
    rows = _manifest(demo)
    rejected = [r for r in rows if r["expected_status"] == "rejected"]
    notes = " ".join(r["note"] for r in rejected)
    for needle in ("wrong check digit", "municipality of another prefecture", "negative count",
                   "sc_layer2_areas_covered > daily_living_areas", "mixed periods", "corporate-number",
                   "duplicate respondent ID", "missing column"):
        assert needle in notes
    never = {(s["prefecture_code"], s["form"], s["fiscal_year"], s["quarter"])
             for s in _scenario(demo) if s["kind"] == "never_corrected"}
    for r in rejected:
        key = (r["prefecture_code"], r["form"], r["fiscal_year"], r["quarter"])
        later = [x for x in rows if (x["prefecture_code"], x["form"], x["fiscal_year"], x["quarter"]) == key
                 and x["expected_status"] == "accepted" and x["received_at"] > r["received_at"]]
        assert bool(later) != (key in never), r
        if later:
            assert later[0]["file"].split(".")[0].endswith("_v2")
    assert any("resubmission (" in r["note"] for r in rows)
    assert any("duplicate upload" in r["note"] for r in rows)


def test_every_file_has_the_japanese_header_and_sheet_name(demo: Path):
    for r in _manifest(demo):
        path = demo / r["file"]
        form = FORMS[r["form"]]
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                workbook = archive.read("xl/workbook.xml").decode("utf-8")
                assert f'name="{form.title_ja}"' in workbook
                assert 'dcterms:created xsi:type="dcterms:W3CDTF">20' in archive.read("docProps/core.xml").decode()
        columns = _read(path).columns
        expected = [c.header_ja for c in form.columns]
        if "missing column" in r["note"]:
            assert set(columns) < set(expected) | {"備考"}
        else:
            assert [c for c in columns if c != "備考"] == expected


def test_cp932_csvs_are_really_cp932(demo: Path):
    cp932 = 0
    for r in _manifest(demo):
        path = demo / r["file"]
        if path.suffix != ".csv" or r["form"] == "survey_responses":
            continue
        raw = path.read_bytes()
        if raw.startswith(b"\xef\xbb\xbf"):
            raw.decode("utf-8")  # the Excel "CSV UTF-8" flavour
            continue
        with pytest.raises(UnicodeDecodeError):
            raw.decode("utf-8")
        assert raw.decode("cp932").startswith(FORMS[r["form"]].columns[0].header_ja)
        cp932 += 1
    assert cp932 >= 50


# --- content ----------------------------------------------------------------------------------------

def test_first_period_covers_every_municipality(demo: Path):
    rows = _manifest(demo)
    effective = _effective(rows)
    fy, q = map(str, PERIODS[0])
    seen: set[str] = set()
    for pref in prefectures():
        row = effective.get((pref, "municipal_report", fy, q))
        if row is None:
            continue
        frame = _read(demo / row["file"])
        codes = [_code(v, pref) for v in frame["団体コード"].to_list()]
        assert len(codes) == len(set(codes))
        assert all(municipalities()[c].prefecture_code == pref for c in codes)
        seen.update(codes)
    gaps = set()
    for s in _scenario(demo):
        if (s["fiscal_year"], s["quarter"], s["form"]) == (fy, q, "municipal_report"):
            if s["kind"] == "missing_municipality":
                gaps.add(s["municipality_code"])
            else:
                gaps.update(m.code for m in municipalities().values() if m.prefecture_code == s["prefecture_code"])
    assert len(municipalities()) == 1741
    assert seen | gaps == set(municipalities())
    assert len(seen) >= 1700


def test_deliberate_gaps_are_recorded(demo: Path):
    rows = _manifest(demo)
    effective = _effective(rows)
    scenario = _scenario(demo)
    missing = [s for s in scenario if s["kind"] == "missing_form"]
    assert {s["form"] for s in missing} >= {"municipal_report", "actor_roster", "platform_status"}
    assert 1 <= len({s["prefecture_code"] for s in missing if s["form"] == "platform_status"}) <= 3
    for s in missing:
        assert (s["prefecture_code"], s["form"], s["fiscal_year"], s["quarter"]) not in effective
    for s in scenario:
        if s["kind"] == "missing_municipality":
            row = effective[(s["prefecture_code"], s["form"], s["fiscal_year"], s["quarter"])]
            codes = {_code(v, s["prefecture_code"]) for v in _read(demo / row["file"])["団体コード"].to_list()}
            assert s["municipality_code"] not in codes
    for fy, q in PERIODS:
        for form in ("municipal_report", "actor_roster", "platform_status"):
            have = {p for (p, f, y, qq) in effective if (f, y, qq) == (form, str(fy), str(q))}
            assert len(have) >= 44


def test_survey_rows_sum_to_the_request_with_unique_ids(demo: Path):
    total = 0
    for (_pref, form, _, _), row in _effective(_manifest(demo)).items():
        if form != "survey_responses":
            continue
        frame = _read(demo / row["file"])
        assert frame.schema == pl.Schema({c.header_ja: pl.String for c in FORMS[form].columns})
        total += frame.height
        assert frame.select("団体コード", "回答者ID").is_duplicated().sum() == 0
        assert frame["満足度"].is_in(["1", "2", "3", "4", "5", ""]).all()
    assert total == SURVEY_ROWS


def test_corporate_numbers_are_valid_and_shared_across_municipalities(demo: Path):
    where: dict[str, set[str]] = defaultdict(set)
    blank = incorporated_blank = 0
    for r in _manifest(demo):
        if r["form"] != "actor_roster" or r["expected_status"] != "accepted":
            continue
        frame = _read(demo / r["file"]).with_columns(pl.col("法人番号").fill_null(""))
        for code, number, kind in frame.select("団体コード", "法人番号", "主体種別").iter_rows():
            if number == "":
                blank += 1
                incorporated_blank += kind in ("民間企業", "社会福祉法人")
                continue
            assert corporate_number_valid(number), (r["file"], number)
            where[number].add(_code(code, r["prefecture_code"]))
        domains = frame["活動分野"].str.split("、")
        assert domains.list.len().min() >= 1
    assert corporate_number_valid("7000012050002")
    assert sum(len(m) > 1 for m in where.values()) >= 20  # the same actor in several municipalities
    assert blank > incorporated_blank > 0


def test_actor_roster_grows_and_companies_rise(demo: Path):
    effective = _effective(_manifest(demo))
    sizes, company_share = [], []
    for fy, q in PERIODS:
        frames = [_read(demo / row["file"]) for (p, f, y, qq), row in effective.items()
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


# --- against the real validator ---------------------------------------------------------------------

def test_intake_agrees_with_the_expected_status_of_every_file(demo: Path):
    disagreements = []
    for r in _manifest(demo):
        result = validate_file(demo / r["file"], r["prefecture_code"], r["form"])
        expected = r["expected_status"] == "accepted"
        if result.accepted != expected:
            disagreements.append((r["file"], r["note"], [(i.rule, i.row, i.value) for i in result.errors][:3]))
        elif expected:
            assert (result.fiscal_year, result.quarter) == (int(r["fiscal_year"]), int(r["quarter"])), r["file"]
    assert not disagreements
