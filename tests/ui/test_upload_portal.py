"""A prefecture officer in a real browser: log in → upload a template with errors → read them → fix →
accepted → the sensor requests a refresh → the new numbers appear in the dashboards."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path

import dagster as dg
import openpyxl
import pytest
from conftest import REPO, open_dashboard, screenshot, start_server
from playwright.sync_api import expect

from pipelines import accounts, store, templates
from pipelines.intake.forms import FORMS
from pipelines.periods import TOKYO
from pipelines.reference import municipalities_of
from tests.builders import municipal_rows, platform_rows, write_form_csv

TOTTORI = "31"
MUNICIPALITIES = municipalities_of(TOTTORI)  # 19


@pytest.fixture(scope="module")
def portal_system(tmp_path_factory):
    """A small system of its own (Tottori, FY2025Q1 published) with one prefecture account."""
    root = tmp_path_factory.mktemp("portal")
    env = {"KYOSO_RAW_DIR": str(root / "raw"), "KYOSO_DATA_DIR": str(root / "data")}
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    received = datetime(2025, 7, 10, 9, 0, tzinfo=TOKYO)
    store.submit(
        write_form_csv(root / "r.csv", "municipal_report", municipal_rows(TOTTORI, 2025, 1)),
        TOTTORI,
        received_at=received,
    )
    store.submit(
        write_form_csv(root / "p.csv", "platform_status", platform_rows(TOTTORI, 2025, 1, 1)),
        TOTTORI,
        received_at=received,
    )
    _refresh()
    _, password = accounts.add_account("tottori.officer", "prefecture", TOTTORI, actor="test")
    server, stop = start_server(root / "data", root / "server.log")
    yield {"root": root, "server": server, "password": password}
    stop()
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def _refresh() -> None:
    completed = subprocess.run([sys.executable, "-m", "pipelines.cli", "refresh"], cwd=REPO, capture_output=True)
    assert completed.returncode == 0, completed.stdout[-3000:]


def _filled_template(path: Path, town_meetings: int, first_row_population: object) -> Path:
    """The officer's work: the downloaded template with every prefilled municipality row completed."""
    templates.write_template("municipal_report", TOTTORI, path, fiscal_year=2025, quarter=2)
    book = openpyxl.load_workbook(path)
    sheet = book["市町村四半期報告"]
    headers = [cell.value for cell in sheet[1]]
    values = {
        **municipal_rows(TOTTORI, 2025, 2)[0],
        "town_meetings": town_meetings,
        "council_layer1": "○",
        "partnership_program": "×",
    }
    for row in range(2, 2 + len(MUNICIPALITIES)):
        for column, header in enumerate(headers, start=1):
            key = next(c.key for c in FORMS["municipal_report"].columns if c.header_ja == header)
            if sheet.cell(row, column).value in (None, "") and key in values:
                sheet.cell(row, column).value = values[key]
    sheet.cell(2, headers.index("65歳以上人口") + 1).value = first_row_population
    book.save(path)
    return path


def _sensor_requests_a_run() -> bool:
    from pipelines.definitions import defs
    from pipelines.defs.automation import register_sensor

    with dg.instance_for_test() as instance:
        result = register_sensor.evaluate_tick(dg.build_sensor_context(instance=instance, definitions=defs))
    return bool(result.run_requests)


def test_officer_fixes_errors_and_sees_the_new_numbers(page, portal_system):
    server, root = portal_system["server"], portal_system["root"]
    open_dashboard(page, server, "?page=upload")
    page.locator("a.login-link").click()
    page.fill("#username", "tottori.officer")
    page.fill("#password", portal_system["password"])
    page.click("button[type=submit]")
    open_dashboard(page, server, "?page=upload")
    expect(page.locator(".signed-in")).to_contain_text("tottori.officer")

    wrong = _filled_template(root / "wrong.xlsx", town_meetings=3, first_row_population="-10")
    page.locator(".upload-file input[type=file]").set_input_files(str(wrong))
    page.locator(".upload-submit button").click()
    expect(page.locator(".upload-rejected")).to_contain_text("受理できませんでした")
    issues = page.locator(".upload-issues")
    expect(issues).to_contain_text("65歳以上人口")
    expect(issues.locator(".tabulator-row").first).to_contain_text("2")  # Excel row of the first municipality
    screenshot(page, "upload_rejected")
    assert all(s.outcome == "rejected" for s in store.list_submissions() if s.period == "FY2025Q2")

    fixed = _filled_template(root / "fixed.xlsx", town_meetings=3, first_row_population=12_345)
    page.locator(".upload-file input[type=file]").set_input_files(str(fixed))
    page.locator(".upload-submit button").click()
    expect(page.locator(".upload-accepted")).to_contain_text("受理しました")
    expect(page.locator(".upload-history")).to_contain_text("FY2025Q2")
    screenshot(page, "upload_accepted")

    assert _sensor_requests_a_run()
    _refresh()  # the run the sensor requested
    open_dashboard(page, server, f"?page=prefecture&pref={TOTTORI}&period=FY2025Q2")
    expect(page.locator(".summary").first).to_contain_text("FY2025Q2")
    town_meetings_line = page.locator(".tabulator-row", has_text="タウンミーティング").first
    expect(town_meetings_line).to_contain_text(str(3 * len(MUNICIPALITIES)))  # 19 municipalities × 3 = 57
    assert page.console_errors == []


def test_upload_page_refuses_guests(page, portal_system):
    open_dashboard(page, portal_system["server"], "?page=upload")
    expect(page.locator(".login-needed")).to_be_visible()
    expect(page.locator(".upload-submit")).to_have_count(0)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_dashboards_can_require_login(portal_system):
    root = portal_system["root"]
    url, stop = start_server(root / "data", root / "server-login.log", KYOSO_REQUIRE_LOGIN="1")
    try:
        opener = urllib.request.build_opener(_NoRedirect)
        with pytest.raises(urllib.error.HTTPError) as redirected:
            opener.open(url + "?page=overview", timeout=10)
        assert redirected.value.code == 302
        assert redirected.value.headers["Location"].startswith("./login")
        with opener.open(url + "login", timeout=10) as login_page:
            assert "パスワード / Password" in login_page.read().decode("utf-8")
    finally:
        stop()


def test_wrong_password_is_refused_with_a_bilingual_message(page, portal_system):
    page.goto(portal_system["server"] + "login")
    page.fill("#username", "tottori.officer")
    page.fill("#password", "not-the-password")
    page.click("button[type=submit]")
    expect(page.locator(".error")).to_contain_text("パスワードが違います")
    expect(page.locator(".error")).to_contain_text("Wrong user name or password")
