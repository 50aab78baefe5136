"""The upload page's validation runs in worker processes, against the store the server is configured for."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboards.pages import upload_worker
from pipelines import submissions
from pipelines.core.config import REPO_ROOT
from pipelines.portal import accounts, service
from pipelines.portal.uploads import RejectedUpload
from tests.builders import municipal_rows, write_form_csv
from tests.processes import alive, children

TOTTORI = "31"


@pytest.fixture
def officer(kyoso_dirs) -> accounts.Account:
    return accounts.add_account("tottori-officer", accounts.PREFECTURE, TOTTORI, actor="operator:test")[0]


def _report(folder, town_meetings: int) -> bytes:
    rows = [{**row, "town_meetings": town_meetings} for row in municipal_rows(TOTTORI, 2025, 1)]
    return write_form_csv(folder / f"report-{town_meetings}.csv", "municipal_report", rows).read_bytes()


def test_an_upload_is_validated_and_stored_by_another_process(officer, kyoso_dirs, tmp_path, monkeypatch):
    def not_here(*_args, **_kwargs):
        raise AssertionError("validated in the server's own process")

    monkeypatch.setattr(service, "submit_as", not_here)  # a worker process imports the real one
    outcome = upload_worker.submit(officer, _report(tmp_path, 7), "鳥取県 [1].csv", TOTTORI, note="訂正").result(120)
    assert outcome.submission.outcome == "accepted"
    assert outcome.result.issues == [] and outcome.result.frame is None
    stored = submissions.effective_submissions("municipal_report")
    assert [(s.submission_id, s.prefecture_code, s.note) for s in stored] == [
        (outcome.submission.submission_id, TOTTORI, "訂正")
    ]
    assert (kyoso_dirs[0] / "submissions").is_dir()


def test_each_upload_goes_to_the_store_configured_at_that_moment(officer, tmp_path, monkeypatch):
    first = upload_worker.submit(officer, _report(tmp_path, 1), "a.csv", TOTTORI).result(120)
    other_raw, other_data = tmp_path / "other-raw", tmp_path / "other-data"
    other_raw.mkdir()
    other_data.mkdir()
    monkeypatch.setenv("KYOSO_RAW_DIR", str(other_raw))
    monkeypatch.setenv("KYOSO_DATA_DIR", str(other_data))
    accounts.add_account("tottori-officer", accounts.PREFECTURE, TOTTORI, actor="operator:test")
    second = upload_worker.submit(officer, _report(tmp_path, 2), "b.csv", TOTTORI).result(120)
    stored = submissions.effective_submissions("municipal_report")
    assert [s.submission_id for s in stored] == [second.submission.submission_id]
    assert first.submission.submission_id != second.submission.submission_id


def test_a_refusal_reaches_the_page_with_both_messages(officer):
    job = upload_worker.submit(officer, io.BytesIO(bytes(range(256)) * 64), "random.xlsx", TOTTORI)
    with pytest.raises(RejectedUpload) as refused:
        job.result(120)
    assert refused.value.message_ja and refused.value.message_en
    assert refused.value.message_ja != refused.value.message_en
    with pytest.raises(PermissionError):
        upload_worker.submit(officer, b"x", "r.csv", "32").result(120)


def test_the_workers_end_with_the_server_even_when_it_is_killed(kyoso_dirs):
    server = subprocess.Popen(
        [sys.executable, "-c", "import time\nfrom dashboards.pages import upload_worker\n"
         "upload_worker.submit(None, b'x', 'r.csv', '31').exception(120)\nprint('answered', flush=True)\n"
         "time.sleep(600)"],
        cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert server.stdout.readline() == "answered\n"  # a worker refused the anonymous upload
        workers = [pid for pid in children(server.pid) if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()]
        assert workers
    finally:
        server.kill()
        server.wait()
    deadline = time.monotonic() + 30
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in workers if alive(pid)]


def test_validation_yields_the_processor_to_the_dashboards():
    """A worker runs below the server's priority: on a busy machine the sessions' clicks are served first."""
    worker_niceness = upload_worker._executor().submit(os.nice, 0).result(60)
    assert worker_niceness == min(19, os.nice(0) + 10)
