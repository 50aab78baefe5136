"""Withdrawal (取り下げ, SPEC §3.7): the file stays, a record is added, the effective submission falls back."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime

import duckdb
import pytest

from pipelines import submissions
from pipelines.core import config
from pipelines.core.periods import TOKYO
from pipelines.refresh import run_refresh
from tests.builders import municipal_rows, platform_rows, write_form_csv


def _at(day: int, hour: int = 10) -> datetime:
    return datetime(2025, 7, day, hour, 0, tzinfo=TOKYO)


def _status_of() -> dict[str, str]:
    return {s.submission_id: s.status for s in submissions.list_submissions()}


def _platform(tmp_path, name: str, stage: int, prefecture: str = "31"):
    return write_form_csv(tmp_path / name, "platform_status", platform_rows(prefecture, 2025, 1, stage))


def test_withdrawal_falls_back_and_frees_the_bytes_for_resubmission(kyoso_dirs, tmp_path) -> None:
    raw, _ = kyoso_dirs
    a = submissions.submit(_platform(tmp_path, "a.csv", 1), "31", received_at=_at(1)).submission
    b = submissions.submit(_platform(tmp_path, "b.csv", 2), "31", received_at=_at(2)).submission
    assert _status_of() == {a.submission_id: "superseded", b.submission_id: "accepted"}

    withdrawn = submissions.withdraw(b.submission_id, "  基金額の桁を誤ったため  ", "tottori-officer", when=_at(3))
    assert (withdrawn.status, withdrawn.withdrawn_by) == ("withdrawn", "tottori-officer")
    assert (withdrawn.withdrawal_reason, withdrawn.withdrawn_at) == ("基金額の桁を誤ったため", _at(3).isoformat())
    assert _status_of() == {a.submission_id: "accepted", b.submission_id: "withdrawn"}
    assert [s.submission_id for s in submissions.effective_submissions("platform_status")] == [a.submission_id]
    assert b.raw_file.exists() and (raw / "submissions" / b.submission_id / "submission.json").exists()

    submissions.withdraw(a.submission_id, "様式の誤り", "ministry-analyst", when=_at(4))
    assert set(_status_of().values()) == {"withdrawn"}
    assert submissions.effective_submissions("platform_status") == []

    again = submissions.submit(_platform(tmp_path, "a-again.csv", 1), "31", received_at=_at(5)).submission
    assert again.sha256 == a.sha256
    assert (again.outcome, again.duplicate_of) == ("accepted", None)
    assert _status_of()[again.submission_id] == "accepted"


@pytest.mark.parametrize("case", ["unknown", "rejected", "duplicate", "already", "no_reason"])
def test_withdrawals_that_are_refused(kyoso_dirs, tmp_path, case: str) -> None:
    accepted = submissions.submit(_platform(tmp_path, "a.csv", 1), "31", received_at=_at(1)).submission
    target = {
        "unknown": lambda: "S20250701000000000000-abcdef",
        "rejected": lambda: submissions.submit(_platform(tmp_path, "x.csv", 9), "31", received_at=_at(2)).submission,
        "duplicate": lambda: submissions.submit(_platform(tmp_path, "a2.csv", 1), "31", received_at=_at(2)).submission,
        "already": lambda: submissions.withdraw(accepted.submission_id, "誤り", "u"),
        "no_reason": lambda: accepted,
    }[case]()
    submission_id = target if isinstance(target, str) else target.submission_id
    rules = {
        "unknown": "withdraw.unknown",
        "rejected": "withdraw.not_accepted",
        "duplicate": "withdraw.not_accepted",
        "already": "withdraw.already",
        "no_reason": "withdraw.no_reason",
    }
    with pytest.raises(submissions.SubmissionRefused) as refused:
        submissions.withdraw(submission_id, "" if case == "no_reason" else "理由", "u")
    assert refused.value.rule == rules[case]
    assert refused.value.message_ja and refused.value.message_en


def _kyoso(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipelines.cli", *args], capture_output=True, text=True)


def test_kyoso_withdraw_exit_statuses_and_audit(kyoso_dirs, tmp_path) -> None:
    raw, _ = kyoso_dirs
    accepted = submissions.submit(_platform(tmp_path, "a.csv", 1), "31", received_at=_at(1)).submission
    assert _kyoso("withdraw", accepted.submission_id).returncode == 2  # --reason is required
    done = _kyoso("withdraw", accepted.submission_id, "--reason", "数値の誤り", "--user", "yamada", "--json")
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    assert (body["status"], body["withdrawn_by"], body["withdrawal_reason"]) == ("withdrawn", "yamada", "数値の誤り")
    again = _kyoso("withdraw", accepted.submission_id, "--reason", "再度", "--json")
    assert again.returncode == 1 and json.loads(again.stdout)["rule"] == "withdraw.already"
    assert _kyoso("withdraw", "S1", "--reason", "x").returncode == 1
    events = [json.loads(line) for line in (raw / "audit" / "audit.log").read_text().splitlines()]
    assert [(e["action"], e["outcome"]) for e in events] == [
        ("withdraw_cli", "withdrawn"),
        ("withdraw_cli", "refused:withdraw.already"),
        ("withdraw_cli", "refused:withdraw.unknown"),
    ]


def _published(sql: str, *params) -> list[tuple]:
    con = duckdb.connect(str(config.published_path()), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


@pytest.mark.slow
def test_withdrawal_end_to_end(kyoso_dirs, tmp_path) -> None:
    """A (2 town meetings in each of Tottori's 19 municipalities = 38), correction B (3 each = 57), withdraw B,
    refresh → A's numbers again; withdraw A → no report, completeness NULL; A's bytes again → accepted."""
    file_a = write_form_csv(tmp_path / "a.csv", "municipal_report", municipal_rows("31", 2025, 1))
    file_b = write_form_csv(tmp_path / "b.csv", "municipal_report", municipal_rows("31", 2025, 1, town_meetings=3))
    a = submissions.submit(file_a, "31", received_at=_at(1), note="初回提出").submission
    b = submissions.submit(file_b, "31", received_at=_at(2), note="人口を訂正").submission
    assert run_refresh() is True
    meetings = "select town_meetings, completeness from mart_prefecture_quarter where prefecture_code = '31'"
    assert _published(meetings) == [(57, 1.0)]

    submissions.withdraw(b.submission_id, "訂正が誤っていた", "tottori", when=_at(3))
    assert run_refresh() is True
    assert _published(meetings) == [(38, 1.0)]
    register = _published(
        "select submission_id, status, note, withdrawn_by, withdrawal_reason, withdrawn_at_jst"
        " from mart_submissions order by received_at"
    )
    assert register == [
        (a.submission_id, "accepted", "初回提出", None, None, None),
        (b.submission_id, "withdrawn", "人口を訂正", "tottori", "訂正が誤っていた", datetime(2025, 7, 3, 10, 0)),
    ]

    submissions.withdraw(a.submission_id, "様式の誤り", "tottori", when=_at(4))
    assert run_refresh() is True
    # no accepted submission is left, so no period is monitored any more: the prefecture has no row at all
    assert _published(meetings) == []

    resubmitted = submissions.submit(file_a, "31", received_at=_at(5)).submission
    assert resubmitted.outcome == "accepted"
    assert run_refresh() is True
    assert _published(meetings) == [(38, 1.0)]
