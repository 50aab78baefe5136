"""Receive one file: validate it once, then store it — the cached normalized rows first, then its
folder in the register. Errors reject the whole file; nothing of it reaches a table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl

from pipelines.core.periods import TOKYO
from pipelines.core.vocab import ACCEPTED, REJECTED
from pipelines.intake import IntakeResult, validate_file
from pipelines.submissions import cache, register
from pipelines.submissions.register import Submission
from pipelines.submissions.text import clean_note, display_name


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
    """Validate one file and record it.

    `file_name` is the uploaded name (data only; cleaned here as on the upload page); `note` the
    submitter's explanation (ValueError when longer than MAX_NOTE_CHARS)."""
    path = Path(path)
    note = clean_note(note)
    received_at = received_at or datetime.now(TOKYO)
    file_name = display_name(file_name or path.name)
    result = validate_file(
        path,
        prefecture_code,
        form=form,
        # the >20 % change warning of municipal_report: asked for only once the file's period is known
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
        sha256=register.sha256_of(path),
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
        cache.write_normalized(submission, result.frame)
    replaces = register.record(submission, path, result.issues)
    return SubmitOutcome(submission, result, replaces)


def previous_population(prefecture_code: str, fiscal_year: int, quarter: int) -> dict[str, int]:
    """population_65plus of each municipality in its latest effective report before this period."""
    earlier = sorted(
        (
            s
            for s in register.effective_submissions("municipal_report")
            if s.prefecture_code == prefecture_code and (s.fiscal_year, s.quarter) < (fiscal_year, quarter)
        ),
        key=lambda s: (s.fiscal_year, s.quarter),
        reverse=True,
    )
    populations: dict[str, int] = {}
    for submission in earlier:
        frame = pl.read_parquet(cache.ensure_normalized(submission), columns=["municipality_code", "population_65plus"])
        for code, population in frame.iter_rows():
            populations.setdefault(code, population)
    return populations
