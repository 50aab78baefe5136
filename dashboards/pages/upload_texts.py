"""Form and status labels and the history table of the upload page (データ提出), in Japanese and English."""

from __future__ import annotations

import polars as pl

from dashboards.formatting import format_date, format_datetime, period_short
from pipelines.core.periods import due_at, is_on_time
from pipelines.core.vocab import ACCEPTED, REJECTED, SUBMISSION_STATUSES
from pipelines.intake.forms import FORMS


def form_label(form: str | None, lang: str) -> str:
    if not form:
        return "―"
    return FORMS[form].title_ja if lang == "ja" else FORMS[form].title_en


_MARKS = {ACCEPTED: "✓ ", REJECTED: "✗ "}
STATUS_LABELS = {code: (_MARKS.get(code, "") + ja, _MARKS.get(code, "") + en)
                 for code, ja, en in SUBMISSION_STATUSES}
HISTORY_COLUMNS = {
    "submission_id": ("提出ID", "Submission"),
    "received_at": ("受付日時", "Received"),
    "form": ("様式", "Form"),
    "period": ("期間", "Period"),
    "due": ("提出期限", "Due"),
    "on_time": ("期限", "On time"),
    "status": ("状態", "Status"),
    "rows": ("行数", "Rows"),
    "errors": ("エラー", "Errors"),
    "warnings": ("警告", "Warnings"),
    "user": ("提出者", "Submitted by"),
    "file": ("ファイル名", "File"),
    "note": ("備考", "Note"),
    "withdrawal": ("取り下げ（日時・者・理由）", "Withdrawal (when, who, why)"),
}


def history_frame(submissions, lang: str) -> pl.DataFrame:
    """Register entries with due date and on-time mark (for accepted files), newest first."""
    rows = []
    for s in sorted(submissions, key=lambda s: s.received, reverse=True):
        due = due_at(s.fiscal_year, s.quarter) if s.fiscal_year and s.quarter else None
        on_time = None
        if due is not None and s.outcome == "accepted":
            on_time = ("✓ 期限内", "✓ on time") if is_on_time(s.received, s.fiscal_year, s.quarter) else \
                ("✗ 期限後", "✗ late")
        rows.append(
            {
                "submission_id": s.submission_id,
                "received_at": format_datetime(s.received, lang),
                "form": form_label(s.form, lang),
                "period": period_short(s.period, lang) if s.period else None,
                "due": format_date(due, lang) if due else None,
                "on_time": on_time[0 if lang == "ja" else 1] if on_time else "―",
                "status": STATUS_LABELS[s.status][0 if lang == "ja" else 1],
                "rows": s.rows,
                "errors": s.errors,
                "warnings": s.warnings,
                "user": s.user,
                "file": s.file_name,
                "note": s.note,
                "withdrawal": (
                    f"{format_datetime(s.withdrawn_at, lang)} {s.withdrawn_by}: {s.withdrawal_reason}"
                    if s.withdrawn_at
                    else None
                ),
            }
        )
    frame = pl.DataFrame(
        rows,
        schema={name: pl.Int64 if name in {"rows", "errors", "warnings"} else pl.String for name in HISTORY_COLUMNS},
    )
    return frame.rename({key: names[0 if lang == "ja" else 1] for key, names in HISTORY_COLUMNS.items()})
