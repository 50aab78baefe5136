"""Server side of the prefecture upload portal: the only entry points the upload page (or any endpoint) calls.

Authorization lives here, not in the page: every function re-reads the account from storage (so a disabled
account stops working at once), a prefecture account reaches only its own prefecture, and a ministry account
reaches every prefecture and may submit on a prefecture's behalf (recorded in the register and the audit).
The dashboards reach the portal only through this module: what they need besides the actions (account
lookups for the login, the upload limit, the template writer, the register's types) is re-exported here.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from pipelines.core.reference import prefectures
from pipelines.intake.layout import row_ranges
from pipelines.portal import audit
from pipelines.portal.accounts import Account, authenticate, get_account, require_active, session_version
from pipelines.portal.templates import write_template
from pipelines.portal.uploads import RejectedUpload, display_name, max_upload_bytes, safe_upload_copy, too_large
from pipelines.submissions import (
    ACCEPTED,
    SUPERSEDED,
    Submission,
    SubmissionRefused,
    SubmitOutcome,
    clean_note,
    list_submissions,
    read_issues,
    submit,
    withdraw,
)

__all__ = [
    "ACCEPTED", "SUPERSEDED", "Account", "RejectedUpload", "Submission", "SubmissionRefused", "SubmitOutcome",
    "authenticate", "get_account", "guarded_submit", "max_upload_bytes", "read_audit", "record_session",
    "row_ranges", "session_version", "submission_detail", "submit_as", "submitted_file", "too_large",
    "upload_report", "visible_submissions", "withdraw_as", "write_template",
]

_SUBMISSION_ID = re.compile(r"S\d{20}-[0-9a-f]{6}")


def _denied(account: Account | None, action: str, prefecture: str | None, reason: str, message: str) -> PermissionError:
    """Audit a refusal and return the error to raise."""
    audit.record(
        account.name if account else "(anonymous)", action, prefecture=prefecture, outcome="refused", detail=reason
    )
    return PermissionError(message)


def _active(account: Account | None, action: str, prefecture: str | None = None) -> Account:
    try:
        return require_active(account)
    except PermissionError as error:
        raise _denied(account, action, prefecture, "not logged in or disabled", str(error)) from None


def _check_prefecture(account: Account, action: str, prefecture: str) -> None:
    if not account.is_ministry and account.prefecture_code != prefecture:
        raise _denied(
            account,
            action,
            prefecture,
            f"account of prefecture {account.prefecture_code}",
            f"都道府県 {prefecture} のデータは扱えません（所属: {account.prefecture_code}） / "
            f"this account may only access prefecture {account.prefecture_code}, not {prefecture}",
        )


def submit_as(
    account: Account | None,
    upload: BinaryIO | bytes | Path,
    original_name: str,
    prefecture_code: str,
    form: str | None = None,
    received_at: datetime | None = None,
    note: str | None = None,
) -> SubmitOutcome:
    """Check, validate and store one upload for `prefecture_code` on behalf of `account`.

    PermissionError: not logged in, disabled, another prefecture, or a back-dated `received_at` from a
    prefecture account. RejectedUpload: too large, unknown type, zip bomb (bilingual messages).
    ValueError: a note over 2,000 characters. Otherwise the store's outcome (accepted / rejected with every
    issue / duplicate).
    """
    current = _active(account, "submit", prefecture_code)
    if prefecture_code not in prefectures():
        raise ValueError(f"都道府県コードが不正です / unknown prefecture code: {prefecture_code!r}")
    _check_prefecture(current, "submit", prefecture_code)
    if received_at is not None and not current.is_ministry:
        raise _denied(
            current,
            "submit",
            prefecture_code,
            "received_at given by a prefecture account",
            "受付日時の指定は厚生労働省のアカウントのみ可能です / only ministry accounts may set received_at",
        )
    clean_note(note)  # a too long note fails before anything is copied
    action = "submit_on_behalf" if current.is_ministry else "submit"
    return guarded_submit(
        upload,
        original_name,
        prefecture_code,
        actor=current.name,
        action=action,
        form=form,
        received_at=received_at,
        user=current.name,
        on_behalf=current.is_ministry,
        note=note,
    )


def guarded_submit(
    upload: BinaryIO | bytes | Path,
    original_name: str,
    prefecture_code: str,
    *,
    actor: str,
    action: str,
    user: str,
    max_bytes: int | None = None,
    **submit_options,
) -> SubmitOutcome:
    """The upload guards (size cap, type by content, zip-bomb limits, name cleaning), then the store, then
    the audit record: the same steps for the upload page and `kyoso submit` (SPEC §3.7)."""
    try:
        received = safe_upload_copy(upload, original_name, max_bytes)
    except RejectedUpload as error:
        audit.record(
            actor,
            action,
            prefecture=prefecture_code,
            outcome=f"refused:{error.rule}",
            detail=f"file={display_name(original_name)!r}",
        )
        raise
    try:
        outcome = submit(
            received.path, prefecture_code, user=user, file_name=received.display_name, **submit_options
        )
    finally:
        received.discard()
    s = outcome.submission
    audit.record(
        actor,
        action,
        prefecture=prefecture_code,
        submission_id=s.submission_id,
        outcome=s.outcome,
        detail=f"file={received.display_name!r} form={s.form} period={s.period} errors={s.errors}",
    )
    return outcome


def withdraw_as(account: Account | None, submission_id: str, reason: str) -> Submission:
    """Withdraw an accepted submission: its own prefecture's account or a ministry account (SPEC §3.7).

    KeyError: unknown id; PermissionError: another prefecture; SubmissionRefused: not accepted,
    already withdrawn or no reason. Every attempt is audited."""
    current, submission = _visible_submission(account, submission_id, "withdraw")
    try:
        withdrawn = withdraw(submission_id, reason, current.name)
    except SubmissionRefused as error:
        audit.record(
            current.name,
            "withdraw",
            prefecture=submission.prefecture_code,
            submission_id=submission_id,
            outcome=f"refused:{error.rule}",
        )
        raise
    audit.record(
        current.name,
        "withdraw",
        prefecture=submission.prefecture_code,
        submission_id=submission_id,
        outcome="withdrawn",
        detail=f"reason={withdrawn.withdrawal_reason!r}",
    )
    return withdrawn


def visible_submissions(account: Account | None) -> list[Submission]:
    """The register entries this account may see: its prefecture's, or all for the ministry."""
    current = _active(account, "list_submissions")
    submissions = list_submissions()
    if current.is_ministry:
        return submissions
    return [s for s in submissions if s.prefecture_code == current.prefecture_code]


def _visible_submission(account: Account | None, submission_id: str, action: str) -> tuple[Account, Submission]:
    current = _active(account, action)
    found = _SUBMISSION_ID.fullmatch(submission_id or "") and next(
        (s for s in list_submissions() if s.submission_id == submission_id), None
    )
    if not found:
        raise KeyError(f"提出 {submission_id!r} はありません / no submission {submission_id!r}")
    _check_prefecture(current, action, found.prefecture_code)
    return current, found


def upload_report(account: Account | None, submission_id: str) -> tuple[Submission, list[dict], str | None]:
    """What the upload page showed right after an upload, rebuilt from the register: the submission, its
    issues, and the accepted submission it replaced (the one of its prefecture, form and period received
    last before it and not withdrawn by then), for the same page in another language or after a reload."""
    _, submission = _visible_submission(account, submission_id, "view_submission")
    replaces = None
    if submission.outcome == ACCEPTED:
        earlier = [
            s for s in list_submissions()
            if (s.prefecture_code, s.form, s.period) == (submission.prefecture_code, submission.form, submission.period)
            and s.outcome == ACCEPTED and s.received < submission.received
            and not (s.withdrawn_at and datetime.fromisoformat(s.withdrawn_at) < submission.received)
        ]
        replaces = max(earlier, key=lambda s: s.received).submission_id if earlier else None
    return submission, read_issues(submission), replaces


def submission_detail(account: Account | None, submission_id: str) -> dict:
    """Register entry (with derived status) and every validation issue of one submission."""
    _, submission = _visible_submission(account, submission_id, "view_submission")
    return {
        "submission": {**submission.register_entry(), "status": submission.status},
        "issues": read_issues(submission),
    }


def submitted_file(account: Account | None, submission_id: str) -> tuple[str, bytes]:
    """(display name, bytes) of the file as uploaded, for its prefecture or the ministry to download."""
    current, submission = _visible_submission(account, submission_id, "download_submission")
    audit.record(
        current.name,
        "download_submission",
        prefecture=submission.prefecture_code,
        submission_id=submission_id,
        outcome="ok",
    )
    return submission.file_name, submission.raw_file.read_bytes()


def read_audit(account: Account | None) -> list[dict]:
    """Every audit event, oldest first. Ministry accounts only (PermissionError otherwise, itself audited)."""
    current = require_active(account)
    if not current.is_ministry:
        audit.record(current.name, "audit_view_denied", prefecture=current.prefecture_code, outcome="refused")
        raise PermissionError(
            "監査ログは厚生労働省のアカウントのみ閲覧できます / only ministry accounts may read the audit log"
        )
    return audit.read_events()


def record_session(actor: str, action: str, outcome: str) -> None:
    """A login session's end (logout, an expired or revoked session) in the audit log."""
    audit.record(actor, action, outcome=outcome)
