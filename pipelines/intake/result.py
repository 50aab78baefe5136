"""What intake returns: the normalized rows of a file and every problem found in it."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import polars as pl

from pipelines.core.periods import period_text


@dataclass(frozen=True)
class Issue:
    severity: str  # 'error' rejects the file; 'warning' does not
    sheet: str | None  # sheet name for .xlsx, file name for CSV/Parquet
    row: int | None  # row number as the user sees it in Excel (header = 1); None for file-level problems
    column: str | None  # the column header as written in the file (or the Japanese header if missing)
    value: str | None  # the offending value as text
    rule: str  # stable rule code, e.g. 'municipality_code.check_digit'
    message_ja: str
    message_en: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class IntakeResult:
    form: str | None  # None when the form could not be determined
    prefecture_code: str
    fiscal_year: int | None = None
    quarter: int | None = None
    rows: int = 0  # data rows read (header excluded)
    issues: list[Issue] = field(default_factory=list)
    # Normalized rows (pipelines.intake.forms.NORMALIZED_SCHEMAS[form]); None when the file has errors.
    frame: pl.DataFrame | None = None

    @property
    def period(self) -> str | None:
        if self.fiscal_year is None or self.quarter is None:
            return None
        return period_text(self.fiscal_year, self.quarter)

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "warning"]

    @property
    def accepted(self) -> bool:
        return not self.errors
