"""The pure data layer on a snapshot published by the real pipeline: read-only, new snapshots picked up
without restart, refresh status, the submission matrix, and every page built from it in both languages."""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb
import polars as pl
import pytest
from app_session import build_session
from published_fixture import build_warehouse, publish

from dashboards import data, submission_status
from dashboards.formatting import period_label
from pipelines.core.published import REQUIRED_TABLES

# The fixtures live here, not in a conftest.py: a second module named `conftest` on sys.path would shadow
# tests/ui/conftest.py, whose helpers the browser tests import by that name.


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dbt-built warehouse of the fixture's raw rows (built once, ~15 s)."""
    return build_warehouse(tmp_path_factory.mktemp("dashboard_warehouse"))


@pytest.fixture
def data_dir(warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """KYOSO_DATA_DIR pointing at a freshly published snapshot of that warehouse."""
    monkeypatch.setenv("KYOSO_DATA_DIR", str(tmp_path))
    publish(warehouse, tmp_path)
    return tmp_path


def test_loads_every_published_table_read_only(data_dir):
    snap = data.snapshot()
    assert snap is not None
    assert set(data.TABLES) <= set(snap.tables)
    assert set(REQUIRED_TABLES) <= set(snap.tables)
    assert data.periods(snap) == ["FY2025Q1", "FY2025Q2"]
    assert data.latest_period(snap) == "FY2025Q2"
    assert data.previous_period(snap, "FY2025Q2") == "FY2025Q1"
    assert data.prefecture_quarter(snap, "FY2025Q2").height == 47
    assert snap.table("dim_municipality")["municipality_code"].str.len_chars().unique().to_list() == [6]
    # the reader never holds the file: a writer can open it right after a load
    with duckdb.connect(str(data_dir / "published" / "kyoso.duckdb")) as con:
        con.execute("SELECT 1")


def test_a_new_snapshot_is_picked_up_without_restart(data_dir, warehouse):
    first = data.snapshot()
    value = first.table("mart_prefecture_quarter")["town_meetings"].sum()
    # publish again aside, change a number, and swap the file in the way publish_snapshot does
    target = data_dir / "published" / "kyoso.duckdb"
    aside = publish(warehouse, data_dir, target=data_dir / "published" / "next.duckdb")
    with duckdb.connect(str(aside)) as con:
        con.execute("UPDATE mart_prefecture_quarter SET town_meetings = town_meetings + 1")
    os.replace(aside, target)
    os.utime(target, ns=(1, 1))  # a different mtime even within one tick
    second = data.snapshot()
    assert second.key != first.key
    assert second.table("mart_prefecture_quarter")["town_meetings"].sum() == value + 4  # four reports


def test_missing_snapshot_and_status_are_reported_as_none(tmp_path, monkeypatch):
    monkeypatch.setenv("KYOSO_DATA_DIR", str(tmp_path))
    assert data.snapshot() is None
    assert data.refresh_status() is None


def test_refresh_status_is_read_as_written(data_dir):
    status = data.refresh_status()
    assert status["state"] == "succeeded"
    (data_dir / "published" / "refresh_status.json").write_text(json.dumps({"state": "failed"}), encoding="utf-8")
    assert data.refresh_status() == {"state": "failed"}


def test_extra_columns_and_missing_optional_tables_are_tolerated(data_dir):
    path = data_dir / "published" / "kyoso.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("ALTER TABLE mart_prefecture_quarter ADD COLUMN something_new DOUBLE")
        con.execute("DROP TABLE national_milestones")
        con.execute("DROP TABLE domains")
    snap = data.snapshot()
    assert "something_new" not in data.indicators_in(snap, "mart_prefecture_quarter")
    assert data.milestones(snap).is_empty()
    assert data.domain_labels(snap, "ja") == {}


def test_indicator_lists_follow_the_catalog_and_the_mart(data_dir):
    snap = data.snapshot()
    columns = set(snap.table("mart_prefecture_quarter").columns)
    every = data.indicators_in(snap, "mart_prefecture_quarter")
    assert every == [code for code in data.catalog(snap)["code"] if code in columns]
    measures = data.indicators_in(snap, "mart_prefecture_quarter", measures_only=True)
    assert {"kayoi_participation_rate", "town_meetings", "platform_stage", "spend_ratio"} <= set(measures)
    # flags, categories and context columns are in the profile's table, not in the indicator selectors
    for code in ("municipal_report_submitted", "schedule_status", "municipalities_total", "target_stage"):
        assert code in every and code not in measures
    assert "prefectures_on_track_or_ahead" in data.indicators_in(snap, "mart_national_quarter", measures_only=True)


def test_municipalities_carry_kind_labels_and_filters(data_dir):
    snap = data.snapshot()
    rows = data.municipalities(snap, "FY2025Q1")
    assert rows["municipality_code"].to_list() == ["011002", "012025", "131016", "131024"]
    assert rows.filter(pl.col("municipality_code") == "131016")[["kind", "kind_label_ja"]].row(0) == (
        "special_ward", "特別区")
    assert data.municipalities(snap, "FY2025Q1", ["13"], ["special_ward"]).height == 2
    assert data.municipalities(snap, "FY2025Q1", ["01"], ["town"]).is_empty()
    assert data.municipality_kinds(snap)["kind"].to_list() == ["city", "special_ward", "town", "village"]


def test_registers_are_newest_first(data_dir):
    snap = data.snapshot()
    ministry = data.Audience(data.MINISTRY)
    assert data.submissions(snap, ministry, "01")["submission_id"].to_list() == ["M3", "M2", "M1", "P01"]
    issues = data.validation_issues(snap, ministry)
    assert issues.select("submission_id", "issue_no", "excel_row", "severity").rows() == [
        ("X1", 1, 3, "error"), ("X1", 2, 4, "error"), ("X1", 3, 1, "warning")]
    assert issues["prefecture_name"].unique().to_list() == ["東京都"]


@pytest.mark.parametrize(("prefecture", "period", "status", "files"), [
    ("01", "FY2025Q1", "resubmitted", 2),  # first accepted on time, replaced later
    ("01", "FY2025Q2", "late", 1),
    ("13", "FY2025Q1", "on_time", 1),  # received at the due instant
    ("13", "FY2025Q2", "rejected", 1),
    ("47", "FY2025Q1", "missing", 0),
    ("47", "FY2025Q2", "on_time", 1),
])
def test_submission_matrix_status(data_dir, prefecture, period, status, files):
    matrix = submission_status.matrix(data.snapshot(), "municipal_report")
    row = matrix.filter((pl.col("prefecture_code") == prefecture) & (pl.col("period") == period))
    assert row.select("status", "files").row(0) == (status, files)


def test_submission_matrix_has_one_status_per_prefecture_and_period(data_dir):
    snap = data.snapshot()
    for form in ("municipal_report", "actor_roster", "platform_status", "survey_responses"):
        matrix = submission_status.matrix(snap, form)
        assert matrix.height == 47 * len(data.periods(snap))
        assert set(matrix["status"].unique()) <= set(submission_status.STATUSES)
    matrix = submission_status.matrix(snap, "platform_status")
    assert matrix.filter(pl.col("status") != "missing")["prefecture_code"].to_list() == ["01", "13"]


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("page", ["overview", "prefecture", "municipalities", "municipality", "submissions",
                                  "definitions"])
def test_every_page_builds_on_the_published_columns(data_dir, page, lang):
    """Every view of every page, each tab opened (a chart's table joins the page then), is built from the
    snapshot without error: for a prefecture with data (13) and for one with none at all (47 in FY2025Q1)."""
    import panel as pn
    from panel.io.state import set_curdoc

    from dashboards.texts import t

    for pref, period in (("13", "FY2025Q2"), ("47", "FY2025Q1")):
        doc, shell = build_session(page, lang=lang, pref=pref, period=period)
        with set_curdoc(doc):
            for tabs in pn.panel(shell).select(pn.Tabs):
                for index in range(len(tabs)):
                    tabs.active = index
                tables = tabs.select(pn.widgets.Tabulator)
                if t("table", lang) in tabs._names:  # a chart's table alternative: made, and drawn
                    assert tables, tabs._names
                assert all(table._models for table in tables), tabs._names


def test_ranking_by_an_indicator_that_is_also_a_fixed_column(data_dir):
    """quarters_behind is both the chosen indicator and a fixed column of the ranking: shown once, no error
    (it raised polars DuplicateError: projections contained duplicate output name 'quarters_behind')."""
    from dashboards.catalog import catalog_of
    from dashboards.views.ranking import ranking_frame

    snap = data.snapshot()
    ranked = ranking_frame(snap, catalog_of(snap), "FY2025Q2", "quarters_behind", "ja")
    # a count of quarters is not set against the nation (no national column, no comparison)
    assert ranked.columns == ["rank", "prefecture_code", "prefecture_name", "quarters_behind", "schedule"]
    assert ranked.height == 47
    expected = data.prefecture_quarter(snap, "FY2025Q2").sort("quarters_behind", descending=False, nulls_last=True)
    assert ranked["quarters_behind"].to_list() == expected["quarters_behind"].to_list()


@pytest.mark.parametrize("page", ["overview", "prefecture", "municipalities"])
def test_switching_indicator_period_and_prefecture_updates_the_page(data_dir, page):
    """Every measure (quarters_behind included), both periods and prefectures with and without data, switched
    the way the selectors switch them while the page is shown: no error, and the page shows the new choice."""
    from panel.io.state import set_curdoc

    snap = data.snapshot()
    doc, shell = build_session(page)
    state = shell.state
    shown = shell._pages[page]
    with set_curdoc(doc):
        for period in ("FY2025Q1", "FY2025Q2"):
            for pref in ("47", "01", "13"):
                state.param.update(period=period, pref=pref)
                for code in data.indicators_in(snap, "mart_prefecture_quarter", measures_only=True):
                    state.indicator = code
                    if page == "overview":
                        ranking = shown._views[-1]._block.grid.value
                        assert code in ranking.columns and len(ranking) == 47
                if page == "prefecture":
                    name = data.prefectures(snap).filter(pl.col("prefecture_code") == pref)["prefecture_name"][0]
                    assert f"<b>{name}</b>（{period_label(period, 'ja')}）" in shown._views[0].layout.object
        state.page = "submissions"
        state.param.update(pref="01", period="FY2025Q1", indicator="quarters_behind")
        state.page = page  # a hidden page catches up when shown again
        if page == "prefecture":
            assert "<b>北海道</b>（2025年度第1四半期（4〜6月））" in shown._views[0].layout.object
        for name, select in shown._selects:  # (a prefecture-level indicator is not among the municipal ones)
            assert select.value == getattr(state, name) or getattr(state, name) not in select.options.values()
        assert any(select.value == "FY2025Q1" for name, select in shown._selects if name == "period")


def test_data_layer_derives_each_frame_once_per_snapshot(data_dir):
    """Derived frames are shared (same object) across calls and sessions until a new snapshot is published."""
    snap = data.snapshot()
    assert data.prefecture_quarter(snap, "FY2025Q2") is data.prefecture_quarter(snap, "FY2025Q2")
    assert data.municipalities(snap, "FY2025Q1", ["13"]) is data.municipalities(snap, "FY2025Q1", ["13"])
    assert data.indicators_in(snap, "mart_prefecture_quarter", measures_only=True) is data.indicators_in(
        snap, "mart_prefecture_quarter", measures_only=True)
    assert data.prefecture_quarter(snap, "FY2025Q1") is not data.prefecture_quarter(snap, "FY2025Q2")


def test_a_link_value_falls_back_with_a_notice_and_a_carried_value_silently(data_dir):
    """A link's indicator the page does not chart: the default instead, said once. The same on a later page
    the user chose (the value was carried over, not in a link): replaced without a notice."""
    from panel.io.state import set_curdoc

    doc, shell = build_session("prefecture", indicator="schedule_status")
    assert shell.state.indicator == "kayoi_participation_rate"
    assert shell.state.notices == [("indicator", "schedule_status", "kayoi_participation_rate")]
    with set_curdoc(doc):
        shell.state.indicator = "platform_stage"  # charted on the prefecture page, not per municipality
        shell.state.page = "municipalities"
    assert shell.state.indicator == "kayoi_participation_rate" and shell.state.notices == []


def test_the_url_values_of_a_session_are_text_with_leading_zeros():
    from dashboards.shell import url_values

    arguments = {"pref": [b"01"], "muni": ["011002"], "lang": [b"en", b"ja"], "bokeh-autoload": [b"1"]}
    assert url_values(arguments) == {"pref": "01", "muni": "011002", "lang": "ja"}  # the last value, as a browser


def test_a_link_followed_in_the_session_applies_its_values_at_once(data_dir):
    from panel.io.state import set_curdoc

    doc, shell = build_session("overview")
    pages_built = []
    shell.state.param.watch(lambda event: pages_built.append(event.new), "page")
    with set_curdoc(doc):
        shell._follow_link("?page=prefecture&pref=27&lang=en&unknown=1")
    assert (shell.state.page, shell.state.pref, shell.state.lang) == ("prefecture", "27", "en")
    assert pages_built == ["prefecture"]  # one change of page, with the prefecture and language already set
    with set_curdoc(doc):
        shell._follow_link("?page=nowhere&pref=01")
    assert (shell.state.page, shell.state.pref) == ("prefecture", "01")
    assert shell.state.notices == []  # a value the state does not take, carried over in the session: silent


def test_a_sessions_models_serialize_as_bokeh_serializes_them(data_dir):
    """`model_defaults` reads only the properties that are set when a model is serialized: for every model of a
    session with every page and tab opened, the same properties with the same values as Bokeh's own."""
    import panel as pn
    from panel.io.state import set_curdoc

    from dashboards import model_defaults
    from dashboards.state import PAGES

    doc, shell = build_session("overview", pref="13", period="FY2025Q2")
    with set_curdoc(doc):
        for page in PAGES:
            shell.state.page = page
        for tabs in pn.panel(shell).select(pn.Tabs):
            for index in range(len(tabs)):
                tabs.active = index
    models = list(doc.models)
    assert len(models) > 1000
    differ = []
    for model in models:
        ours = model_defaults._query_properties_with_values(model, lambda d: d.serialized, include_defaults=False)
        bokehs = model_defaults._BOKEH_QUERY(model, lambda d: d.serialized, include_defaults=False)
        if list(ours) != list(bokehs) or not all(_same(ours[key], bokehs[key]) for key in ours):
            differ.append((type(model).__name__, sorted(set(ours) ^ set(bokehs))))
    assert differ == []


def _same(a, b) -> bool:
    """The same object, or (a data spec is made anew on each read) an equal one."""
    return a is b or (type(a), repr(a)) == (type(b), repr(b))
