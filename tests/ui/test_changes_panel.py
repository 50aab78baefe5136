"""A corrected upload in a real browser: after the refresh the overview's 「前回更新からの変化」 panel names the
upload, its note and the moved values; the prefecture profile states the stage outlook and offers the report."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime

import pytest
from conftest import REPO, open_dashboard, screenshot, start_server
from playwright.sync_api import expect

from pipelines import submissions
from pipelines.core.periods import TOKYO
from pipelines.core.reference import municipalities_of
from tests.builders import municipal_rows, platform_rows, write_form_csv

TOTTORI = "31"
COUNT = len(municipalities_of(TOTTORI))  # 19
NOTE = "タウンミーティング回数の集計漏れを訂正しました"


def _refresh() -> None:
    done = subprocess.run([sys.executable, "-m", "pipelines.cli", "refresh"], cwd=REPO, capture_output=True)
    assert done.returncode == 0, done.stdout[-3000:]


@pytest.fixture(scope="module")
def corrected_system(tmp_path_factory):
    """Tottori FY2025Q1 published, then a corrected municipal_report (3 meetings per municipality, not 2)."""
    root = tmp_path_factory.mktemp("changes_ui")
    env = {"KYOSO_RAW_DIR": str(root / "raw"), "KYOSO_DATA_DIR": str(root / "data")}
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    first = datetime(2025, 7, 10, 9, 0, tzinfo=TOKYO)
    submissions.submit(write_form_csv(root / "r1.csv", "municipal_report", municipal_rows(TOTTORI, 2025, 1)), TOTTORI,
                 received_at=first)
    submissions.submit(write_form_csv(root / "p.csv", "platform_status", platform_rows(TOTTORI, 2025, 1, 1)), TOTTORI,
                 received_at=first)
    _refresh()
    corrected = submissions.submit(
        write_form_csv(root / "r2.csv", "municipal_report", municipal_rows(TOTTORI, 2025, 1, town_meetings=3)),
        TOTTORI, received_at=datetime(2025, 7, 20, 9, 0, tzinfo=TOKYO), note=NOTE)
    _refresh()
    server, stop = start_server(root / "data", root / "server.log")
    yield {"server": server, "submission_id": corrected.submission.submission_id}
    stop()
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def test_overview_names_the_corrected_upload(page, corrected_system):
    open_dashboard(page, corrected_system["server"], "?page=overview")
    rows = page.locator(".changes-panel .tabulator-row")
    # the two largest moves (+50 %): meetings 38 → 57 and meetings per 10,000 aged 65+
    for top in (rows.nth(0), rows.nth(1)):
        expect(top).to_contain_text("タウンミーティング")
    meetings = rows.filter(has_text="タウンミーティング等開催回数").first
    expect(meetings).to_contain_text(f"{2 * COUNT}")
    expect(meetings).to_contain_text(f"{3 * COUNT}")
    expect(meetings).to_contain_text(corrected_system["submission_id"])
    expect(meetings).to_contain_text(NOTE)
    screenshot(page, "changes_panel_overview")
    assert page.console_errors == []


def test_profile_shows_outlook_changes_and_report_buttons(page, corrected_system):
    open_dashboard(page, corrected_system["server"], f"?page=prefecture&pref={TOTTORI}")
    # stage 1 since FY2025Q1, nobody advanced: no pace, so no projection for the stages not reached
    expect(page.locator(".stage-outlook")).to_contain_text("段階1は2025年度第1四半期に到達（予定どおり）")
    expect(page.locator(".changes-panel")).to_contain_text(corrected_system["submission_id"])
    expect(page.locator(".report-xlsx")).to_be_visible()
    expect(page.locator(".report-pdf")).to_be_visible()
    screenshot(page, "changes_panel_profile")
    assert page.console_errors == []


def test_profile_changes_come_back_after_a_prefecture_without_changes(page, corrected_system):
    """The panel's table is hidden, not removed, for a prefecture without changes; shown again it has its rows
    and the column widths it had, measured for what it shows."""
    open_dashboard(page, corrected_system["server"], f"?page=prefecture&pref={TOTTORI}")
    columns = page.locator(".changes-panel .tabulator-col:visible")
    rows = page.locator(".changes-panel .tabulator-row:visible")
    expect(rows.first).to_contain_text(corrected_system["submission_id"])
    widths = [columns.nth(i).bounding_box()["width"] for i in range(columns.count())]
    for name in ("東京都", "鳥取県"):
        page.locator(".prefecture-select select").select_option(label=name)
        expect(page.locator(".pref-summary")).to_contain_text(name)
    # between the two: Tokyo had no change, and the panel said so
    expect(rows.first).to_contain_text(corrected_system["submission_id"])
    assert rows.count() == 2  # meetings, and meetings per 10,000 aged 65+
    assert [columns.nth(i).bounding_box()["width"] for i in range(columns.count())] == widths
    assert min(widths[:-1]) > 40
    page.locator(".prefecture-select select").select_option(label="東京都")
    expect(page.locator(".changes-panel").get_by_text("前回の更新から値の変化はありません")).to_be_visible()
    expect(rows).to_have_count(0)
    assert page.console_errors == []
