"""Accounts: scrypt hashes only, lock-out after repeated failures, disabled accounts, the `users` commands."""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timedelta

import pytest

from pipelines.core.periods import TOKYO
from pipelines.portal import accounts, audit, service
from pipelines.portal.cli import add_portal_commands, run_portal_command

from .conftest import TOTTORI


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="kyoso")
    add_portal_commands(parser.add_subparsers(dest="command", required=True))
    return run_portal_command(parser.parse_args(argv))


def test_password_hash_never_equals_or_contains_the_password():
    password = "correct horse battery staple"
    first, second = accounts.hash_password(password), accounts.hash_password(password)
    assert first["algorithm"] == "scrypt" and first["salt"] != second["salt"] and first["hash"] != second["hash"]
    for stored in (first, second):
        text = str(stored)
        assert password not in text and password.encode().hex() not in text
        assert accounts.verify_password(password, stored) and not accounts.verify_password(password + "x", stored)


def test_users_file_and_audit_log_hold_no_password(users):
    stored = accounts.accounts_path().read_text(encoding="utf-8")
    logged = audit.audit_path().read_text(encoding="utf-8")
    for password in users.passwords.values():
        assert password not in stored and password not in logged
    assert accounts.accounts_path().stat().st_mode & 0o077 == 0


def test_authenticate_right_wrong_unknown_and_disabled(users):
    name = users.tottori.name
    assert accounts.authenticate(name, users.passwords[name]) == users.tottori
    assert accounts.authenticate(name, "wrong") is None
    assert accounts.authenticate("nobody", users.passwords[name]) is None
    accounts.disable_account(name, actor="operator:test")
    assert accounts.authenticate(name, users.passwords[name]) is None
    with pytest.raises(PermissionError):
        accounts.require_active(users.tottori)


STRANGER, OFFICE, ELSEWHERE = "203.0.113.9", "198.51.100.7", "192.0.2.44"


def test_five_failures_from_one_address_throttle_that_address_not_the_officer(users):
    name, password = users.tottori.name, users.passwords[users.tottori.name]
    start = datetime(2025, 7, 1, 9, 0, tzinfo=TOKYO)
    for _ in range(5):
        assert accounts.authenticate(name, "guess", now=start, address=STRANGER) is None
    later = start + timedelta(minutes=14)
    assert accounts.authenticate(name, password, now=later, address=STRANGER) is None  # right password, throttled
    assert accounts.authenticate(name, password, now=later, address=OFFICE) == users.tottori  # the officer gets in
    assert accounts.authenticate(name, password, now=start + timedelta(minutes=15, seconds=1),
                                 address=STRANGER) == users.tottori
    events = [e for e in service.read_audit(users.ministry) if e["actor"] == name]
    assert [e["outcome"] for e in events] == (
        ["wrong_password"] * 4 + ["wrong_password_address_now_throttled", "address_throttled", "ok", "ok"])
    assert events[0]["detail"] == f"from {STRANGER}" and events[-2]["detail"] == f"from {OFFICE}"


def test_a_throttled_address_is_refused_for_every_account(users):
    start = datetime(2025, 7, 1, 9, 0, tzinfo=TOKYO)
    for _ in range(5):
        accounts.authenticate("nobody", "guess", now=start, address=STRANGER)
    ministry = users.ministry.name
    assert accounts.authenticate(ministry, users.passwords[ministry], now=start, address=STRANGER) is None


def test_guessing_from_many_addresses_locks_the_account(users, monkeypatch):
    monkeypatch.setenv("KYOSO_ACCOUNT_LOCKOUT_FAILURES", "3")
    name, password = users.tottori.name, users.passwords[users.tottori.name]
    start = datetime(2025, 7, 1, 9, 0, tzinfo=TOKYO)
    for address in (STRANGER, OFFICE, ELSEWHERE):
        assert accounts.authenticate(name, "guess", now=start, address=address) is None
    assert accounts.authenticate(name, password, now=start, address="192.0.2.45") is None  # locked everywhere
    assert accounts.authenticate(name, password, now=start + timedelta(minutes=16), address=OFFICE) == users.tottori


def test_failure_count_is_persistent_and_reset_by_a_success(users, monkeypatch):
    monkeypatch.setenv("KYOSO_LOCKOUT_FAILURES", "3")
    name, password = users.tottori.name, users.passwords[users.tottori.name]
    for _ in range(2):
        assert accounts.authenticate(name, "guess") is None
    assert accounts.authenticate(name, password) is not None  # success resets the count
    for _ in range(2):
        assert accounts.authenticate(name, "guess") is None
    assert accounts.authenticate(name, password) is not None
    for _ in range(3):
        accounts.authenticate(name, "guess")
    assert accounts.authenticate(name, password) is None


def test_reset_password_lifts_the_lock_and_replaces_the_password(users, monkeypatch):
    monkeypatch.setenv("KYOSO_ACCOUNT_LOCKOUT_FAILURES", "3")
    name, old = users.tottori.name, users.passwords[users.tottori.name]
    for address in (STRANGER, OFFICE, ELSEWHERE):
        accounts.authenticate(name, "guess", address=address)
    new = accounts.reset_password(name, actor="operator:test")
    assert accounts.authenticate(name, old, address="192.0.2.45") is None
    assert accounts.authenticate(name, new, address="192.0.2.45") == users.tottori


def test_reset_disable_and_role_change_each_start_a_new_session_version(users):
    name = users.tottori.name
    assert accounts.session_version(name) == 0
    accounts.reset_password(name, actor="operator:test")
    assert accounts.session_version(name) == 1
    accounts.change_role(name, "prefecture", "13", actor="operator:test")
    assert accounts.session_version(name) == 2 and accounts.get_account(name).prefecture_code == "13"
    accounts.disable_account(name, actor="operator:test")
    assert accounts.session_version(name) is None  # a disabled account has no valid session at all
    assert accounts.session_version("nobody") is None


@pytest.mark.parametrize(
    ("name", "role", "prefecture"),
    [
        ("../x", "prefecture", TOTTORI),
        ("a", "admin", None),
        ("a", "prefecture", None),
        ("a", "ministry", TOTTORI),
        ("a", "prefecture", "48"),
    ],
)
def test_invalid_accounts_are_refused(kyoso_dirs, name, role, prefecture):
    with pytest.raises(ValueError):
        accounts.add_account(name, role, prefecture, actor="operator:test")
    assert accounts.list_accounts() == []


def test_users_commands_print_the_password_once_and_audit_changes(kyoso_dirs, capsys):
    assert _run("users", "add", "tottori-officer", "--role", "prefecture", "--prefecture", "鳥取県") == 0
    printed = capsys.readouterr().out
    password = printed.split("password: ")[1].split()[0]
    assert accounts.authenticate("tottori-officer", password).prefecture_code == TOTTORI
    assert _run("users", "add", "tottori-officer", "--role", "prefecture", "--prefecture", TOTTORI) == 2
    assert _run("users", "reset-password", "nobody") == 1
    assert _run("users", "disable", "tottori-officer") == 0
    assert _run("users", "list") == 0
    listing = capsys.readouterr().out
    assert "tottori-officer\tprefecture\t31\t無効 / disabled" in listing and "scrypt" not in listing
    log = audit.audit_path().read_text(encoding="utf-8")
    assert password not in log
    assert [json.loads(line)["action"] for line in log.splitlines()] == ["account_created", "login", "account_disabled"]


def test_set_role_command_moves_the_account_and_ends_its_sessions(kyoso_dirs):
    assert _run("users", "add", "officer", "--role", "prefecture", "--prefecture", TOTTORI) == 0
    assert _run("users", "set-role", "officer", "--role", "prefecture", "--prefecture", "東京都") == 0
    assert accounts.get_account("officer").prefecture_code == "13"
    assert accounts.session_version("officer") == 1
    assert _run("users", "set-role", "officer", "--role", "ministry", "--prefecture", "13") == 2
    assert _run("users", "set-role", "nobody", "--role", "ministry") == 1
    assert accounts.get_account("officer").role == "prefecture"
