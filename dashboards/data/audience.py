"""Who is looking, and the submission details (SPEC §4.5) each audience may see."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from dashboards.data.snapshots import DETAIL_COLUMNS, Snapshot, memoized

GUEST, MINISTRY, PREFECTURE = "guest", "ministry", "prefecture"


@dataclass(frozen=True)
class Audience:
    """Who is looking: a guest, a ministry account, or a prefecture account (with its prefecture code)."""

    role: str = GUEST
    prefecture_code: str | None = None

    def detail_scope(self) -> tuple[str, ...] | None:
        """Prefecture codes whose submission details this audience may see (None = every prefecture)."""
        if self.role == MINISTRY:
            return None
        return (self.prefecture_code,) if self.role == PREFECTURE and self.prefecture_code else ()


GUEST_AUDIENCE = Audience()


def _in_scope(scope: tuple[str, ...] | None) -> pl.Expr:
    return pl.lit(True) if scope is None else pl.col("prefecture_code").is_in(list(scope))


@memoized
def submissions(snap: Snapshot, audience: Audience, prefecture_code: str | None = None) -> pl.DataFrame:
    """The submission register (newest first), optionally of one prefecture. Every row's status, dates,
    counts and note are for anyone; its file name, user name, hash and withdrawal details only for an
    audience that may see that prefecture's details (NULL otherwise)."""
    frame = snap.detailed_table("mart_submissions")
    if frame.is_empty():
        return snap.table("mart_submissions")
    if prefecture_code:
        frame = frame.filter(pl.col("prefecture_code") == prefecture_code)
    visible = _in_scope(audience.detail_scope())
    frame = frame.with_columns(
        pl.when(visible).then(pl.col(name)).otherwise(None).alias(name)
        for name in DETAIL_COLUMNS["mart_submissions"] if name in frame.columns)
    return frame.sort("received_at", "submission_id", descending=True)


@memoized
def validation_issues(snap: Snapshot, audience: Audience) -> pl.DataFrame:
    """The errors and warnings this audience may see (its own prefecture's, or all for the ministry),
    newest submission first, in the order of the validation report."""
    issues = snap.detailed_table("mart_validation_issues")
    if issues.is_empty():
        return issues
    issues = issues.filter(_in_scope(audience.detail_scope()))
    return issues.sort(["received_at_jst", "submission_id", "issue_no"], descending=[True, True, False])
