"""File type by content, cells as text, Excel row numbers, sheet choice."""

from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from pipelines.intake.issues import ReadError
from pipelines.intake.readers import read_table, sniff, without_blank_rows


def test_type_is_decided_by_content_not_name(files) -> None:
    xlsx = files.xlsx("data.csv", [["a"], ["1"]])
    csv = files.csv("data.xlsx", [["a"], ["1"]])
    parquet = files.parquet("data.txt", {"a": [1]})
    assert (sniff(xlsx), sniff(csv), sniff(parquet)) == ("xlsx", "csv", "parquet")


def read_error(path: Path) -> str:
    with pytest.raises(ReadError) as raised:
        read_table(path, [])
    return raised.value.rule


def test_hostile_files(files) -> None:
    assert read_error(files.raw("empty.csv", b"")) == "file.empty"
    assert read_error(files.raw("random.xlsx", bytes(range(256)) * 8)) == "file.format"
    assert read_error(files.raw("corrupt.xlsx", b"PK\x03\x04" + b"\x00garbage" * 50)) == "file.unreadable"
    assert read_error(files.raw("old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500))) == "file.format"
    assert read_error(files.raw("ragged.csv", b"a,b\n" + b"1,2\n" * 30 + b"1,2,3\n")) == "file.csv_structure"


def test_a_short_title_row_does_not_fix_the_csv_width(files) -> None:
    path = files.raw("title.csv", "令和7年度 報告\n\na,b,c\n1,2,3\n4,5\n".encode())
    assert read_table(path, []).cells.rows() == [
        ("令和7年度 報告", None, None, 1),
        (None, None, None, 2),
        ("a", "b", "c", 3),
        ("1", "2", "3", 4),
        ("4", "5", None, 5),
    ]


def test_xlsx_cells_are_text(files) -> None:
    path = files.xlsx(
        "r.xlsx", [["code", "n", "ratio", "text"], [11002, 1234, 2.5, "011002"], [7000012050002, 0, 3.0, ""]]
    )
    assert read_table(path, []).cells.rows() == [
        ("code", "n", "ratio", "text", 1),
        ("11002", "1234", "2.5", "011002", 2),
        ("7000012050002", "0", "3", None, 3),
    ]


def test_excel_row_numbers_survive_blank_rows(files) -> None:
    path = files.xlsx("r.xlsx", [["a", "b"], ["1", "x"], [None, None], ["3", "y"]])
    assert without_blank_rows(read_table(path, []).cells)["source_row"].to_list() == [1, 2, 4]
    csv = files.raw("r.csv", b'a,b\n1,x\n,\n\n"3\n3",y\n5,z\n')
    rows = without_blank_rows(read_table(csv, []).cells).select("c0", "source_row").rows()
    assert rows == [("a", 1), ("1", 2), ("3\n3", 5), ("5", 6)]


def test_leading_blank_rows_and_columns_keep_their_excel_positions(files) -> None:
    """fastexcel skips leading blank rows and columns unless told not to; Excel's B4 must stay row 4, column 2."""
    path = files.root / "title.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.merge_range("B2:E2", "令和7年度 第2四半期 市町村四半期報告（鳥取県）")
    sheet.write_row("B4", ["団体コード", "年度"])
    sheet.write_row("B5", ["312011", "2025"])
    workbook.close()
    cells = read_table(path, []).cells
    assert cells.rows() == [
        (None, None, None, 1),
        (None, "令和7年度 第2四半期 市町村四半期報告（鳥取県）", None, 2),
        (None, None, None, 3),
        (None, "団体コード", "年度", 4),
        (None, "312011", "2025", 5),
    ]


def test_xlsx_sheet_named_as_form_title_wins(files) -> None:
    path = files.xlsx("r.xlsx", [["a"], ["1"]], sheet="市町村四半期報告", before=["記入要領"])
    table = read_table(path, ["市町村四半期報告"])
    assert (table.sheet, table.cells.row(0)) == ("市町村四半期報告", ("a", 1))
    assert read_table(path, ["高齢者アンケート"]).sheet == "記入要領"  # no such sheet: the first one


def test_parquet_columns_become_text(files) -> None:
    path = files.parquet(
        "s.parquet",
        {
            "code": pl.Series([11002.0, 1.5]),
            "flag": [True, False],
            "list": [["掃除", "洗濯"], []],
            "n": pl.Series([1, None], dtype=pl.Int64),
        },
    )
    table = read_table(path, [])
    assert table.sheet == "s.parquet"
    assert table.cells.rows() == [
        ("code", "flag", "list", "n", 1),
        ("11002", "true", "掃除、洗濯", "1", 2),
        ("1.5", "false", "", None, 3),
    ]


def test_xlsx_formulas_give_their_cached_values(files) -> None:
    path = files.root / "f.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["a", "b"])
    sheet.write_number(1, 0, 5)
    sheet.write_formula(1, 1, "=A2*1000", None, 4999)  # cached value deliberately not A2*1000
    workbook.close()
    assert read_table(path, []).cells.rows() == [("a", "b", 1), ("5", "4999", 2)]
