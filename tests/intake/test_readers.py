"""File type by content, cells as text, Excel row numbers, sheet choice."""

from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from pipelines.intake.issues import ReadError
from pipelines.intake.readers import read_table, sniff


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
    assert read_error(files.csv("header_only.csv", [["団体コード", "年度"]])) == "file.no_data"
    assert (
        read_error(files.csv("blank_rows.csv", [["団体コード", "年度"], ["", ""], [" ", "\u3000"]])) == "file.no_data"
    )
    assert read_error(files.raw("blank_header.csv", b",\n1,2\n")) == "header.blank"
    assert read_error(files.raw("ragged.csv", b"a,b\n1,2,3\n")) == "file.csv_structure"


def test_xlsx_cells_are_text(files) -> None:
    path = files.xlsx(
        "r.xlsx", [["code", "n", "ratio", "text"], [11002, 1234, 2.5, "011002"], [7000012050002, 0, 3.0, ""]]
    )
    table = read_table(path, [])
    assert table.headers == ["code", "n", "ratio", "text"]
    assert table.data.rows() == [("11002", "1234", "2.5", "011002", 2), ("7000012050002", "0", "3", None, 3)]


def test_excel_row_numbers_survive_blank_rows(files) -> None:
    path = files.xlsx("r.xlsx", [["a", "b"], ["1", "x"], [None, None], ["3", "y"]])
    assert read_table(path, []).data["source_row"].to_list() == [2, 4]
    csv = files.raw("r.csv", b'a,b\n1,x\n,\n\n"3\n3",y\n5,z\n')
    assert read_table(csv, []).data.select("c0", "source_row").rows() == [("1", 2), ("3\n3", 5), ("5", 6)]


def test_xlsx_sheet_named_as_form_title_wins(files) -> None:
    path = files.xlsx("r.xlsx", [["a"], ["1"]], sheet="市町村四半期報告", before=["記入要領"])
    table = read_table(path, ["市町村四半期報告"])
    assert (table.sheet, table.headers) == ("市町村四半期報告", ["a"])
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
    assert table.data.rows() == [("11002", "true", "掃除、洗濯", "1", 2), ("1.5", "false", "", None, 3)]


def test_xlsx_formulas_give_their_cached_values(files) -> None:
    path = files.root / "f.xlsx"
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, ["a", "b"])
    sheet.write_number(1, 0, 5)
    sheet.write_formula(1, 1, "=A2*1000", None, 4999)  # cached value deliberately not A2*1000
    workbook.close()
    assert read_table(path, []).data.rows() == [("5", "4999", 2)]
