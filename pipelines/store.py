"""Raw storage and the submission register (SPEC §3.7).

Every submission gets its own immutable folder under `$KYOSO_RAW_DIR/submissions/<id>/` holding the
file as uploaded (`original.<ext>`; the uploaded name is kept only as data, never used as a path),
`submission.json` (the register entry) and `issues.json` (every error and warning). Nothing is ever
rewritten: whether an accepted submission is still effective or has been superseded is derived from
the set of entries (latest `received_at` wins), so the raw folder alone rebuilds everything.

Writers take an exclusive lock on `$KYOSO_RAW_DIR/register.lock` while they decide duplicate status
and publish their folder (by an atomic rename), so concurrent `kyoso submit` calls stay consistent.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import multiprocessing
import os
import secrets
import shutil
import unicodedata
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from pipelines import config
from pipelines.intake import validate_file
from pipelines.intake.result import IntakeResult, Issue
from pipelines.periods import TOKYO
from pipelines.uploads import display_name
from pipelines.withdrawals import Withdrawal, read_withdrawals, write_withdrawal

# Bump when intake's normalized output changes, so cached Parquet files are rebuilt from raw.
NORMALIZED_VERSION = 1

ACCEPTED, REJECTED, DUPLICATE, SUPERSEDED = "accepted", "rejected", "duplicate", "superseded"
WITHDRAWN = "withdrawn"
MAX_NOTE_CHARS = 2_000


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
    # from the withdrawal record, if any (pipelines.withdrawals)
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


@dataclass
class SubmitOutcome:
    submission: Submission
    result: IntakeResult
    replaces: str | None = None  # the submission this one superseded, if any

    def as_json(self) -> dict:
        return {
            "submission_id": self.submission.submission_id,
            "status": self.submission.outcome,
            "form": self.submission.form,
            "prefecture_code": self.submission.prefecture_code,
            "period": self.submission.period,
            "rows": self.submission.rows,
            "note": self.submission.note,
            "replaces": self.replaces,
            "duplicate_of": self.submission.duplicate_of,
            "issues": [issue.as_dict() for issue in self.result.issues],
        }


def parse_received_at(text: str | None) -> datetime:
    """ISO 8601; a value without offset is Asia/Tokyo time. Default: now."""
    if not text:
        return datetime.now(TOKYO)
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=TOKYO)


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


def submit(
    path: Path,
    prefecture_code: str,
    form: str | None = None,
    received_at: datetime | None = None,
    user: str = "",
    *,
    file_name: str | None = None,
    on_behalf: bool = False,
    note: str | None = None,
) -> SubmitOutcome:
    """Validate one file and record it. Errors reject the whole file; nothing of it reaches a table.

    `file_name` is the uploaded name (data only; cleaned here as on the upload page); `note` the
    submitter's explanation (ValueError when longer than MAX_NOTE_CHARS)."""
    path = Path(path)
    note = clean_note(note)
    received_at = received_at or datetime.now(TOKYO)
    file_name = display_name(file_name or path.name)
    digest = sha256_of(path)
    result = validate_file(
        path,
        prefecture_code,
        form=form,
        # for the >20 % change warning of municipal_report, looked up once the file's period is known
        previous_population=lambda fiscal_year, quarter: previous_population(prefecture_code, fiscal_year, quarter),
        display_name=file_name,
        received_at=received_at,
    )

    submission = Submission(
        submission_id="",  # assigned under the register lock, so ids sort in order of appearance
        form=result.form,
        prefecture_code=prefecture_code,
        fiscal_year=result.fiscal_year,
        quarter=result.quarter,
        period=result.period,
        received_at=received_at.isoformat(),
        user=user,
        sha256=digest,
        file_name=file_name,
        stored_file="",
        outcome=ACCEPTED if result.accepted else REJECTED,
        rows=result.rows,
        errors=len(result.errors),
        warnings=len(result.warnings),
        on_behalf=on_behalf,
        note=note,
    )
    if result.accepted:
        write_normalized(submission, result.frame)

    with register_lock():
        submission.submission_id = _new_submission_id()
        existing = list_submissions()
        if submission.outcome == ACCEPTED:
            twin = next(
                (
                    s
                    for s in existing
                    if s.outcome == ACCEPTED
                    and s.status != WITHDRAWN
                    and s.sha256 == digest
                    and (s.prefecture_code, s.form, s.period) == (prefecture_code, result.form, result.period)
                ),
                None,
            )
            if twin:
                submission.outcome = DUPLICATE
                submission.duplicate_of = twin.submission_id
        replaces = None
        if submission.outcome == ACCEPTED:
            current = _effective_among(existing, prefecture_code, result.form, result.period)
            if current and current.received <= received_at:
                replaces = current.submission_id
        _write_submission_folder(submission, path, result.issues)

    submission.status = submission.outcome
    return SubmitOutcome(submission, result, replaces)


def clean_note(note: str | None) -> str | None:
    """Plain text: no control or bidi-override characters (line breaks and tabs stay); None when blank."""
    if note is None:
        return None
    text = unicodedata.normalize("NFC", note).replace("\r\n", "\n")
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C").strip()
    if len(text) > MAX_NOTE_CHARS:
        raise ValueError(
            f"備考は {MAX_NOTE_CHARS:,} 文字以内で入力してください（{len(text):,} 文字） / "
            f"the note must be at most {MAX_NOTE_CHARS:,} characters ({len(text):,})"
        )
    return text or None


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


def normalized_path(submission: Submission) -> Path:
    """Cache of the normalized rows, keyed by content and submitting prefecture (codes depend on it)."""
    return (
        config.normalized_cache_dir()
        / f"v{NORMALIZED_VERSION}"
        / str(submission.form)
        / f"{submission.prefecture_code}-{submission.sha256}.parquet"
    )


def write_normalized(submission: Submission, frame: pl.DataFrame) -> Path:
    target = normalized_path(submission)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{secrets.token_hex(4)}.tmp")
    frame.write_parquet(partial)
    os.replace(partial, target)
    return target


def ensure_normalized(submission: Submission) -> Path:
    """The cached normalized Parquet of an accepted submission, re-parsed from the raw file if missing."""
    target = normalized_path(submission)
    if target.exists():
        return target
    result = validate_file(
        submission.raw_file, submission.prefecture_code, form=submission.form, received_at=submission.received
    )
    if not result.accepted:
        raise RuntimeError(
            f"submission {submission.submission_id} was accepted but no longer validates: "
            f"{[issue.message_en for issue in result.errors[:5]]}"
        )
    return write_normalized(submission, result.frame)


def _normalize_in_worker(submission: Submission) -> str:
    return str(ensure_normalized(submission))


def ensure_normalized_all(submissions: list[Submission], workers: int | None = None) -> int:
    """Re-parse, on every core, the accepted submissions whose cached normalized file is missing
    (only after `$KYOSO_DATA_DIR` was deleted or NORMALIZED_VERSION bumped). Returns how many."""
    missing = [s for s in submissions if s.status == ACCEPTED and not normalized_path(s).exists()]
    workers = min(workers or os.cpu_count() or 1, len(missing))
    if workers <= 1:
        for submission in missing:
            ensure_normalized(submission)
        return len(missing)
    missing.sort(key=lambda s: s.raw_file.stat().st_size, reverse=True)  # big files first: even finish
    # spawn, not fork: the parent may hold Polars/DuckDB threads, and forking those can deadlock
    with (
        _single_threaded_polars(),
        ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool,
    ):
        list(pool.map(_normalize_in_worker, missing))
    return len(missing)


@contextmanager
def _single_threaded_polars() -> Iterator[None]:
    """Workers spawned meanwhile get one Polars thread each: there is already a worker per core, and on
    files this small Polars' thread pool costs more in coordination than it gains (one process: −15 % time)."""
    before = os.environ.get("POLARS_MAX_THREADS")
    os.environ["POLARS_MAX_THREADS"] = "1"
    try:
        yield
    finally:
        if before is None:
            del os.environ["POLARS_MAX_THREADS"]
        else:
            os.environ["POLARS_MAX_THREADS"] = before


def previous_population(prefecture_code: str, fiscal_year: int, quarter: int) -> dict[str, int]:
    """population_65plus of each municipality in its latest effective report before this period."""
    earlier = sorted(
        (
            s
            for s in effective_submissions("municipal_report")
            if s.prefecture_code == prefecture_code and (s.fiscal_year, s.quarter) < (fiscal_year, quarter)
        ),
        key=lambda s: (s.fiscal_year, s.quarter),
        reverse=True,
    )
    populations: dict[str, int] = {}
    for submission in earlier:
        frame = pl.read_parquet(ensure_normalized(submission), columns=["municipality_code", "population_65plus"])
        for code, population in frame.iter_rows():
            populations.setdefault(code, population)
    return populations
