"""Who sees what (SPEC §4.5), per role through the real server and a real browser: every page and every
download they offer, checked for another prefecture's file name, user name and a rejected file's value."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from conftest import REPO, document_data, open_dashboard, screenshot, start_server, visible_text

from pipelines import submissions
from pipelines.core.periods import TOKYO
from pipelines.portal import accounts
from tests.builders import municipal_rows, platform_rows, write_form_csv

PAGES = ["overview", "prefecture&pref=13", "prefecture&pref=14", "municipalities", "submissions", "definitions"]
# What each prefecture submitted: file name, user name, and the offending value of its rejected file.
SECRETS = {
    "13": ("tokyo-report-q2-draft.csv", "tokyo.suzuki", "-71113"),
    "14": ("kanagawa-report-q2-draft.csv", "kanagawa.tanaka", "-82214"),
}
NOTE_14 = "横浜市の数値は暫定値です"  # a submitter's note: written for readers, shown to everyone


@pytest.fixture(scope="module")
def role_system(tmp_path_factory):
    """Tokyo and Kanagawa each with an accepted FY2025Q1 report and a rejected FY2025Q2 draft; published."""
    root = tmp_path_factory.mktemp("roles")
    env = {"KYOSO_RAW_DIR": str(root / "raw"), "KYOSO_DATA_DIR": str(root / "data")}
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    for code, (draft_name, user, bad_value) in SECRETS.items():
        good = write_form_csv(root / f"{code}-q1.csv", "municipal_report", municipal_rows(code, 2025, 1))
        submissions.submit(good, code, received_at=datetime(2025, 7, 10, 9, tzinfo=TOKYO), user=user,
                     file_name=f"{code}-q1.csv", note=NOTE_14 if code == "14" else None)
        submissions.submit(write_form_csv(root / f"{code}-p.csv", "platform_status", platform_rows(code, 2025, 1, 1)),
                     code, received_at=datetime(2025, 7, 10, 9, tzinfo=TOKYO), user=user)
        draft = write_form_csv(root / draft_name, "municipal_report",
                               municipal_rows(code, 2025, 2, population_65plus=int(bad_value)))
        outcome = submissions.submit(draft, code, received_at=datetime(2025, 10, 10, 9, tzinfo=TOKYO), user=user,
                               file_name=draft_name)
        assert outcome.submission.outcome == submissions.REJECTED
    completed = subprocess.run([sys.executable, "-m", "pipelines.cli", "refresh"], cwd=REPO, capture_output=True,
                               env={**os.environ, **env}, timeout=900)
    assert completed.returncode == 0, completed.stdout[-3000:]
    passwords = {}
    for name, role, code in (("tokyo", "prefecture", "13"), ("kanagawa", "prefecture", "14"),
                             ("mhlw", "ministry", None)):
        passwords[name] = accounts.add_account(name, role, code, actor="test")[1]
    url, stop = start_server(root / "data", root / "server.log", **env)
    yield {"url": url, "passwords": passwords, "root": root}
    stop()
    for name, value in saved.items():
        os.environ.pop(name, None) if value is None else os.environ.__setitem__(name, value)


def _log_in(page, url: str, name: str, password: str) -> None:
    page.goto(url + "login")
    page.fill("#username", name)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def _everything_shown(page, url: str, role: str, downloads_dir: Path) -> str:
    """The text of every page plus every CSV it offers (chart tabs switched to their tables)."""
    seen = []
    for query in PAGES:
        open_dashboard(page, url, f"?page={query}")
        for tab in page.locator(".bk-tab", has_text="表").all():
            if tab.is_visible():
                tab.click()
                page.wait_for_timeout(150)
        seen += [visible_text(page), document_data(page)]
        for index, button in enumerate(page.locator(".download-csv button").all()):
            if not button.is_visible():
                continue
            with page.expect_download(timeout=20_000) as download:
                button.click()
            target = downloads_dir / f"{role}-{query}-{index}.csv"
            download.value.save_as(target)
            seen.append(target.read_text(encoding="utf-8-sig"))
        screenshot(page, f"role_{role}_{query.replace('&', '_').replace('=', '')}")
    return "\n".join(seen)


@pytest.mark.parametrize(("role", "account", "own"), [
    ("guest", None, ()), ("prefecture13", "tokyo", ("13",)), ("prefecture14", "kanagawa", ("14",)),
    ("ministry", "mhlw", ("13", "14"))])
def test_each_role_sees_submission_details_of_its_own_scope_only(page, role_system, tmp_path, role, account, own):
    url = role_system["url"]
    if account:
        _log_in(page, url, account, role_system["passwords"][account])
    shown = _everything_shown(page, url, role, tmp_path)
    for code, (file_name, user, bad_value) in SECRETS.items():
        for secret in (file_name, user, bad_value):
            assert (secret in shown) == (code in own), (role, code, secret)
    assert "東京都" in shown and "神奈川県" in shown  # the aggregate pages are there for everyone
    assert NOTE_14 in shown
    if role == "guest":
        assert "ログインすると閲覧できます" in shown
    assert page.console_errors == []
