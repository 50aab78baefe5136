"""Texts and the history table of the upload page (データ提出), in Japanese and English."""

from __future__ import annotations

import polars as pl

from dashboards.formatting import format_date, format_datetime, period_short
from pipelines.intake.forms import FORMS
from pipelines.periods import due_at

TEXTS = {
    "login_needed": ("データを提出するにはログインしてください。", "Please log in to submit data."),
    "login": ("ログイン", "Log in"),
    "logout": ("ログアウト", "Log out"),
    "signed_in": ("ログイン中: {name}（{role}）", "Logged in as {name} ({role})"),
    "role_ministry": ("厚生労働省", "ministry"),
    "prefecture": ("提出する都道府県", "Prefecture"),
    "form": ("様式", "Form"),
    "detect": ("自動判定（見出しから）", "Detect from the headers"),
    "file": ("ファイル（.xlsx / .csv / .parquet）", "File (.xlsx / .csv / .parquet)"),
    "submit": ("検証して提出", "Validate and submit"),
    "no_file": ("ファイルを選んでください。", "Choose a file first."),
    "templates": ("記入用テンプレート", "Templates"),
    "accepted": (
        "受理しました（提出ID {id}、{form}、{period}、{rows} 行）。",
        "Accepted (submission {id}, {form}, {period}, {rows} rows).",
    ),
    "replaces": ("この提出は {id} を置き換えます。", "It replaces submission {id}."),
    "picked_up": (
        "新しい提出は自動で検知され、次のデータ更新で指標に反映されます。",
        "New submissions are detected automatically and appear in the indicators after the next refresh.",
    ),
    "rejected": (
        "受理できませんでした: エラー {errors} 件。下の一覧をすべて修正して、もう一度提出してください。"
        "何も登録されていません。",
        "Rejected: {errors} errors. Fix every problem listed below and submit again. Nothing was stored as accepted.",
    ),
    "duplicate": (
        "同じファイルが提出済みです（{id}）。変更はありません。",
        "This exact file was already submitted ({id}); nothing changed.",
    ),
    "warnings": ("警告 {n} 件（受理には影響しません）。", "{n} warnings (they do not prevent acceptance)."),
    "note": ("備考（任意・2,000字以内）", "Note (optional, at most 2,000 characters)"),
    "note_hint": (
        "数値が大きく変わった理由など、読む人への説明を書けます。",
        "Explain, e.g., why numbers changed a lot.",
    ),
    "validating": (
        "検証中です（{seconds} 秒経過）。他の操作はそのまま続けられます。",
        "Validating ({seconds} s so far). You can keep working meanwhile.",
    ),
    "status_heading": ("{pref}の提出状況", "Submission status of {pref}"),
    "issues_heading": ("検証結果", "Validation report"),
    "filter_rule": ("ルールで絞り込み", "Filter by rule"),
    "filter_column": ("列で絞り込み", "Filter by column"),
    "download_xlsx": ("全件を Excel でダウンロード", "Download all as Excel"),
    "download_csv": ("全件を CSV でダウンロード", "Download all as CSV"),
    "withdraw_heading": ("提出の取り下げ", "Withdraw a submission"),
    "withdraw_pick": ("取り下げる提出", "Submission to withdraw"),
    "withdraw_reason": ("取り下げの理由（必須）", "Reason (required)"),
    "withdraw": ("取り下げる…", "Withdraw…"),
    "withdraw_confirm": (
        "提出 {id}（{form}、{period}）を取り下げます。ファイルは保存されたまま、次のデータ更新で指標から外れます。"
        "よろしいですか？",
        "Withdraw submission {id} ({form}, {period})? The file stays stored; its numbers leave the indicators "
        "at the next refresh.",
    ),
    "withdraw_yes": ("取り下げを確定", "Confirm withdrawal"),
    "withdraw_no": ("やめる", "Cancel"),
    "withdrawn": ("提出 {id} を取り下げました。", "Submission {id} was withdrawn."),
    "history": ("提出履歴", "Submission history"),
    "download_own": ("提出したファイルをダウンロード", "Download the submitted file"),
    "audit": ("監査ログ（厚生労働省のみ）", "Audit log (ministry only)"),
}


def text(key: str, lang: str, **values) -> str:
    ja, en = TEXTS[key]
    return (ja if lang == "ja" else en).format(**values)


def form_label(form: str | None, lang: str) -> str:
    if not form:
        return "―"
    return FORMS[form].title_ja if lang == "ja" else FORMS[form].title_en


STATUS_LABELS = {
    "accepted": ("✓ 受理（有効）", "✓ accepted (effective)"),
    "superseded": ("置き換え済み", "superseded"),
    "rejected": ("✗ 差し戻し", "✗ rejected"),
    "duplicate": ("重複（変更なし）", "duplicate (no change)"),
    "withdrawn": ("取り下げ", "withdrawn"),
}
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
            on_time = ("✓ 期限内", "✓ on time") if s.received <= due else ("✗ 期限後", "✗ late")
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
