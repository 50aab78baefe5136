"""SPEC §4.5 in the data layer: submission details (file and user names, validation issues and their values)
only for the ministry and the owning prefecture; everyone sees statuses, counts and the aggregate marts."""

from __future__ import annotations

import panel as pn
import polars as pl
import pytest
from app_session import build_session
from published_fixture import build_warehouse, publish

from dashboards import data, submission_status

TOKYO_REJECTED = "X1"  # the fixture's rejected Tokyo file (FY2025Q2): three issues, offending value "x"
HOKKAIDO = ("M1", "M2", "M3", "P01")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory):
    return build_warehouse(tmp_path_factory.mktemp("scope_warehouse"))


@pytest.fixture
def snap(warehouse, tmp_path, monkeypatch):
    data_dir = tmp_path / "data"
    monkeypatch.setenv("KYOSO_DATA_DIR", str(data_dir))
    publish(warehouse, data_dir)
    return data.snapshot()


def _details(frame: pl.DataFrame) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in frame.select("submission_id", "file_name", "user_name", "sha256").rows()}


def test_ministry_sees_every_prefectures_details(snap):
    ministry = data.Audience(data.MINISTRY)
    details = _details(data.submissions(snap, ministry))
    assert details[TOKYO_REJECTED] == ("municipal_report.xlsx", "tester", "X1".rjust(64, "0"))
    assert details["M2"][:2] == ("municipal_report.xlsx", "tester")
    issues = data.validation_issues(snap, ministry)
    assert issues.select("submission_id", "issue_no", "value").rows() == [
        (TOKYO_REJECTED, 1, "x"), (TOKYO_REJECTED, 2, "x"), (TOKYO_REJECTED, 3, "x")]


def test_prefecture_sees_only_its_own_details(snap):
    tokyo, hokkaido = data.Audience(data.PREFECTURE, "13"), data.Audience(data.PREFECTURE, "01")
    seen_by_tokyo = _details(data.submissions(snap, tokyo))
    assert seen_by_tokyo[TOKYO_REJECTED][:2] == ("municipal_report.xlsx", "tester")
    assert all(seen_by_tokyo[s] == (None, None, None) for s in HOKKAIDO)
    assert data.validation_issues(snap, tokyo)["submission_id"].to_list() == [TOKYO_REJECTED] * 3
    seen_by_hokkaido = _details(data.submissions(snap, hokkaido))
    assert seen_by_hokkaido[TOKYO_REJECTED] == (None, None, None)
    assert seen_by_hokkaido["M1"][:2] == ("municipal_report.xlsx", "tester")
    assert data.validation_issues(snap, hokkaido).is_empty()


def test_guests_see_statuses_and_counts_but_no_details(snap):
    register = data.submissions(snap, data.GUEST_AUDIENCE)
    assert register.height == 10  # every submission of the fixture is listed …
    assert register.select("file_name", "user_name", "sha256").null_count().row(0) == (10, 10, 10)  # … anonymously
    rejected = register.filter(pl.col("submission_id") == TOKYO_REJECTED).to_dicts()[0]
    assert (rejected["status"], rejected["error_count"], rejected["warning_count"]) == ("rejected", 2, 1)
    assert data.validation_issues(snap, data.GUEST_AUDIENCE).is_empty()
    # an account of a prefecture with no code behaves like a guest, never like the ministry
    assert data.validation_issues(snap, data.Audience(data.PREFECTURE, None)).is_empty()


def test_the_snapshot_never_hands_out_details_without_an_audience(snap):
    assert not {"file_name", "user_name", "sha256"} & set(snap.table("mart_submissions").columns)
    with pytest.raises(PermissionError):
        snap.table("mart_validation_issues")
    # the aggregate submission matrix still works from the detail-free register
    matrix = submission_status.matrix(snap, "municipal_report")
    row = matrix.filter((pl.col("prefecture_code") == "13") & (pl.col("period") == "FY2025Q2"))
    assert row["status"].to_list() == ["rejected"]


def _issue_rows(audience: data.Audience, lang: str = "ja", columns=("submission_id", "period", "severity_label")
                ) -> list[tuple]:
    """The rows of the submissions page's issue list in a session of this audience (its parts made at once)."""
    _, shell = build_session("submissions", audience=audience, lang=lang)
    grids = [grid for grid in pn.panel(shell).select(pn.widgets.Tabulator) if "issues-table" in grid.css_classes]
    if not grids:
        return []
    return [tuple(row) for row in grids[0].value[list(columns)].itertuples(index=False)]


def test_the_issue_list_shared_by_sessions_stays_per_audience(snap):
    """The labelled issues are computed once and shared by the sessions: the ministry's list must not be what a
    prefecture session opened after it gets, nor the Japanese one what an English session gets."""
    tokyo_q2 = "2025年度第2四半期（7〜9月）"
    assert sorted(_issue_rows(data.Audience(data.MINISTRY))) == [
        (TOKYO_REJECTED, tokyo_q2, "! 警告"), (TOKYO_REJECTED, tokyo_q2, "✗ エラー"),
        (TOKYO_REJECTED, tokyo_q2, "✗ エラー")]
    assert _issue_rows(data.Audience(data.PREFECTURE, "01")) == []
    assert sorted(_issue_rows(data.Audience(data.PREFECTURE, "13"), "en"))[0] == (
        TOKYO_REJECTED, "FY2025 Q2 (Jul–Sep)", "! Warning")
    # the prefecture in the list's language too (it was 東京都 in the English list)
    assert {row for row in _issue_rows(data.Audience(data.MINISTRY), "en", ("prefecture_name",))} == {("Tokyo",)}
    assert {row for row in _issue_rows(data.Audience(data.MINISTRY), "ja", ("prefecture_name",))} == {("東京都",)}
