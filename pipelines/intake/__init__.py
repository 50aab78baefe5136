"""Intake: read an uploaded file, normalize its values and validate it (SPEC §3).

Pure Python + Polars. No Dagster, dbt, Panel or DuckDB writes: the same code serves the CLI, the
upload page and the ingest assets.

    validate_file(path, prefecture_code, form=None, previous_population=None) -> IntakeResult
"""

from pipelines.intake.codes import normalize_prefecture
from pipelines.intake.report import format_report
from pipelines.intake.result import IntakeResult, Issue
from pipelines.intake.validate import validate_file

__all__ = ["IntakeResult", "Issue", "format_report", "normalize_prefecture", "validate_file"]
