"""CSV (UTF-8 with BOM) and xlsx downloads, with spreadsheet-formula injection neutralized."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import openpyxl
import polars as pl

from pipelines import export

FRAME = pl.DataFrame({
    "code": ["01", "13"], "text": ["=SUM(A1:A9)", "東京都"], "plus": ["+81", "ok"], "minus": ["-1", "@cmd"],
    "rate": [0.25, -0.5], "count": [3, -4], "flag": [True, None],
    "at": [datetime(2026, 1, 2, 3, 4, tzinfo=UTC)] * 2,
})


def test_csv_has_bom_keeps_codes_as_text_and_neutralizes_formulas():
    raw = export.csv_bytes(FRAME)
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pl.read_csv(io.BytesIO(raw[3:]), infer_schema=False)
    assert back["code"].to_list() == ["01", "13"]
    assert back["text"].to_list() == ["'=SUM(A1:A9)", "東京都"]
    assert back["plus"].to_list() == ["'+81", "ok"]
    assert back["minus"].to_list() == ["'-1", "'@cmd"]
    assert back["rate"].to_list() == ["0.25", "-0.5"]  # numbers are not text: untouched
    assert back["count"].to_list() == ["3", "-4"]


def test_xlsx_writes_values_not_formulas():
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes(FRAME, "テスト")))
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == tuple(FRAME.columns)
    assert rows[1][:4] == ("01", "'=SUM(A1:A9)", "'+81", "'-1")
    assert rows[1][4] == 0.25 and rows[2][5] == -4 and rows[1][6] is True
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_empty_frame_exports():
    empty = pl.DataFrame(schema={"a": pl.String})
    assert export.csv_bytes(empty) == b"\xef\xbb\xbfa\n"
    assert export.xlsx_bytes(empty)[:2] == b"PK"
