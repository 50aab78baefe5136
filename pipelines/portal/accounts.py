"""Portal accounts: ministry and prefecture users, scrypt password hashes, throttling of failed logins, and
a session version that ends open sessions when the password is reset, the account disabled or its role changed.

Accounts are source data, not derived: they live in `$KYOSO_RAW_DIR/accounts/users.json`, rewritten only
atomically (temporary file, then rename) under an exclusive lock. Passwords exist only as salted scrypt
hashes; generated passwords are returned to the operator once and never written anywhere else.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from pipelines.core import config
from pipelines.core.periods import TOKYO
from pipelines.core.reference import prefectures
from pipelines.portal import audit, login_throttle

MINISTRY, PREFECTURE = "ministry", "prefecture"
ROLES = (MINISTRY, PREFECTURE)
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}  # 16 MiB of memory per hash


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    prefecture_code: str | None  # None for ministry accounts
    disabled: bool
    created_at: str

    @property
    def is_ministry(self) -> bool:
        return self.role == MINISTRY


def account_lockout_failures() -> int:
    """Wrong passwords for one account, from all addresses together, before the account is locked for
    KYOSO_LOCKOUT_MINUTES: far above the per-address limit, so only guessing spread over many addresses
    locks an account, never a stranger's five tries."""
    return int(os.environ.get("KYOSO_ACCOUNT_LOCKOUT_FAILURES", "50"))


def accounts_path() -> Path:
    return config.raw_dir() / "accounts" / "users.json"


def hash_password(password: str, salt: bytes | None = None, params: dict | None = None) -> dict:
    params = params or _SCRYPT
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **params, maxmem=64 * 2**20, dklen=32)
    return {"algorithm": "scrypt", **params, "salt": salt.hex(), "hash": digest.hex()}


@cache
def _dummy_hash() -> dict:
    return hash_password(secrets.token_urlsafe(16))


def verify_password(password: str, stored: dict) -> bool:
    params = {key: stored[key] for key in ("n", "r", "p")}
    candidate = hash_password(password, bytes.fromhex(stored["salt"]), params)
    return hmac.compare_digest(candidate["hash"], stored["hash"])


def _read() -> dict:
    path = accounts_path()
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


@contextmanager
def _locked_users() -> Iterator[dict]:
    """The user table under an exclusive lock; written back atomically when the block succeeds."""
    path = accounts_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with open(path.parent / "users.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        users = _read()
        yield users
        partial = path.with_name(f".users.{secrets.token_hex(4)}.tmp")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(users, handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)


def _account(name: str, record: dict) -> Account:
    return Account(name, record["role"], record["prefecture_code"], record["disabled"], record["created_at"])


def get_account(name: str) -> Account | None:
    record = _read().get(name)
    return _account(name, record) if record else None


def list_accounts() -> list[Account]:
    return [_account(name, record) for name, record in sorted(_read().items())]


def _check_role(role: str, prefecture_code: str | None) -> None:
    if role not in ROLES:
        raise ValueError(f"役割は ministry か prefecture です / role must be one of {ROLES}: {role!r}")
    if (role == PREFECTURE) != (prefecture_code is not None):
        raise ValueError(
            "都道府県アカウントにのみ都道府県コードを指定します / --prefecture is required for "
            "prefecture accounts and not allowed for ministry accounts"
        )
    if prefecture_code is not None and prefecture_code not in prefectures():
        raise ValueError(f"都道府県コードが不正です / unknown prefecture code: {prefecture_code!r}")


def add_account(name: str, role: str, prefecture_code: str | None, actor: str) -> tuple[Account, str]:
    """Create an account; returns it with its generated initial password (show it once, store it nowhere)."""
    if not _NAME.fullmatch(name):
        raise ValueError(f"アカウント名は英数字と . _ - で64文字以内です / invalid account name: {name!r}")
    _check_role(role, prefecture_code)
    password = secrets.token_urlsafe(16)
    with _locked_users() as users:
        if name in users:
            raise ValueError(f"アカウント {name} は既に存在します / account {name} already exists")
        users[name] = {
            "role": role,
            "prefecture_code": prefecture_code,
            "disabled": False,
            "created_at": datetime.now(TOKYO).isoformat(timespec="seconds"),
            "password": hash_password(password),
            "failed_logins": 0,
            "locked_until": None,
            "session_version": 0,
        }
        account = _account(name, users[name])
    audit.record(actor, "account_created", prefecture=prefecture_code, outcome="ok", detail=f"{name} role={role}")
    return account, password


def _change(name: str, actor: str, action: str, change: dict) -> None:
    """Apply an account change; every change ends the account's open sessions (a new session version)."""
    with _locked_users() as users:
        if name not in users:
            raise KeyError(f"アカウント {name} はありません / no account named {name}")
        users[name].update(change, session_version=users[name].get("session_version", 0) + 1)
        prefecture = users[name]["prefecture_code"]
    audit.record(actor, action, prefecture=prefecture, outcome="ok", detail=name)


def disable_account(name: str, actor: str) -> None:
    _change(name, actor, "account_disabled", {"disabled": True})


def change_role(name: str, role: str, prefecture_code: str | None, actor: str) -> None:
    """Make the account a ministry account or another prefecture's account (its open sessions end)."""
    _check_role(role, prefecture_code)
    _change(name, actor, "role_changed", {"role": role, "prefecture_code": prefecture_code})


def session_version(name: str) -> int | None:
    """The account's current session version; None when it does not exist or is disabled."""
    record = _read().get(name)
    return None if not record or record["disabled"] else record.get("session_version", 0)


def reset_password(name: str, actor: str) -> str:
    """A new generated password (also lifts a lock-out); returned once for the operator to hand over."""
    password = secrets.token_urlsafe(16)
    _change(
        name, actor, "password_reset", {"password": hash_password(password), "failed_logins": 0, "locked_until": None}
    )
    return password


def authenticate(name: str, password: str, now: datetime | None = None, address: str | None = None
                 ) -> Account | None:
    """The account when the password is right, the account active and neither the client address
    (`login_throttle`) nor the account (guessing from many addresses) is throttled; else None."""
    now = now or datetime.now(TOKYO)
    address_throttled = login_throttle.is_throttled(address, now)
    with _locked_users() as users:
        record = users.get(name)
        # always exactly one hash, so response time reveals neither unknown nor locked accounts
        matches = verify_password(password, record["password"] if record else _dummy_hash())
        if address_throttled:
            outcome = "address_throttled"
        elif record is None:
            outcome = "unknown_account"
        elif record["locked_until"] and now < datetime.fromisoformat(record["locked_until"]):
            outcome = "locked"
        elif not matches:
            record["failed_logins"] += 1
            outcome = "wrong_password"
            if record["failed_logins"] >= account_lockout_failures():
                record["locked_until"] = (now + timedelta(minutes=login_throttle.throttle_minutes())).isoformat()
                record["failed_logins"] = 0
                outcome = "wrong_password_now_locked"
        elif record["disabled"]:
            outcome = "disabled"
        else:
            record.update(failed_logins=0, locked_until=None)
            outcome = "ok"
    if outcome == "ok":
        login_throttle.record_success(address)
    elif outcome != "address_throttled" and login_throttle.record_failure(address, now):
        outcome += "_address_now_throttled"
    prefecture = record["prefecture_code"] if record else None
    audit.record(name, "login" if outcome == "ok" else "login_failed", prefecture=prefecture, outcome=outcome,
                 detail=f"from {address or login_throttle.LOCAL}")
    return _account(name, record) if outcome == "ok" else None


def require_active(account: Account | None) -> Account:
    """The stored, current state of a logged-in account; PermissionError when missing or disabled."""
    current = get_account(account.name) if account is not None else None
    if current is None or current.disabled:
        raise PermissionError("ログインしていないか、アカウントが無効です / not logged in or account disabled")
    return current
