"""Audit log: append-only JSON lines, Asia/Tokyo times, readable by ministry accounts only."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest

from pipelines.portal import accounts, audit, service


def test_existing_lines_are_never_rewritten(users):
    before = audit.audit_path().read_bytes()
    accounts.authenticate(users.tottori.name, "wrong")
    accounts.disable_account(users.shimane.name, actor="operator:test")
    after = audit.audit_path().read_bytes()
    assert after.startswith(before) and len(after.splitlines()) == len(before.splitlines()) + 2


def test_events_carry_time_actor_action_and_no_secret(users):
    accounts.authenticate(users.tottori.name, "not-the-password")
    event = service.read_audit(users.ministry)[-1]
    assert set(event) == {"time", "actor", "action", "prefecture", "submission_id", "outcome", "detail"}
    assert datetime.fromisoformat(event["time"]).utcoffset().total_seconds() == 9 * 3600
    assert (event["actor"], event["action"], event["prefecture"], event["outcome"]) == (
        "tottori-officer",
        "login_failed",
        "31",
        "wrong_password",
    )
    assert "not-the-password" not in audit.audit_path().read_text(encoding="utf-8")


def test_only_active_ministry_accounts_may_read_it(users):
    with pytest.raises(PermissionError):
        service.read_audit(users.tottori)
    with pytest.raises(PermissionError):
        service.read_audit(None)
    forged = accounts.Account("intruder", accounts.MINISTRY, None, False, "")
    with pytest.raises(PermissionError):
        service.read_audit(forged)
    assert service.read_audit(users.ministry)[-1]["action"] == "audit_view_denied"


def test_concurrent_writers_leave_whole_lines(kyoso_dirs):
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda i: audit.record(f"user{i}", "submit", detail="x" * 400), range(200)))
    lines = audit.audit_path().read_text(encoding="utf-8").splitlines()
    assert sorted(json.loads(line)["actor"] for line in lines) == sorted(f"user{i}" for i in range(200))
