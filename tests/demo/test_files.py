"""The demo data set's files and manifest: deterministic, honest, readable by intake."""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from pipelines.core.periods import TOKYO, due_at, period_text, quarter_end_month
from pipelines.core.reference import prefectures
from pipelines.demo import generate_demo_data
from pipelines.intake import validate_file
from pipelines.intake.forms import FORMS
from tests.demo.demo_files import PERIODS, file_hashes, manifest_rows, read_cells, scenario_rows

# --- determinism ------------------------------------------------------------------------------------

def test_same_seed_gives_byte_identical_files_and_another_seed_does_not(tmp_path: Path):
    args = {"survey_rows": 1_500, "periods": PERIODS[:2], "engagements_per_municipality": 3}
    generate_demo_data(tmp_path / "a", seed=11, **args)
    generate_demo_data(tmp_path / "b", seed=11, **args)
    generate_demo_data(tmp_path / "c", seed=12, **args)
    a, b, c = (file_hashes(tmp_path / x) for x in "abc")
    assert a == b
    assert any(name.endswith(".xlsx") for name in a) and any(name.endswith(".csv") for name in a)
    common = set(a) & set(c)
    assert a["manifest.csv"] != c["manifest.csv"]
    assert sum(a[name] != c[name] for name in common) > 0.9 * len(common)


# --- manifest ---------------------------------------------------------------------------------------

def test_manifest_is_consistent_and_in_submission_order(demo: Path):
    rows = manifest_rows(demo)
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
    rows = manifest_rows(demo)
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
    rows = manifest_rows(demo)
    rejected = [r for r in rows if r["expected_status"] == "rejected"]
    notes = " ".join(r["note"] for r in rejected)
    for needle in ("wrong check digit", "municipality of another prefecture", "negative count",
                   "sc_layer2_areas_covered > daily_living_areas", "mixed periods", "corporate-number",
                   "duplicate respondent ID", "missing column"):
        assert needle in notes
    never = {(s["prefecture_code"], s["form"], s["fiscal_year"], s["quarter"])
             for s in scenario_rows(demo) if s["kind"] == "never_corrected"}
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
    for r in manifest_rows(demo):
        path = demo / r["file"]
        form = FORMS[r["form"]]
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as archive:
                workbook = archive.read("xl/workbook.xml").decode("utf-8")
                assert f'name="{form.title_ja}"' in workbook
                assert 'dcterms:created xsi:type="dcterms:W3CDTF">20' in archive.read("docProps/core.xml").decode()
        columns = read_cells(path).columns
        expected = [c.header_ja for c in form.columns]
        if "missing column" in r["note"]:
            assert set(columns) < set(expected) | {"備考"}
        else:
            assert [c for c in columns if c != "備考"] == expected


def test_cp932_csvs_are_really_cp932(demo: Path):
    cp932 = 0
    for r in manifest_rows(demo):
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


# --- against the real validator ---------------------------------------------------------------------

def test_intake_agrees_with_the_expected_status_of_every_file(demo: Path):
    disagreements = []
    for r in manifest_rows(demo):
        result = validate_file(demo / r["file"], r["prefecture_code"], r["form"])
        expected = r["expected_status"] == "accepted"
        if result.accepted != expected:
            disagreements.append((r["file"], r["note"], [(i.rule, i.row, i.value) for i in result.errors][:3]))
        elif expected:
            assert (result.fiscal_year, result.quarter) == (int(r["fiscal_year"]), int(r["quarter"])), r["file"]
    assert not disagreements
