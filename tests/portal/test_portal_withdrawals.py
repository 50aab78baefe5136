"""Upload page entry points for names, notes and withdrawals: the same rules as `kyoso submit` / `kyoso withdraw`."""

from __future__ import annotations

import io
from datetime import datetime

import pytest

from pipelines import submissions
from pipelines.core.periods import TOKYO
from pipelines.portal import service as portal
from tests.builders import platform_rows, write_form_csv

from .conftest import SHIMANE, TOTTORI


def _platform(tmp_path, stage: int, prefecture: str = TOTTORI) -> bytes:
    path = write_form_csv(
        tmp_path / f"p{prefecture}-{stage}.csv", "platform_status", platform_rows(prefecture, 2025, 1, stage)
    )
    return path.read_bytes()


@pytest.mark.parametrize(
    ("name", "stored"),
    [("a[12].csv", "a[12].csv"), ("what?*.csv", "what?*.csv"), ("鳥取県 報告 (確定).csv", "鳥取県 報告 (確定).csv"),
     ("bad\u202ename\x1b.csv", "badname.csv")],
)  # fmt: skip
def test_upload_names_are_kept_as_cleaned_text(users, tmp_path, name: str, stored: str) -> None:
    outcome = portal.submit_as(users.tottori, io.BytesIO(_platform(tmp_path, 2)), name, TOTTORI, note=" 段階を更新 ")
    assert (outcome.submission.outcome, outcome.submission.file_name) == ("accepted", stored)
    assert outcome.submission.note == "段階を更新"


def test_too_long_note_is_refused_before_anything_is_stored(users, tmp_path) -> None:
    with pytest.raises(ValueError):
        portal.submit_as(users.tottori, _platform(tmp_path, 2), "p.csv", TOTTORI, note="x" * 2001)
    assert submissions.list_submissions() == []


def test_withdrawal_rights_and_audit(users, tmp_path) -> None:
    received = datetime(2025, 7, 10, 9, 0, tzinfo=TOKYO)
    first = portal.submit_as(users.ministry, _platform(tmp_path, 1), "p.csv", TOTTORI, received_at=received)
    shimane = portal.submit_as(users.shimane, _platform(tmp_path, 1, SHIMANE), "p.csv", SHIMANE)
    with pytest.raises(PermissionError):
        portal.withdraw_as(users.tottori, shimane.submission.submission_id, "他県の提出")
    withdrawn = portal.withdraw_as(users.tottori, first.submission.submission_id, "誤り")
    assert (withdrawn.status, withdrawn.withdrawn_by) == ("withdrawn", "tottori-officer")
    with pytest.raises(submissions.SubmissionRefused):
        portal.withdraw_as(users.ministry, first.submission.submission_id, "もう一度")
    ministry = portal.withdraw_as(users.ministry, shimane.submission.submission_id, "様式の誤り")
    assert ministry.withdrawn_by == "mhlw-analyst"
    events = [(e["actor"], e["outcome"]) for e in portal.read_audit(users.ministry) if e["action"] == "withdraw"]
    assert events == [
        ("tottori-officer", "refused"),
        ("tottori-officer", "withdrawn"),
        ("mhlw-analyst", "refused:withdraw.already"),
        ("mhlw-analyst", "withdrawn"),
    ]


def test_the_upload_report_is_rebuilt_from_the_register_for_its_prefecture_only(users, tmp_path) -> None:
    def upload(stage: int, received: datetime | None) -> submissions.Submission:
        path = write_form_csv(tmp_path / f"p{stage}.csv", "platform_status", platform_rows(TOTTORI, 2025, 1, stage))
        return submissions.submit(path, TOTTORI, received_at=received).submission

    first = upload(1, datetime(2025, 7, 10, 9, 0, tzinfo=TOKYO))
    second = upload(2, datetime(2025, 7, 10, 10, 0, tzinfo=TOKYO))
    portal.withdraw_as(users.tottori, second.submission_id, "段階を誤って入力")
    third = upload(3, None)  # received now, after `second` was withdrawn: it replaces `first`

    assert portal.upload_report(users.tottori, first.submission_id)[2] is None
    assert portal.upload_report(users.tottori, second.submission_id)[2] == first.submission_id
    submission, issues, replaces = portal.upload_report(users.tottori, third.submission_id)
    assert (submission.submission_id, issues, replaces) == (third.submission_id, [], first.submission_id)
    assert portal.upload_report(users.ministry, third.submission_id)[0].submission_id == third.submission_id
    with pytest.raises(PermissionError):
        portal.upload_report(users.shimane, third.submission_id)
    with pytest.raises(KeyError):
        portal.upload_report(users.tottori, "S" + "0" * 20 + "-abcdef")
