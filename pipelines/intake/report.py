"""Human-readable validation report for the CLI: a summary line, then one line per issue."""

from __future__ import annotations

from pipelines.core.vocab import REJECTED, STATUS_JA
from pipelines.intake.codes import prefecture_label
from pipelines.intake.forms import FORMS
from pipelines.intake.result import IntakeResult, Issue

_SEVERITY = {"ja": {"error": "エラー", "warning": "警告"}, "en": {"error": "ERROR", "warning": "WARNING"}}


def _issue_line(issue: Issue, lang: str) -> str:
    parts = [f"[{_SEVERITY[lang].get(issue.severity, issue.severity)}]"]
    if issue.sheet:
        parts.append(f"シート「{issue.sheet}」" if lang == "ja" else f"sheet '{issue.sheet}'")
    if issue.row is None:
        parts.append("ファイル全体" if lang == "ja" else "file")
    else:
        parts.append(f"{issue.row}行目" if lang == "ja" else f"row {issue.row}")
    if issue.column:
        parts.append(f"列「{issue.column}」" if lang == "ja" else f"column '{issue.column}'")
    if issue.value is not None:
        parts.append(f"値「{issue.value}」" if lang == "ja" else f"value '{issue.value}'")
    message = issue.message_ja if lang == "ja" else issue.message_en
    return f"{' '.join(parts)}: {message} ({issue.rule})"


def format_report(result: IntakeResult, lang: str = "ja") -> str:
    """Multi-line report of `result` in Japanese ('ja') or English ('en')."""
    if lang not in _SEVERITY:
        raise ValueError(f"lang must be 'ja' or 'en', not {lang!r}")
    form = FORMS.get(result.form or "")
    errors, warnings = len(result.errors), len(result.warnings)
    if lang == "ja":
        outcome = "受理" if result.accepted else STATUS_JA[REJECTED]
        lines = [
            f"様式: {form.title_ja if form else '不明'}",
            f"都道府県: {prefecture_label(result.prefecture_code)}",
            f"期間: {result.period or '不明'}",
            f"データ行数: {result.rows:,}",
            f"結果: {outcome}（エラー {errors} 件、警告 {warnings} 件）",
        ]
    else:
        outcome = "accepted" if result.accepted else "rejected"
        lines = [
            f"Form: {form.key if form else 'unknown'}",
            f"Prefecture: {result.prefecture_code}",
            f"Period: {result.period or 'unknown'}",
            f"Data rows: {result.rows:,}",
            f"Result: {outcome} ({errors} errors, {warnings} warnings)",
        ]
    lines.extend(_issue_line(issue, lang) for issue in result.issues)
    return "\n".join(lines)
