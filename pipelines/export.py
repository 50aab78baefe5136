"""Table exports: CSV (UTF-8 with BOM, opens cleanly in Excel) and .xlsx. No Panel, no Dagster:
used by `kyoso export` and the dashboards' download buttons.

Spreadsheet-formula injection is neutralized: a text cell beginning with = + - @ (or tab / carriage
return, which Excel also treats as a formula start) gets a leading apostrophe, so it is shown as text.
"""

from __future__ import annotations

import io

import duckdb
import polars as pl
import xlsxwriter

from pipelines.core import config

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff".encode()


def neutralize(frame: pl.DataFrame) -> pl.DataFrame:
    """Text cells that a spreadsheet would run as a formula get a leading apostrophe."""
    pattern = "^[" + "".join("\\" + c if c in "-+" else c for c in FORMULA_STARTS) + "]"
    return frame.with_columns(
        pl.when(pl.col(name).str.contains(pattern)).then(pl.lit("'") + pl.col(name)).otherwise(pl.col(name)).alias(name)
        for name, dtype in frame.schema.items()
        if dtype == pl.String
    )


def _plain(frame: pl.DataFrame) -> pl.DataFrame:
    """Temporal and nested columns as text, so CSV and xlsx show the same thing."""
    return frame.with_columns(
        pl.col(name).cast(pl.String)
        for name, dtype in frame.schema.items()
        if dtype.is_temporal() or dtype.is_nested() or dtype == pl.Categorical
    )


def csv_bytes(frame: pl.DataFrame) -> bytes:
    return BOM + neutralize(_plain(frame)).write_csv().encode("utf-8")


def xlsx_bytes(frame: pl.DataFrame, sheet: str = "data") -> bytes:
    safe = neutralize(_plain(frame))
    buffer = io.BytesIO()
    options = {
        "in_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "nan_inf_to_errors": True,
    }
    with xlsxwriter.Workbook(buffer, options) as workbook:
        sheet_ = workbook.add_worksheet(sheet[:31])
        bold = workbook.add_format({"bold": True})
        sheet_.write_row(0, 0, safe.columns, bold)
        for row_number, row in enumerate(safe.iter_rows(), start=1):
            for col_number, value in enumerate(row):
                if value is not None:
                    sheet_.write(row_number, col_number, value)
        sheet_.freeze_panes(1, 0)
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
        return con.sql(f'select * from main."{table}"').pl()
    finally:
        con.close()
