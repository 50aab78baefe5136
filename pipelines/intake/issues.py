"""Collecting validation issues: one log per file, capped per (rule, column) so huge files stay readable."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from pipelines.intake.result import Issue

# Listed issues per (rule, column); the rest are counted in one summary issue.
ISSUE_CAP = 1000


@dataclass(frozen=True)
class Problem:
    """What is wrong with one value: rule suffix (joined to the column key) and the two messages."""

    rule: str
    message_ja: str
    message_en: str


class Invalid(ValueError):
    """Raised by a value parser; carries the problem to report."""

    def __init__(self, rule: str, message_ja: str, message_en: str) -> None:
        super().__init__(message_en)
        self.problem = Problem(rule, message_ja, message_en)


class ReadError(Exception):
    """A file-level problem that stops reading (empty file, unknown format, bad encoding, ...)."""

    def __init__(self, rule: str, message_ja: str, message_en: str, value: str | None = None) -> None:
        super().__init__(message_en)
        self.rule = rule
        self.message_ja = message_ja
        self.message_en = message_en
        self.value = value


class IssueLog:
    def __init__(self, sheet: str | None) -> None:
        self.sheet = sheet
        self._issues: list[Issue] = []
        self._listed: Counter[tuple[str, str | None]] = Counter()
        self._more: dict[tuple[str, str | None], tuple[str, int]] = {}

    @property
    def has_errors(self) -> bool:
        return any(issue.severity == "error" for issue in self._issues) or any(
            severity == "error" for severity, _ in self._more.values()
        )

    def add(
        self,
        severity: str,
        rule: str,
        message_ja: str,
        message_en: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
    ) -> None:
        key = (rule, column)
        if self._listed[key] >= ISSUE_CAP:
            _, more = self._more.get(key, (severity, 0))
            self._more[key] = (severity, more + 1)
            return
        self._listed[key] += 1
        self._issues.append(Issue(severity, self.sheet, row, column, value, rule, message_ja, message_en))

    def add_rows(
        self,
        severity: str,
        rule: str,
        column: str | None,
        rows: pl.DataFrame,
        describe: Callable[[dict], tuple[str, str]],
    ) -> None:
        """One issue per row of `rows` (source_row, value and any context columns); `describe(row)` → (ja, en)."""
        room = max(ISSUE_CAP - self._listed[(rule, column)], 0)
        for row in rows.head(room).iter_rows(named=True):
            message_ja, message_en = describe(row)
            value = None if row["value"] is None else str(row["value"])
            self.add(severity, rule, message_ja, message_en, row=row["source_row"], column=column, value=value)
        if rows.height > room:
            _, more = self._more.get((rule, column), (severity, 0))
            self._more[(rule, column)] = (severity, more + rows.height - room)

    def finish(self) -> list[Issue]:
        """File-level issues first, then by row (stable: column order within a row), then summaries."""
        issues = sorted(self._issues, key=lambda issue: (issue.row is not None, issue.row or 0))
        for (rule, column), (severity, more) in self._more.items():
            issues.append(
                Issue(
                    severity,
                    self.sheet,
                    None,
                    column,
                    None,
                    rule,
                    f"…ほか {more:,} 行でも同じ問題（{rule}）があります。最初の {ISSUE_CAP:,} 件のみ表示しています。",
                    f"…and {more:,} more rows with the same problem ({rule}); only the first {ISSUE_CAP:,} are listed.",
                )
            )
        return issues
