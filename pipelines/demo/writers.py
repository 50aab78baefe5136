"""Byte-deterministic writers: .xlsx (xlsxwriter), CP932 / UTF-8 CSV, Parquet (all columns text)."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import polars as pl
import xlsxwriter

from pipelines.demo.styles import Cell


def write_table(
    path: Path, fmt: str, sheet: str, header: list[str], rows: list[list[Cell]], created: datetime, author: str
) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        _write_xlsx(path, sheet, header, rows, created, author)
    else:
        encoding = {"csv_cp932": "cp932", "csv_utf8": "utf-8", "csv_utf8_bom": "utf-8-sig"}[fmt]
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)
        path.write_bytes(buffer.getvalue().encode(encoding))


def _write_xlsx(
    path: Path, sheet: str, header: list[str], rows: list[list[Cell]], created: datetime, author: str
) -> None:
    workbook = xlsxwriter.Workbook(
        str(path), {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    # fixed document properties: the creation time is part of the file, so never "now"
    workbook.set_properties({"title": sheet, "author": author, "company": "", "created": created.replace(tzinfo=None)})
    worksheet = workbook.add_worksheet(sheet)
    bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
    wrap = workbook.add_format({"text_wrap": True})
    for col, title in enumerate(header):
        worksheet.write_string(0, col, title, bold)
        worksheet.set_column(col, col, max(8, min(40, 2 * len(title) + 2)))
    worksheet.freeze_panes(1, 0)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if isinstance(value, str):
                if value:
                    worksheet.write_string(r, c, value, wrap if "\n" in value else None)
            else:
                worksheet.write_number(r, c, value)
    workbook.close()


def write_frame(path: Path, fmt: str, frame: pl.DataFrame) -> None:
    """Survey files: a string-only frame as Parquet or UTF-8 CSV."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "parquet":
        frame.write_parquet(path, compression="zstd", statistics=False)
    else:
        frame.write_csv(path, line_terminator="\r\n" if fmt == "csv_cp932" else "\n")
