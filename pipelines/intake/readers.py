"""Read an uploaded file into text cells: header row + data rows, whatever the file type (SPEC §3).

The type is decided by the file's content, never its name. Every cell is read as text so codes keep
their leading zeros; Excel numbers that are integral come out as '11002', not '11002.0'.
"""

from __future__ import annotations

import csv
import itertools
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import fastexcel
import polars as pl

from pipelines.intake.encoding import utf8_csv
from pipelines.intake.issues import ReadError

ZIP_MAGIC = b"PK\x03\x04"
PARQUET_MAGIC = b"PAR1"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # .xls and password-protected .xlsx
HEAD_RECORDS = 20  # CSV records that decide the width: the header search covers rows 1-10


@dataclass(frozen=True)
class RawTable:
    file_type: str  # 'xlsx' | 'csv' | 'parquet'
    sheet: str  # sheet name (xlsx) or file name
    # Every row of the sheet as text columns c0, c1, … (column A = c0) plus source_row, the row number the
    # user sees in Excel (row 1 = the sheet's first row, blank or not). For Parquet, row 1 holds the names.
    cells: pl.DataFrame

    def head_rows(self, count: int) -> list[tuple[int, list[str | None]]]:
        """(row number, cells) of the sheet's first `count` rows."""
        head = self.cells.filter(pl.col("source_row") <= count)
        texts = [name for name in head.columns if name != "source_row"]
        return [(row[-1], list(row[:-1])) for row in head.select(*texts, "source_row").iter_rows()]


def _cell_name(index: int) -> str:
    return f"c{index}"


def sniff(path: Path) -> str:
    with open(path, "rb") as handle:
        head = handle.read(8)
    if not head:
        raise ReadError(
            "file.empty",
            "ファイルが空です（0バイト）。データを入力したファイルを提出してください。",
            "The file is empty (0 bytes). Please submit a file containing data.",
        )
    if head.startswith(ZIP_MAGIC):
        return "xlsx"
    if head.startswith(PARQUET_MAGIC):
        return "parquet"
    if head.startswith(OLE_MAGIC):
        raise ReadError(
            "file.format",
            "Excel 97-2003 形式（.xls）またはパスワード付きのファイルは読み込めません。"
            "パスワードを解除し、Excel ブック（.xlsx）形式で保存してください。",
            "Excel 97-2003 (.xls) or password-protected workbooks cannot be read. "
            "Remove the password and save as an Excel workbook (.xlsx).",
        )
    return "csv"


def _xlsx_cells(path: Path, sheet_titles: Sequence[str]) -> tuple[str, pl.DataFrame]:
    try:
        reader = fastexcel.read_excel(str(path))
        names = reader.sheet_names
        sheet = next((title for title in sheet_titles if title in names), names[0])
        # Formulas come back as their cached values; fastexcel never evaluates them.
        # skip_rows=0: fastexcel otherwise drops leading blank rows, and row numbers must stay Excel's
        loaded = reader.load_sheet(sheet, header_row=None, dtypes="string", skip_rows=0)
        cells = loaded.to_polars()
        first_column = loaded.available_columns()[0].absolute_index if cells.width else 0
    except (fastexcel.FastExcelError, IndexError) as error:
        raise ReadError(
            "file.unreadable",
            "Excel ファイル（.xlsx）として読み込めません。ファイルが壊れていないかご確認のうえ、"
            "Excel で開いて保存し直してください。",
            f"The file cannot be read as an Excel workbook (.xlsx): {error}. "
            "Please check it is not damaged, open it in Excel and save it again.",
        ) from error
    blank_left = [pl.lit(None, dtype=pl.String).alias(f"left{i}") for i in range(first_column)]
    return sheet, cells.select(*blank_left, *cells.columns) if blank_left else cells


def _head_width(utf8_path: Path) -> int:
    """The most fields in the first records: a title row above the header must not fix the width."""
    with open(utf8_path, encoding="utf-8-sig", newline="") as handle:
        return max((len(record) for record in itertools.islice(csv.reader(handle), HEAD_RECORDS)), default=0)


def _csv_cells(path: Path) -> pl.DataFrame:
    with tempfile.TemporaryDirectory(prefix="kyoso-intake-") as workdir:
        utf8_path, _ = utf8_csv(path, Path(workdir))
        try:
            width = _head_width(utf8_path)
        except csv.Error:
            width = 0  # polars reports the broken structure below
        schema = {f"column_{i + 1}": pl.String for i in range(width)} or None
        try:
            # glob=False: a file name is only a name ('a[12].csv' is not a pattern)
            return pl.scan_csv(
                utf8_path,
                has_header=False,
                schema=schema,
                missing_columns="insert",
                infer_schema=False,
                raise_if_empty=False,
                glob=False,
            ).collect()
        except pl.exceptions.ComputeError as error:
            raise ReadError(
                "file.csv_structure",
                'CSV の構造が正しくありません（見出し行より列の多い行や、閉じていない引用符「"」があります）。'
                "Excel で開いて CSV 形式で保存し直してください。",
                f"The CSV structure is broken (a row with more fields than the header, or an unclosed quote): "
                f"{error}. Please open it in Excel and save it again as CSV.",
            ) from error


def _as_text(series: pl.Series) -> pl.Series:
    """A Parquet column as text; integral floats without '.0', lists joined with 、."""
    dtype = series.dtype
    if dtype == pl.String:
        return series
    if dtype.is_float():
        integral = series.is_finite() & (series == series.round())
        as_integer = series.cast(pl.Int64, strict=False).cast(pl.String)
        return pl.select(pl.when(integral).then(as_integer).otherwise(series.cast(pl.String))).to_series()
    if isinstance(dtype, pl.List | pl.Array):
        return series.cast(pl.List(pl.String)).list.join("、")
    return series.cast(pl.String)


def _parquet_cells(path: Path) -> tuple[list[str | None], pl.DataFrame]:
    with open(path, "rb") as handle:  # a handle, never a path: polars would expand '[', '*', '?'
        frame = pl.read_parquet(handle)
    data = pl.DataFrame([_as_text(frame[name]).alias(_cell_name(i)) for i, name in enumerate(frame.columns)])
    return list(frame.columns), data


def _numbered(cells: pl.DataFrame, first_row: int) -> pl.DataFrame:
    cells = cells.rename({name: _cell_name(i) for i, name in enumerate(cells.columns)})
    return cells.with_columns(source_row=pl.int_range(first_row, cells.height + first_row, dtype=pl.Int32))


def read_table(path: Path, sheet_titles: Sequence[str]) -> RawTable:
    """Read `path`; for .xlsx use the first sheet named in `sheet_titles`, else the first sheet."""
    file_type = sniff(path)
    sheet = path.name
    if file_type == "xlsx":
        sheet, cells = _xlsx_cells(path, sheet_titles)
        cells = _numbered(cells, 1)
    elif file_type == "parquet":
        names, data = _parquet_cells(path)
        header = pl.DataFrame([pl.Series(_cell_name(i), [name], pl.String) for i, name in enumerate(names)])
        cells = _numbered(pl.concat([header, data]) if names else header, 1)
    else:
        cells = _numbered(_csv_cells(path), 1)
    if cells.height == 0 or cells.width <= 1:
        raise ReadError(
            "file.empty",
            "ファイルにデータがありません（見出し行もありません）。",
            "The file contains no data (not even a header row).",
        )
    return RawTable(file_type, sheet, cells)


def without_blank_rows(data: pl.DataFrame) -> pl.DataFrame:
    texts = [name for name in data.columns if name != "source_row"]
    blank = pl.all_horizontal([pl.col(name).str.strip_chars().fill_null("") == "" for name in texts])
    return data.filter(~blank)
