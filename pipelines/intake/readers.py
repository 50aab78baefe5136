"""Read an uploaded file into text cells: header row + data rows, whatever the file type (SPEC §3).

The type is decided by the file's content, never its name. Every cell is read as text so codes keep
their leading zeros; Excel numbers that are integral come out as '11002', not '11002.0'.
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class RawTable:
    file_type: str  # 'xlsx' | 'csv' | 'parquet'
    sheet: str  # sheet name (xlsx) or file name
    headers: list[str | None]
    # Text columns c0, c1, … (one per header) plus source_row (Excel row number); blank rows removed.
    data: pl.DataFrame


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
        cells = reader.load_sheet(sheet, header_row=None, dtypes="string").to_polars()
    except (fastexcel.FastExcelError, IndexError) as error:
        raise ReadError(
            "file.unreadable",
            "Excel ファイル（.xlsx）として読み込めません。ファイルが壊れていないかご確認のうえ、"
            "Excel で開いて保存し直してください。",
            f"The file cannot be read as an Excel workbook (.xlsx): {error}. "
            "Please check it is not damaged, open it in Excel and save it again.",
        ) from error
    return sheet, cells


def _csv_cells(path: Path) -> pl.DataFrame:
    with tempfile.TemporaryDirectory(prefix="kyoso-intake-") as workdir:
        utf8_path, _ = utf8_csv(path, Path(workdir))
        try:
            return pl.read_csv(utf8_path, has_header=False, infer_schema=False, raise_if_empty=False)
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
    frame = pl.read_parquet(path)
    data = pl.DataFrame([_as_text(frame[name]).alias(_cell_name(i)) for i, name in enumerate(frame.columns)])
    return list(frame.columns), data


def _split_header(cells: pl.DataFrame) -> tuple[list[str | None], pl.DataFrame]:
    if cells.height == 0 or cells.width == 0:
        raise ReadError(
            "file.empty",
            "ファイルにデータがありません（見出し行もありません）。",
            "The file contains no data (not even a header row).",
        )
    cells = cells.rename({name: _cell_name(i) for i, name in enumerate(cells.columns)})
    headers = list(cells.row(0))
    return headers, cells.slice(1)


def _without_blank_rows(data: pl.DataFrame) -> pl.DataFrame:
    data = data.with_columns(source_row=pl.int_range(2, data.height + 2, dtype=pl.Int32))
    texts = [name for name in data.columns if name != "source_row"]
    blank = pl.all_horizontal([pl.col(name).str.strip_chars().fill_null("") == "" for name in texts])
    return data.filter(~blank)


def read_table(path: Path, sheet_titles: Sequence[str]) -> RawTable:
    """Read `path`; for .xlsx use the first sheet named in `sheet_titles`, else the first sheet."""
    file_type = sniff(path)
    sheet = path.name
    if file_type == "xlsx":
        sheet, cells = _xlsx_cells(path, sheet_titles)
        headers, data = _split_header(cells)
    elif file_type == "parquet":
        headers, data = _parquet_cells(path)
    else:
        headers, data = _split_header(_csv_cells(path))
    if all(header is None or not str(header).strip() for header in headers):
        raise ReadError(
            "header.blank",
            "1行目（見出し行）が空です。1行目に様式どおりの見出しを入力してください。",
            "Row 1 (the header row) is blank. Please put the form's column headers in row 1.",
        )
    data = _without_blank_rows(data)
    if data.height == 0:
        raise ReadError(
            "file.no_data",
            "見出し行のみで、データ行がありません。2行目以降にデータを入力してください。",
            "The file has a header row but no data rows. Please enter data from row 2.",
        )
    return RawTable(file_type, sheet, headers, data)
