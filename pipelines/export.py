"""Spreadsheet-safe exports of published tables (CSV as UTF-8 with BOM, or .xlsx).

Text cells beginning with = + - @ (or a tab / carriage return) are prefixed with an apostrophe so that
Excel never evaluates them as formulas. No Panel, no Dagster: used by the CLI and the dashboards.
"""

from __future__ import annotations

import io

import duckdb
import polars as pl

from pipelines import config

_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralize_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    text_columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(
        pl.when(pl.any_horizontal(pl.col(name).str.starts_with(t) for t in _FORMULA_TRIGGERS))
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name in text_columns
    )


def _flatten_lists(frame: pl.DataFrame) -> pl.DataFrame:
    list_columns = [name for name, dtype in frame.schema.items() if isinstance(dtype, pl.List)]
    return frame.with_columns(pl.col(name).list.join("、") for name in list_columns)


def to_csv_bytes(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    neutralize_formulas(_flatten_lists(frame)).write_csv(buffer)
    return b"\xef\xbb\xbf" + buffer.getvalue()


def to_xlsx_bytes(frame: pl.DataFrame, sheet: str = "data") -> bytes:
    buffer = io.BytesIO()
    neutralize_formulas(_flatten_lists(frame)).write_excel(buffer, worksheet=sheet[:31], autofit=True)
    return buffer.getvalue()


def read_published_table(table: str) -> pl.DataFrame:
    published = config.published_path()
    if not published.exists():
        raise FileNotFoundError(f"no published snapshot at {published}; run `kyoso refresh` first")
    con = duckdb.connect(str(published), read_only=True)
    try:
        tables = {row[0] for row in con.execute("select table_name from information_schema.tables").fetchall()}
        if table not in tables:
            raise KeyError(f"unknown table {table!r}; published tables: {', '.join(sorted(tables))}")
        return con.execute(f'select * from main."{table}"').pl()
    finally:
        con.close()
