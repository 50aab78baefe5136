"""The submission register (SPEC §3.7): the only writer under `$KYOSO_RAW_DIR/submissions/`.

Every submission gets its own immutable folder `submissions/<id>/` holding the file as uploaded
(`original.<ext>`; the uploaded name is kept only as data, never used as a path), `submission.json` (the
register entry) and `issues.json` (every error and warning). Nothing is ever rewritten: whether an accepted
submission is still effective or has been superseded is derived from the set of entries (latest
`received_at` wins), so the raw folder alone rebuilds everything.

Writers take an exclusive lock on `$KYOSO_RAW_DIR/register.lock` while they decide duplicate status and
publish their folder (by an atomic rename), so concurrent `kyoso submit` calls stay consistent.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from pipelines.core import config
from pipelines.core.periods import TOKYO
from pipelines.core.vocab import ACCEPTED, DUPLICATE, SUPERSEDED, WITHDRAWN
from pipelines.intake.result import Issue
from pipelines.submissions.text import clean_note
from pipelines.submissions.withdrawals import Withdrawal, read_withdrawals, write_withdrawal


@dataclass
class Submission:
    submission_id: str
    form: str | None
    prefecture_code: str
    fiscal_year: int | None
    quarter: int | None
    period: str | None
    received_at: str  # ISO 8601 with offset
    user: str
    sha256: str
    file_name: str
    stored_file: str  # path relative to the submission folder ('' for duplicates)
    outcome: str  # accepted / rejected / duplicate, as decided at submission time
    rows: int
    errors: int
    warnings: int
    duplicate_of: str | None = None
    on_behalf: bool = False  # submitted by a ministry account for the prefecture (upload portal)
    note: str | None = None  # the submitter's explanation (備考), shown beside the numbers
    # derived: accepted / superseded / rejected / duplicate / withdrawn
    status: str = field(default="", compare=False)
    # from the withdrawal record, if any (pipelines.submissions.withdrawals)
    withdrawn_at: str | None = field(default=None, compare=False)
    withdrawn_by: str | None = field(default=None, compare=False)
    withdrawal_reason: str | None = field(default=None, compare=False)

    @property
    def received(self) -> datetime:
        return datetime.fromisoformat(self.received_at)

    @property
    def folder(self) -> Path:
        return config.submissions_dir() / self.submission_id

    @property
    def raw_file(self) -> Path:
        original = self.folder if not self.duplicate_of else config.submissions_dir() / self.duplicate_of
        return original / (self.stored_file or "original")

    def register_entry(self) -> dict:
        """What submission.json holds: everything decided at submission time, nothing derived later."""
        entry = asdict(self)
        for derived in _DERIVED:
            entry.pop(derived)
        return entry


_DERIVED = ("status", "withdrawn_at", "withdrawn_by", "withdrawal_reason")


class SubmissionRefused(Exception):
    """A request about a stored submission that cannot be done (unknown id, not accepted, withdrawn)."""

    def __init__(self, rule: str, message_ja: str, message_en: str) -> None:
        super().__init__(f"{message_ja} / {message_en}")
        self.rule, self.message_ja, self.message_en = rule, message_ja, message_en


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@contextmanager
def register_lock() -> Iterator[None]:
    config.submissions_dir().mkdir(parents=True, exist_ok=True)
    with open(config.raw_dir() / "register.lock", "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def record(submission: Submission, source: Path, issues: list[Issue]) -> str | None:
    """Store a validated submission under the register lock: assign its id, mark an accepted file that is
    already stored for the same prefecture, form and period as a duplicate, write its folder. Returns the
    id of the effective submission it supersedes, if any."""
    with register_lock():
        submission.submission_id = _new_submission_id()
        existing = list_submissions()
        key = (submission.prefecture_code, submission.form, submission.period)
        if submission.outcome == ACCEPTED:
            twin = next(
                (
                    s
                    for s in existing
                    if s.outcome == ACCEPTED
                    and s.status != WITHDRAWN
                    and s.sha256 == submission.sha256
                    and (s.prefecture_code, s.form, s.period) == key
                ),
                None,
            )
            if twin:
                submission.outcome = DUPLICATE
                submission.duplicate_of = twin.submission_id
        replaces = None
        if submission.outcome == ACCEPTED:
            current = _effective_among(existing, *key)
            if current and current.received <= submission.received:
                replaces = current.submission_id
        _write_submission_folder(submission, source, issues)
    submission.status = submission.outcome
    return replaces


def withdraw(submission_id: str, reason: str, user: str, when: datetime | None = None) -> Submission:
    """Withdraw an accepted submission (SPEC §3.7): its folder stays, a withdrawal record is added.

    SubmissionRefused: unknown id, never accepted (rejected or duplicate), already withdrawn, or no reason."""
    reason = clean_note(reason) or ""
    if not reason:
        raise SubmissionRefused(
            "withdraw.no_reason",
            "取り下げの理由を入力してください。",
            "Please give the reason for the withdrawal.",
        )
    with register_lock():
        found = next((s for s in list_submissions() if s.submission_id == submission_id), None)
        if found is None:
            raise SubmissionRefused(
                "withdraw.unknown", f"提出 {submission_id} はありません。", f"There is no submission {submission_id}."
            )
        if found.status == WITHDRAWN:
            raise SubmissionRefused(
                "withdraw.already",
                f"提出 {submission_id} は {found.withdrawn_at} に取り下げ済みです。",
                f"Submission {submission_id} was already withdrawn at {found.withdrawn_at}.",
            )
        if found.outcome != ACCEPTED:
            raise SubmissionRefused(
                "withdraw.not_accepted",
                f"提出 {submission_id} は受理されていないため（状態: {found.status}）、取り下げできません。",
                f"Submission {submission_id} was not accepted (status: {found.status}) and cannot be withdrawn.",
            )
        moment = (when or datetime.now(TOKYO)).isoformat()
        write_withdrawal(Withdrawal(submission_id, moment, user, reason))
    return next(s for s in list_submissions() if s.submission_id == submission_id)


def _new_submission_id() -> str:
    return f"S{datetime.now(UTC):%Y%m%d%H%M%S%f}-{secrets.token_hex(3)}"


def _write_submission_folder(submission: Submission, source: Path, issues: list[Issue]) -> None:
    final = config.submissions_dir() / submission.submission_id
    staging = config.submissions_dir() / f".{submission.submission_id}.tmp"
    staging.mkdir(parents=True)
    if submission.outcome != DUPLICATE:
        suffix = "".join(source.suffixes[-1:]).lower()
        submission.stored_file = "original" + (suffix if suffix in {".xlsx", ".csv", ".parquet"} else "")
        shutil.copyfile(source, staging / submission.stored_file)
    (staging / "issues.json").write_text(
        json.dumps([issue.as_dict() for issue in issues], ensure_ascii=False, indent=1), encoding="utf-8"
    )
    (staging / "submission.json").write_text(
        json.dumps(submission.register_entry(), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    os.replace(staging, final)


@functools.lru_cache(maxsize=200_000)
def _read_entry_cached(root: Path, folder: str) -> dict:
    return json.loads((root / folder / "submission.json").read_text(encoding="utf-8"))


def _read_entry(root: Path, folder: str) -> Submission:
    """Submission folders appear complete (atomic rename) and never change, so entries are cached."""
    return Submission(**_read_entry_cached(root, folder))


def list_submissions() -> list[Submission]:
    """Every recorded submission with its derived status, oldest received first."""
    root = config.submissions_dir()
    if not root.exists():
        return []
    submissions = [_read_entry(root, entry.name) for entry in os.scandir(root) if entry.name.startswith("S")]
    submissions.sort(key=lambda s: (s.received, s.submission_id))
    withdrawals = read_withdrawals()
    for s in submissions:
        record = withdrawals.get(s.submission_id)
        if record is not None and s.outcome == ACCEPTED:
            s.withdrawn_at, s.withdrawn_by, s.withdrawal_reason = (
                record.withdrawn_at,
                record.withdrawn_by,
                record.reason,
            )
            s.status = WITHDRAWN
    effective = {id(s) for s in _effective_submissions(submissions)}
    for s in submissions:
        if s.status != WITHDRAWN:
            s.status = (ACCEPTED if id(s) in effective else SUPERSEDED) if s.outcome == ACCEPTED else s.outcome
    return submissions


def _effective_submissions(submissions: list[Submission]) -> list[Submission]:
    """The latest accepted, not withdrawn, submission of each (prefecture, form, period)."""
    latest: dict[tuple, Submission] = {}
    for s in submissions:
        if s.outcome != ACCEPTED or s.status == WITHDRAWN:
            continue
        key = (s.prefecture_code, s.form, s.period)
        if key not in latest or (s.received, s.submission_id) > (latest[key].received, latest[key].submission_id):
            latest[key] = s
    return list(latest.values())


def _effective_among(submissions: list[Submission], prefecture: str, form: str | None, period: str | None):
    matches = [
        s
        for s in _effective_submissions(submissions)
        if (s.prefecture_code, s.form, s.period) == (prefecture, form, period)
    ]
    return matches[0] if matches else None


def effective_submissions(form: str, submissions: list[Submission] | None = None) -> list[Submission]:
    submissions = list_submissions() if submissions is None else submissions
    return [s for s in submissions if s.form == form and s.status == ACCEPTED]


def read_issues(submission: Submission) -> list[dict]:
    return json.loads((submission.folder / "issues.json").read_text(encoding="utf-8"))
