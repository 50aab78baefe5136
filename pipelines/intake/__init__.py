"""Intake: read an uploaded file, normalize its values and validate it (SPEC §3).

Pure Python + Polars. No Dagster, dbt, Panel or DuckDB writes: the same code serves the CLI, the
upload page and the ingest assets.

    validate_file(path, prefecture_code, form=None, previous_population=None) -> IntakeResult
"""
