"""Server-side authorization of the upload portal, enforced in the functions the page calls."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import pytest
import xlsxwriter

from pipelines import submissions
from pipelines.core import config
from pipelines.core.periods import TOKYO
from pipelines.intake.forms import FORMS
from pipelines.portal import accounts
from pipelines.portal import service as portal
from pipelines.portal.uploads import RejectedUpload
from tests.builders import municipal_rows, platform_rows, write_form_csv

from .conftest import SHIMANE, TOTTORI


def _report(tmp_path: Path, prefecture: str = TOTTORI) -> bytes:
    return write_form_csv(
        tmp_path / f"r{prefecture}.csv", "municipal_report", municipal_rows(prefecture, 2025, 1)
    ).read_bytes()


def _platform(tmp_path: Path, member_orgs: int) -> bytes:
    rows = [{**platform_rows(TOTTORI, 2025, 1, stage=2)[0], "member_orgs": member_orgs}]
    return write_form_csv(tmp_path / f"p{member_orgs}.csv", "platform_status", rows).read_bytes()


def _events(users, action: str) -> list[dict]:
    return [event for event in portal.read_audit(users.ministry) if event["action"] == action]


def test_prefecture_submits_for_itself_under_a_sanitized_name(users, tmp_path):
    outcome = portal.submit_as(users.tottori, io.BytesIO(_report(tmp_path)), "../../x.csv", TOTTORI)
    s = outcome.submission
    assert (s.outcome, s.user, s.on_behalf, s.file_name, s.stored_file) == (
        "accepted",
        "tottori-officer",
        False,
        "x.csv",
        "original.csv",
    )
    assert not (tmp_path / "x.csv").exists() and not (config.raw_dir().parent / "x.csv").exists()
    [event] = _events(users, "submit")
    assert (event["actor"], event["prefecture"], event["submission_id"], event["outcome"]) == (
        "tottori-officer",
        TOTTORI,
        s.submission_id,
        "accepted",
    )


@pytest.mark.parametrize("who", ["nobody", "forged", "disabled"])
def test_unauthenticated_forged_or_disabled_upload_is_refused(users, tmp_path, who):
    account = {
        "nobody": None,
        "forged": accounts.Account("intruder", accounts.MINISTRY, None, False, ""),
        "disabled": users.tottori,
    }[who]
    accounts.disable_account(users.tottori.name, actor="operator:test")
    with pytest.raises(PermissionError):
        portal.submit_as(account, _report(tmp_path), "r.csv", TOTTORI)
    assert submissions.list_submissions() == []
    assert _events(users, "submit")[-1]["outcome"] == "refused"


def test_prefecture_cannot_submit_for_another_prefecture(users, tmp_path):
    with pytest.raises(PermissionError):
        portal.submit_as(users.tottori, _report(tmp_path, SHIMANE), "r.csv", SHIMANE)
    assert submissions.list_submissions() == []
    [event] = _events(users, "submit")
    assert (event["actor"], event["prefecture"], event["outcome"]) == ("tottori-officer", SHIMANE, "refused")


def test_role_claimed_by_the_caller_is_ignored_in_favour_of_the_stored_one(users, tmp_path):
    escalated = accounts.Account(users.tottori.name, accounts.MINISTRY, None, False, "")
    with pytest.raises(PermissionError):
        portal.submit_as(escalated, _report(tmp_path, SHIMANE), "r.csv", SHIMANE)
    with pytest.raises(PermissionError):
        portal.read_audit(escalated)
    assert submissions.list_submissions() == []


def test_prefecture_cannot_view_or_download_another_prefectures_submission(users, tmp_path):
    theirs = portal.submit_as(users.shimane, _report(tmp_path, SHIMANE), "s.csv", SHIMANE).submission.submission_id
    ours = portal.submit_as(users.tottori, _report(tmp_path), "t.csv", TOTTORI).submission.submission_id
    assert [s.submission_id for s in portal.visible_submissions(users.tottori)] == [ours]
    assert {s.submission_id for s in portal.visible_submissions(users.ministry)} == {ours, theirs}
    for look in (portal.submission_detail, portal.submitted_file):
        with pytest.raises(PermissionError):
            look(users.tottori, theirs)
    assert len(_events(users, "view_submission") + _events(users, "download_submission")) == 2
    detail = portal.submission_detail(users.tottori, ours)
    assert (detail["submission"]["status"], detail["issues"]) == ("accepted", [])
    assert portal.submitted_file(users.tottori, ours) == ("t.csv", _report(tmp_path))
    assert portal.submitted_file(users.ministry, theirs)[0] == "s.csv"


@pytest.mark.parametrize("submission_id", ["../../accounts/users.json", "S2025", "", "../submissions"])
def test_submission_ids_are_never_paths(users, submission_id):
    with pytest.raises(KeyError):
        portal.submission_detail(users.ministry, submission_id)


def test_ministry_submits_on_behalf_and_it_is_recorded(users, tmp_path):
    received = datetime(2025, 7, 20, 9, 0, tzinfo=TOKYO)
    s = portal.submit_as(users.ministry, _report(tmp_path), "r.csv", TOTTORI, received_at=received).submission
    assert (s.user, s.on_behalf, s.prefecture_code, s.received_at) == (
        "mhlw-analyst",
        True,
        TOTTORI,
        received.isoformat(),
    )
    assert submissions.list_submissions()[0].on_behalf is True
    [event] = _events(users, "submit_on_behalf")
    assert (event["actor"], event["prefecture"], event["submission_id"]) == ("mhlw-analyst", TOTTORI, s.submission_id)


def test_prefecture_cannot_back_date_a_submission(users, tmp_path):
    with pytest.raises(PermissionError):
        portal.submit_as(
            users.tottori, _report(tmp_path), "r.csv", TOTTORI, received_at=datetime(2025, 7, 1, tzinfo=TOKYO)
        )
    assert submissions.list_submissions() == []


def test_hostile_upload_is_refused_audited_and_not_stored(users, monkeypatch):
    monkeypatch.setenv("KYOSO_MAX_UPLOAD_MB", "1")
    with pytest.raises(RejectedUpload):
        portal.submit_as(users.tottori, io.BytesIO(b"a" * (2 * 2**20)), "big.csv", TOTTORI)
    with pytest.raises(RejectedUpload):
        portal.submit_as(users.tottori, bytes(range(256)) * 64, "random.xlsx", TOTTORI)
    assert submissions.list_submissions() == []
    outcomes = [event["outcome"] for event in _events(users, "submit")]
    assert outcomes == ["refused:upload.too_large", "refused:upload.unknown_type"]


def test_rejected_and_duplicate_outcomes_are_audited(users, tmp_path):
    content = _report(tmp_path)
    portal.submit_as(users.tottori, content, "r.csv", TOTTORI)
    portal.submit_as(users.tottori, content, "again.csv", TOTTORI)
    bad = content.replace(b"10000", b"-1")
    rejected = portal.submit_as(users.tottori, bad, "bad.csv", TOTTORI)
    assert rejected.submission.outcome == "rejected" and rejected.result.errors
    assert [event["outcome"] for event in _events(users, "submit")] == ["accepted", "duplicate", "rejected"]


def test_formulas_are_read_as_their_cached_values_never_evaluated(users, tmp_path):
    path = tmp_path / "formula.xlsx"
    row = platform_rows(TOTTORI, 2025, 1, stage=2)[0]
    with xlsxwriter.Workbook(path) as workbook:
        sheet = workbook.add_worksheet(FORMS["platform_status"].title_ja)
        for col, column in enumerate(FORMS["platform_status"].columns):
            sheet.write_string(0, col, column.header_ja)
            if column.key == "member_orgs":
                sheet.write_formula(1, col, "=1+1", None, 7)  # cached value 7, formula would give 2
            else:
                sheet.write_string(1, col, str(row[column.key]))
    outcome = portal.submit_as(users.tottori, path, "formula.xlsx", TOTTORI)
    assert outcome.submission.outcome == "accepted"
    assert outcome.result.frame["member_orgs"].to_list() == [7]


def test_twenty_concurrent_submissions_are_all_recorded_exactly_once(users, tmp_path):
    contents = [_platform(tmp_path, member_orgs) for member_orgs in range(20)]
    submitters = [users.tottori, users.ministry] * 10
    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(
            pool.map(
                lambda job: portal.submit_as(job[0], job[1], f"p{job[2]}.csv", TOTTORI),
                zip(submitters, contents, range(20), strict=True),
            )
        )
    recorded = submissions.list_submissions()
    ids = [s.submission_id for s in recorded]
    assert len(recorded) == 20 and len(set(ids)) == 20
    assert sorted(ids) == sorted(o.submission.submission_id for o in outcomes)
    assert sorted(s.sha256 for s in recorded) == sorted({submissions.sha256_of(p) for p in tmp_path.glob("p*.csv")})
    assert {s.outcome for s in recorded} == {"accepted"}
    assert sorted(s.file_name for s in recorded) == sorted(f"p{i}.csv" for i in range(20))
    logged = [e["submission_id"] for e in _events(users, "submit") + _events(users, "submit_on_behalf")]
    assert sorted(logged) == sorted(ids)
