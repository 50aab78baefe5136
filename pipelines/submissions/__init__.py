"""Raw submissions: the register (the only writer under raw/submissions), the normalized cache, and
submit (validate once, then store). Other rooms use the names re-exported here.

    submit(path, prefecture_code, ...) -> SubmitOutcome      validate once, cache the rows, record
    list_submissions() -> [Submission]                       every entry with its derived status
    withdraw(submission_id, reason, user) -> Submission      add a withdrawal record
"""

from pipelines.core.vocab import ACCEPTED, DUPLICATE, REJECTED, SUPERSEDED, WITHDRAWN
from pipelines.submissions.cache import (
    NORMALIZED_VERSION,
    ensure_normalized,
    ensure_normalized_all,
    normalized_path,
)
from pipelines.submissions.receive import SubmitOutcome, parse_received_at, submit
from pipelines.submissions.register import (
    Submission,
    SubmissionRefused,
    effective_submissions,
    list_submissions,
    read_issues,
    register_lock,
    sha256_of,
    withdraw,
)
from pipelines.submissions.text import MAX_NOTE_CHARS, clean_note, display_name

__all__ = [
    "ACCEPTED", "DUPLICATE", "MAX_NOTE_CHARS", "NORMALIZED_VERSION", "REJECTED", "SUPERSEDED", "WITHDRAWN",
    "Submission", "SubmissionRefused", "SubmitOutcome", "clean_note", "display_name", "effective_submissions",
    "ensure_normalized", "ensure_normalized_all", "list_submissions", "normalized_path", "parse_received_at",
    "read_issues", "register_lock", "sha256_of", "submit", "withdraw",
]
