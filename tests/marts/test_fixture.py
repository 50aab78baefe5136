"""The hand-made warehouse obeys docs/raw-sources.md (so a mart mismatch is never a fixture bug)."""

from __future__ import annotations

import unicodedata
from datetime import UTC

import polars as pl
import pytest

from pipelines.core.periods import due_at
from pipelines.intake.forms import NORMALIZED_SCHEMAS

from . import fixture
from .oracle import spec

POLARS_TO_DUCKDB = {pl.String: "VARCHAR", pl.Int32: "INTEGER", pl.Int64: "BIGINT", pl.Boolean: "BOOLEAN",
                    pl.List(pl.String): "VARCHAR[]"}
FORMS = ("municipal_report", "actor_roster", "platform_status", "survey_responses")


@pytest.fixture(params=["raw_tables", "raw_tables_ext"])
def any_raw(request):
    """The base and the extended fixture warehouse, read back."""
    return request.getfixturevalue(request.param)


def test_form_tables_have_the_normalized_schema():
    for form in FORMS:
        schema = NORMALIZED_SCHEMAS[form]
        wanted = [("submission_id", "VARCHAR")] + [(c, POLARS_TO_DUCKDB[t]) for c, t in schema.items()]
        assert fixture.DDL[form] == wanted, form


def test_form_rows_come_only_from_effective_submissions(any_raw):
    subs = {s["submission_id"]: s for s in any_raw["submissions"]}
    for form in FORMS:
        counts: dict[str, int] = {}
        for row in any_raw[form]:
            sub = subs[row["submission_id"]]
            assert sub["status"] == "accepted" and sub["is_effective"] and sub["form"] == form
            assert (sub["prefecture_code"], sub["fiscal_year"], sub["quarter"], sub["period"]) == (
                row["prefecture_code"], row["fiscal_year"], row["quarter"], row["period"])
            counts[row["submission_id"]] = counts.get(row["submission_id"], 0) + 1
        for sid, n in counts.items():
            assert subs[sid]["rows"] == n
    effective = [(s["prefecture_code"], s["form"], s["period"]) for s in any_raw["submissions"]
                 if s["status"] == "accepted"]
    assert len(effective) == len(set(effective)), "one effective submission per prefecture, form, period"
    assert all(any(r["submission_id"] == s["submission_id"] for f in FORMS for r in any_raw[f])
               for s in any_raw["submissions"] if s["status"] == "accepted")


def test_due_at_is_the_spec_instant(any_raw):
    for s in any_raw["submissions"]:
        if s["fiscal_year"] is None:
            assert s["due_at"] is None
            continue
        utc = due_at(s["fiscal_year"], s["quarter"]).astimezone(UTC).replace(tzinfo=None)
        assert s["due_at"] == utc == spec.due_utc(s["fiscal_year"], s["quarter"])


def test_actor_name_normalized_and_codes(any_raw):
    from pipelines.core.reference import municipalities

    master = municipalities()
    for row in any_raw["actor_roster"]:
        assert row["actor_name_normalized"] == "".join(unicodedata.normalize("NFKC", row["actor_name"]).split())
    for form in ("municipal_report", "actor_roster", "survey_responses"):
        for row in any_raw[form]:
            assert master[row["municipality_code"]].prefecture_code == row["prefecture_code"]
    names = {r["actor_name_normalized"] for r in any_raw["actor_roster"]}
    assert "NPO法人みなと見守り" in names and "npo法人とっとり" in names


def test_survey_ids_unique_within_municipality_and_period(any_raw):
    keys = [(r["municipality_code"], r["period"], r["respondent_id"]) for r in any_raw["survey_responses"]]
    assert len(keys) == len(set(keys))
