"""A prefecture officer in a real browser: log in → upload a template with errors → read them → fix →
accepted → the sensor requests a refresh → the new numbers appear in the dashboards."""

from __future__ import annotations

import io
import os
import re
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

from dashboards.pages.upload_file import CHUNK_BYTES
from pipelines import submissions
from pipelines.core.periods import TOKYO
from pipelines.core.reference import municipalities_of
from pipelines.intake.forms import FORMS
from pipelines.portal import accounts, templates
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
    submissions.submit(
        write_form_csv(root / "r.csv", "municipal_report", municipal_rows(TOTTORI, 2025, 1)),
        TOTTORI,
        received_at=received,
    )
    submissions.submit(
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


def _partly_filled_template(path: Path, filled: int, population_in_row_3: object) -> Path:
    """The officer's work: the downloaded template (every municipality prefilled in rows 2-20, 年度/四半期 too)
    with only the first `filled` municipalities completed, 3 town meetings each."""
    templates.write_template("municipal_report", TOTTORI, path, fiscal_year=2025, quarter=2)
    book = openpyxl.load_workbook(path)
    sheet = book["市町村四半期報告"]
    headers = [cell.value for cell in sheet[1]]
    keys = [next(c.key for c in FORMS["municipal_report"].columns if c.header_ja == h) for h in headers]
    for row, values in enumerate(municipal_rows(TOTTORI, 2025, 2, town_meetings=3)[:filled], start=2):
        for column, key in enumerate(keys, start=1):
            if sheet.cell(row, column).value in (None, ""):
                sheet.cell(row, column).value = values[key]
    sheet.cell(3, keys.index("population_65plus") + 1).value = population_in_row_3
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
    page.goto(server + "login")
    page.fill("#username", "tottori.officer")
    page.fill("#password", portal_system["password"])
    page.click("button[type=submit]")
    page.wait_for_url("**/?page=upload")  # an officer lands on データ提出
    expect(page.locator(".signed-in")).to_contain_text("tottori.officer（鳥取県）")
    expect(page.locator(".upload-status")).to_contain_text("鳥取県の提出状況")
    expect(page.locator(".upload-status")).to_contain_text("市町村四半期報告")

    # 4 of Tottori's 19 municipalities filled (rows 2-5), one wrong value in row 3; rows 6-20 left as prefilled
    wrong = _partly_filled_template(root / "鳥取県 [第2四半期].xlsx", filled=4, population_in_row_3="-10")
    page.locator(".upload-file input[type=file]").set_input_files(str(wrong))
    page.locator(".upload-note textarea").fill("4市町のみ先行して報告します")
    page.locator(".upload-submit button").click()
    expect(page.locator(".upload-rejected")).to_contain_text("受理できませんでした")
    expect(page.locator(".upload-summary")).to_have_text("誤り 1 件・警告 2 件・未記入の行 15 行（6〜20行目）")
    issues = page.locator(".upload-issues")
    first = issues.locator(".tabulator-row").first
    expect(first).to_contain_text("誤り")
    expect(first).to_contain_text("65歳以上人口")
    expect(first).to_contain_text("-10")
    screenshot(page, "upload_rejected")
    with page.expect_download() as download:
        page.locator(".download-issues-xlsx button").click()
    sheet = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    listed = [(row[0], row[2], row[3], row[4]) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert listed[0] == ("誤り", 3, "65歳以上人口", "-10")
    assert [row[0] for row in listed] == ["誤り", "警告", "警告"]
    assert all(s.outcome == "rejected" for s in submissions.list_submissions() if s.period == "FY2025Q2")

    # switching the language loads the page anew: the report stays (the link names the submission)
    [rejected] = [s for s in submissions.list_submissions() if s.period == "FY2025Q2"]
    expect(page).to_have_url(re.compile(f"submission={rejected.submission_id}"))
    page.locator(".page-nav .lang-button", has_text="English").click()
    expect(page.locator(".upload-summary")).to_have_text("1 error · 2 warnings · 15 rows not filled in (rows 6-20)")
    expect(page.locator(".upload-issues .tabulator-row").first).to_contain_text("Error")
    expect(page.locator(".upload-issues .tabulator-row").first).to_contain_text("-10")
    page.locator(".page-nav .lang-button", has_text="日本語").click()
    expect(page.locator(".upload-summary")).to_have_text("誤り 1 件・警告 2 件・未記入の行 15 行（6〜20行目）")

    fixed = _partly_filled_template(root / "鳥取県 [第2四半期] 修正*.xlsx", filled=4, population_in_row_3=11_000)
    page.locator(".upload-file input[type=file]").set_input_files(str(fixed))
    page.locator(".upload-submit button").click()
    expect(page.locator(".upload-accepted")).to_contain_text("受理しました", timeout=20_000)
    expect(page.locator(".upload-summary")).to_have_text("誤り 0 件・警告 2 件・未記入の行 15 行（6〜20行目）")
    expect(page.locator(".upload-history")).to_contain_text("鳥取県 [第2四半期] 修正*.xlsx")
    expect(page.locator(".upload-history")).to_contain_text("4市町のみ先行して報告します")
    screenshot(page, "upload_accepted")
    [accepted] = [s for s in submissions.list_submissions() if s.status == "accepted" and s.period == "FY2025Q2"]
    assert (accepted.rows, accepted.note) == (4, "4市町のみ先行して報告します")

    assert _sensor_requests_a_run()
    _refresh()  # the run the sensor requested
    open_dashboard(page, server, f"?page=prefecture&pref={TOTTORI}&period=FY2025Q2")
    expect(page.locator(".summary").first).to_contain_text("2025年度第2四半期")
    town_meetings_line = page.locator(".indicator-table tbody tr", has_text="タウンミーティング").first
    expect(town_meetings_line).to_contain_text("12")  # 4 municipalities × 3
    expect(page.locator(".submission-notes")).to_contain_text("市町村四半期報告: 4市町のみ先行して報告します")
    assert page.console_errors == []


def test_officer_withdraws_a_submission_after_confirming(page, portal_system):
    server, root = portal_system["server"], portal_system["root"]
    platform = write_form_csv(root / "p2.csv", "platform_status", platform_rows(TOTTORI, 2025, 1, 3))
    newer = submissions.submit(platform, TOTTORI, received_at=datetime(2025, 7, 20, 9, 0, tzinfo=TOKYO)).submission
    page.goto(server + "login")
    page.fill("#username", "tottori.officer")
    page.fill("#password", portal_system["password"])
    page.click("button[type=submit]")
    page.wait_for_url("**/?page=upload")
    page.locator(".withdraw-pick select").select_option(
        label=f"{newer.submission_id}（都道府県プラットフォーム構築状況 FY2025Q1）"
    )
    page.locator(".withdraw-reason input").fill("段階を誤って入力")
    page.locator(".withdraw-ask button").click()
    expect(page.locator(".withdraw-confirm")).to_contain_text(newer.submission_id)
    stored = next(s for s in submissions.list_submissions() if s.submission_id == newer.submission_id)
    assert stored.status == "accepted"
    page.locator(".withdraw-yes button").click()
    expect(page.locator(".withdraw-done")).to_contain_text(newer.submission_id)
    expect(page.locator(".upload-history")).to_contain_text("段階を誤って入力")
    withdrawn = next(s for s in submissions.list_submissions() if s.submission_id == newer.submission_id)
    assert (withdrawn.status, withdrawn.withdrawn_by, withdrawn.withdrawal_reason) == (
        "withdrawn",
        "tottori.officer",
        "段階を誤って入力",
    )
    screenshot(page, "upload_withdrawn")


def _survey_file(path: Path, rows: int) -> Path:
    """Survey responses of every Tottori municipality for FY2025Q2, `rows` of them, all valid."""
    return write_form_csv(path, "survey_responses", [
        {"municipality_code": MUNICIPALITIES[i % len(MUNICIPALITIES)].code, "fiscal_year": 2025, "quarter": 2,
         "respondent_id": f"R{i:07d}", "age_band": "75-79", "participates": 1 - i % 2,
         "domains_used": "shopping、meals", "domains_wanted": "mobility", "satisfaction": 1 + i % 5}
        for i in range(rows)
    ])


def _log_in(page, server: str, password: str) -> None:
    page.goto(server + "login")
    page.fill("#username", "tottori.officer")
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/?page=upload")


def test_a_file_of_many_chunks_arrives_whole_and_one_over_the_limit_is_refused_before_it_is_sent(page, portal_system):
    server, root = portal_system["server"], portal_system["root"]
    survey = _survey_file(root / "アンケート 2025Q2 [全市町村].csv", 120_000)
    size = survey.stat().st_size
    assert size > 2 * CHUNK_BYTES  # at least three chunks
    _log_in(page, server, portal_system["password"])
    page.locator(".upload-file input[type=file]").set_input_files(str(survey))
    page.locator(".upload-submit button").click()  # at once: the page waits for the file, then validates it
    expect(page.locator(".upload-accepted")).to_contain_text("120000 行", timeout=60_000)
    screenshot(page, "upload_many_chunks")
    [stored] = [s for s in submissions.list_submissions() if s.form == "survey_responses"]
    assert (stored.file_name, stored.rows) == ("アンケート 2025Q2 [全市町村].csv", 120_000)
    assert stored.raw_file.read_bytes() == survey.read_bytes()

    limited, stop = start_server(root / "data", root / "server-limited.log", KYOSO_MAX_UPLOAD_MB="1")
    try:
        _log_in(page, limited, portal_system["password"])
        before = len(submissions.list_submissions())
        page.locator(".upload-file input[type=file]").set_input_files(str(survey))
        too_large = "ファイルが大きすぎます（上限 1 MB）。分割して提出してください。"
        expect(page.locator(".upload-error")).to_have_text(too_large)
        page.locator(".upload-submit button").click()
        expect(page.locator(".upload-submit button")).to_be_enabled()
        expect(page.locator(".upload-error")).to_have_text(too_large)
        assert len(submissions.list_submissions()) == before
    finally:
        stop()


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
