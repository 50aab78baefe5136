"""The large upload of (h): a prefecture's survey responses as UTF-8 CSV of a given size, valid in every row.

It is the prefecture's effective survey of its latest quarter that has begun (so an upload received now is
not from the future), its respondents repeated under new, unique respondent IDs until the file has the size asked.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import polars as pl

from pipelines.core.periods import TOKYO
from pipelines.intake.forms import FORMS
from pipelines.submissions import Submission, effective_submissions, normalized_path

FORM = "survey_responses"


def quarter_start(fiscal_year: int, quarter: int) -> datetime:
    month = 4 + 3 * (quarter - 1)
    return datetime(fiscal_year + (month > 12), (month - 1) % 12 + 1, 1, tzinfo=TOKYO)


def latest_begun(submissions: list[Submission]) -> Submission:
    """The submission of the latest quarter that has already begun (an upload now may report it)."""
    now = datetime.now(TOKYO)
    begun = [s for s in submissions if quarter_start(s.fiscal_year, s.quarter) <= now]
    return max(begun, key=lambda s: (s.fiscal_year, s.quarter))


def _latest_begun(prefecture: str) -> Submission:
    return latest_begun([s for s in effective_submissions(FORM) if s.prefecture_code == prefecture])


def write_survey_upload(prefecture: str, out: Path, target_bytes: int, tag: str = "BENCH") -> tuple[Path, str]:
    """Write the CSV (at most `target_bytes`, within one row of it); return it and its period. Files of
    different `tag`s differ in their new respondent IDs: each is a new upload, not a duplicate."""
    source = _latest_begun(prefecture)
    rows = pl.read_parquet(normalized_path(source)).sort("source_row")
    columns = FORMS[FORM].columns
    frame = rows.select(
        pl.col("municipality_code"), pl.col("fiscal_year"), pl.col("quarter"), pl.col("respondent_id"),
        pl.col("age_band"), pl.col("participates").cast(pl.Int8),
        *(pl.when(pl.col(c).list.len() > 0).then(pl.col(c).list.join("、"))
          for c in ("domains_used", "domains_wanted")),
        pl.col("satisfaction"),
    )
    one_copy = len(frame.write_csv().encode("utf-8"))
    copies = max(1, -(-target_bytes // one_copy))
    repeated = pl.concat([frame] + [  # new IDs that no demo or earlier bench file uses
        frame.with_columns(respondent_id=pl.format(tag + "{}-{}", pl.lit(copy), pl.int_range(pl.len())))
        for copy in range(1, copies)
    ])
    header = ",".join(c.header_ja for c in columns) + "\n"
    body = repeated.write_csv(include_header=False).encode("utf-8")
    keep = body[: max(0, target_bytes - len(header.encode("utf-8")))]
    keep = keep[: keep.rfind(b"\n") + 1]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(header.encode("utf-8") + keep)
    return out, source.period
