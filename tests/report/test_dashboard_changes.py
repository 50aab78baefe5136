"""The dashboards' change panel, stage outlook and model-type series over the two-publish snapshot
(data layer and views in-process; tests/ui/test_changes_panel.py drives the real server)."""

from __future__ import annotations

import polars as pl
import pytest

from dashboards import data
from dashboards.state import AppState
from dashboards.views.changes import ChangesPanel, StageOutlook, change_rows

NOTE = "鳥取市のタウンミーティング回数を訂正しました。"


@pytest.fixture
def snap(report_data_dir, monkeypatch):
    monkeypatch.setenv("KYOSO_DATA_DIR", str(report_data_dir))
    return data.snapshot()


def test_largest_move_first_with_its_upload_and_note(snap):
    rows = change_rows(snap, "ja", None, None).to_dicts()
    # 31 FY2025Q3 town meetings 0 → 2: |Δ| / max(1, 0) = 2, the largest relative move of the publish
    top = rows[0]
    assert (top["prefecture"], top["period"], top["indicator"]) == ("31 鳥取県", "FY2025Q3", "town_meetings")
    assert (top["old_value"], top["new_value"]) == (0.0, 2.0)
    assert top["cause_submission_ids"] == "S023,S024,S030,S031"
    assert top["notes"] == NOTE
    # values that appeared (the new period) come after every numeric move
    first_new = next(i for i, r in enumerate(rows) if r["old_value"] is None)
    assert all(r["old_value"] is None or r["new_value"] is None for r in rows[first_new:])


def test_prefecture_and_indicator_filters(snap):
    rows = change_rows(snap, "en", "47", None).to_dicts()
    assert {r["prefecture"] for r in rows} == {"47 Okinawa"}
    assert [r["period"] for r in rows if r["indicator"] == "target_stage"] == ["FY2025Q2", "FY2025Q4"]
    assert all(r["cause_submission_ids"] is None for r in rows)  # a schedule edit: no upload caused it
    state = AppState(pref="31")
    panel = ChangesPanel(state, snap, for_prefecture=True)
    panel.refresh()
    panel.filter.value = "survey_respondents"
    # the withdrawn survey of FY2025Q3 (2 → 0), then the new period FY2025Q4 (none → 0)
    assert panel.table.frame.select("period", "old_value", "new_value").rows() == [
        ("FY2025Q3", 2.0, 0.0), ("FY2025Q4", None, 0.0)]


def test_stage_outlook_sentences(snap):
    view = StageOutlook(AppState(pref="14"), snap)
    view.refresh()
    # 14 regressed 3 → 2: stage 3 stays reached; stage 4 at 8103 + ceil(2 × 3) = FY2027Q2, 3 quarters late
    assert "段階3は2025年度第3四半期に到達（予定より2四半期早い）" in view.layout.object
    assert "このペースでは段階4到達は2027年度第2四半期（予定より3四半期遅れ）" in view.layout.object


def test_model_type_series(snap):
    frame = data.model_type_series(snap, "31").filter(pl.col("period") == "FY2025Q1")
    assert frame.select("model_type", "engagements").rows() == [("1-1", 0), ("1-2", 0), ("1-3", 1), ("2", 0)]


def test_the_english_outlook_sentences() -> None:
    from dashboards.views.changes import projection_sentence_en

    def row(stage, reached=None, projected=None, late=None):
        return {"stage": stage, "reached_period": reached, "projected_period": projected, "quarters_late": late}

    assert projection_sentence_en(row(3, projected="FY2027Q1", late=2)) == \
        "At this pace stage 3 is reached in FY2027 Q1 (2 quarters behind schedule)"
    assert projection_sentence_en(row(4, projected="FY2026Q2", late=-1)) == \
        "At this pace stage 4 is reached in FY2026 Q2 (1 quarter ahead of schedule)"
    assert projection_sentence_en(row(1, reached="FY2025Q1", late=0)) == \
        "Stage 1 was reached in FY2025 Q1 (on schedule)"
    assert projection_sentence_en(row(2)) == "No outlook for stage 2 (no stage reported)"
