"""The upload page when the worker validating a file dies (e.g. killed for memory): the officer reads that
nothing was stored and to send the file again, and the file sent again is validated by a new worker."""

from __future__ import annotations

import os

import pytest

from dashboards.pages import upload, upload_worker
from dashboards.state import AppState
from pipelines import submissions
from pipelines.portal import accounts
from tests.builders import municipal_rows, write_form_csv

TOTTORI = "31"


@pytest.fixture
def page(kyoso_dirs, monkeypatch) -> upload.UploadPage:
    officer = accounts.add_account("tottori-officer", accounts.PREFECTURE, TOTTORI, actor="operator:test")[0]
    monkeypatch.setattr(upload, "current_account", lambda: officer)
    return upload.UploadPage(state=AppState(page="upload", lang="en"))


def _worker_dies(*_args, **_kwargs):
    """The upload goes to a real worker process, which dies before it answers."""
    return upload_worker._executor().submit(os._exit, 1)


def test_a_worker_that_dies_loses_nothing_and_the_file_sent_again_is_stored(page, tmp_path, monkeypatch):
    csv = write_form_csv(tmp_path / "tottori.csv", "municipal_report", municipal_rows(TOTTORI, 2025, 1))
    page._file.param.update(value=csv.read_bytes(), filename=csv.name)

    with monkeypatch.context() as patched:
        patched.setattr(upload_worker, "submit", _worker_dies)
        page._submit.clicks += 1
    assert "Validation was interrupted (nothing was stored). Please submit the file again." in page._result.object
    assert "role='alert'" in page._result.object
    assert not page._submit.disabled
    assert submissions.effective_submissions("municipal_report") == []

    page.state.lang = "ja"
    page._submit.clicks += 1
    stored = submissions.effective_submissions("municipal_report")
    assert [(s.prefecture_code, s.rows) for s in stored] == [(TOTTORI, 19)]
    assert "upload-accepted" in page._result.object and stored[0].submission_id in page._result.object


def test_the_english_page_names_the_prefecture_in_english_and_counts_one_error_as_one(page, tmp_path):
    rows = municipal_rows(TOTTORI, 2025, 1)
    rows[2]["municipality_code"] = "31999X"
    csv = write_form_csv(tmp_path / "tottori.csv", "municipal_report", rows)
    assert "<h3 class='section-heading'>Submission status of Tottori</h3>" in page._status.objects[0].object
    assert list(page._prefecture.options) == ["31 Tottori"]
    assert "Tottori" in page._who.object

    page._file.param.update(value=csv.read_bytes(), filename=csv.name)
    page._submit.clicks += 1
    assert "Rejected: 1 error. Fix every problem listed below" in page._result.object
    assert submissions.effective_submissions("municipal_report") == []

    page.state.lang = "ja"
    assert "<h3 class='section-heading'>鳥取県の提出状況</h3>" in page._status.objects[0].object
    assert list(page._prefecture.options) == ["31 鳥取県"] and page._prefecture.value == TOTTORI
    assert "受理できませんでした: エラー 1 件。" in page._result.object
