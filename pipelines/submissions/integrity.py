"""`kyoso verify` and `kyoso backup`: raw/ is the only source of truth, so it is checked and copied whole.

verify: every submission folder's register entry is read back, its stored file re-hashed against the
register's sha256, its issues list counted against the entry's error and warning counts; every withdrawal
record is read back and must name an accepted submission. Any disagreement is a Problem naming the file.

backup: a copy of raw/ taken while the register lock is held (no submission or withdrawal can land
half-way), the accounts file under its lock and the audit log under its lock; written beside the target
and renamed into place, then verified like the original.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from pipelines import submissions
from pipelines.core import config
from pipelines.submissions.withdrawals import Withdrawal, withdrawals_dir

REGISTER_FIELDS = ("submission_id", "prefecture_code", "received_at", "sha256", "outcome", "errors", "warnings")


@dataclass(frozen=True)
class Problem:
    path: Path
    message: str  # "日本語 / English"

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def _json(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


def _check_submission(folder: Path) -> tuple[dict | None, list[Problem]]:
    entry_path = folder / "submission.json"
    try:
        entry = _json(entry_path)
        missing = [name for name in REGISTER_FIELDS if name not in entry]
        if missing or entry["submission_id"] != folder.name:
            raise ValueError(f"fields missing or wrong id: {missing or entry['submission_id']}")
    except (OSError, ValueError, TypeError) as error:
        return None, [Problem(entry_path, f"登録情報を読めません / register entry unreadable ({error})")]
    problems = []
    if entry["outcome"] == submissions.DUPLICATE:
        if not (folder.parent / str(entry.get("duplicate_of")) / "submission.json").is_file():
            problems.append(Problem(entry_path, f"重複元の提出がありません / duplicate_of {entry.get('duplicate_of')} "
                                                "is missing"))
    else:
        stored = folder / (entry.get("stored_file") or "original")
        if not stored.is_file():
            problems.append(Problem(stored, "保存ファイルがありません / stored file is missing"))
        elif submissions.sha256_of(stored) != entry["sha256"]:
            problems.append(Problem(stored, "ハッシュが登録と一致しません（ファイルが変更されています） / "
                                            "sha256 differs from the register: the file was altered"))
    issues_path = folder / "issues.json"
    try:
        severities = [issue["severity"] for issue in _json(issues_path)]
        if (severities.count("error"), severities.count("warning")) != (entry["errors"], entry["warnings"]):
            problems.append(Problem(issues_path, "エラー・警告の件数が登録と一致しません / error and warning counts "
                                                 "differ from the register"))
    except (OSError, ValueError, TypeError, KeyError) as error:
        problems.append(Problem(issues_path, f"検証結果を読めません / issues unreadable ({error})"))
    return entry, problems


def _check_withdrawals(entries: dict[str, dict]) -> tuple[int, list[Problem]]:
    folder = withdrawals_dir()
    records = sorted(folder.glob("S*.json")) if folder.is_dir() else []
    problems = []
    for path in records:
        try:
            record = Withdrawal(**_json(path))
        except (OSError, ValueError, TypeError) as error:
            problems.append(Problem(path, f"取り下げ記録を読めません / withdrawal record unreadable ({error})"))
            continue
        entry = entries.get(record.submission_id)
        if path.stem != record.submission_id or entry is None or entry["outcome"] != submissions.ACCEPTED:
            problems.append(Problem(path, "取り下げ記録が受理済みの提出を指していません / withdrawal record does not "
                                          "name an accepted submission"))
    return len(records), problems


def verify() -> tuple[int, int, list[Problem]]:
    """(submissions checked, withdrawal records checked, problems) for the raw folder now."""
    root = config.submissions_dir()
    folders = sorted(p for p in root.iterdir() if p.is_dir() and p.name.startswith("S")) if root.is_dir() else []
    entries, problems = {}, []
    for folder in folders:
        entry, found = _check_submission(folder)
        problems += found
        if entry is not None:
            entries[entry["submission_id"]] = entry
    withdrawals, found = _check_withdrawals(entries)
    return len(folders), withdrawals, problems + found


def _ignored(_folder: str, names: list[str]) -> set[str]:
    """Lock files and half-written temporary files are not data."""
    return {n for n in names if n.endswith((".lock", ".tmp")) or (n.startswith(".") and ".tmp" in n)}


def backup(target: Path) -> Path:
    """Copy raw/ to `target` (which must not exist yet) consistently; returns the target."""
    source, target = config.raw_dir(), target.resolve()
    if target.exists():
        raise FileExistsError(f"バックアップ先が既にあります / backup target already exists: {target}")
    if target.is_relative_to(source):
        raise ValueError(f"バックアップ先は raw/ の外にしてください / back up outside raw/: {target}")
    partial = target.with_name(f".{target.name}.partial")
    shutil.rmtree(partial, ignore_errors=True)
    with ExitStack() as locks:
        locks.enter_context(submissions.register_lock())
        for lock in (source / "accounts" / "users.lock", source / "audit" / "audit.log"):
            if lock.exists():
                handle = locks.enter_context(open(lock, "a+"))  # noqa: SIM115 - closed by the ExitStack
                fcntl.flock(handle, fcntl.LOCK_EX)
        shutil.copytree(source, partial, ignore=_ignored, symlinks=True)
    os.replace(partial, target)
    return target
