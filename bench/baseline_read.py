"""The baseline's readers: every raw upload of an effective submission into one all-VARCHAR table per form.

`stage_<form>(submission_id, submitting (prefecture), source_row, <one VARCHAR column per form key>)`: the cells as
written, header matched by NFKC + whitespace removal (per-file metadata, done here), extra columns dropped,
source_row = the Excel row number (header = 1). Blank rows are kept here; the normalizing SQL drops them.
Only the reading is not DuckDB's own: .xlsx goes through fastexcel (DuckDB has no Excel reader here) and
CP932 CSV is transcoded, streamed, to a UTF-8 temporary file (DuckDB reads only UTF-8 without extensions).
One difference from the intake's reader is left: DuckDB's CSV reader skips physically empty lines, which
the intake counts as (blank) rows, so source_row would shift after one (CSV writers, Excel's too, write
`,,,` for a blank row; no demo file has an empty line).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections import defaultdict
from pathlib import Path

import duckdb
import fastexcel
import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.core.vocab import nfkc_compact
from pipelines.intake.forms import FORMS

CHUNK = 1 << 20
CSV_OPTIONS = "header = false, auto_detect = false, delim = ',', quote = '\"', escape = '\"', filename = true"


def _key(header: object) -> str:
    return nfkc_compact(str(header)).casefold()


def _positions(form: str, headers: list) -> tuple[tuple[str, int], ...]:
    """(column key, file column index) of each form column found in the header row (first match wins)."""
    spellings = {}
    for column in FORMS[form].columns:
        spellings[_key(column.header_ja)] = spellings[_key(column.key)] = column.key
    found: dict[str, int] = {}
    for index, header in enumerate(headers):
        key = spellings.get(_key(header)) if header is not None else None
        if key is not None and key not in found:
            found[key] = index
    return tuple(found.items())


def _utf8_csv(path: Path, workdir: Path) -> tuple[Path, str]:
    """The file itself if it is UTF-8, else a streamed CP932 → UTF-8 copy; and the start of its text."""
    decoder, head = codecs.getincrementaldecoder("utf-8")("strict"), None
    with open(path, "rb") as handle:
        try:
            while chunk := handle.read(CHUNK):
                text = decoder.decode(chunk)
                head = text if head is None else head
            decoder.decode(b"", final=True)
            return path, head or ""
        except UnicodeDecodeError:
            pass
        handle.seek(0)
        decoder, head = codecs.getincrementaldecoder("cp932")("strict"), None
        target = workdir / f"{path.parent.name}.csv"
        with open(target, "w", encoding="utf-8", newline="") as sink:
            while True:
                chunk = handle.read(CHUNK)
                text = decoder.decode(chunk, final=not chunk)
                head = text if head is None else head
                sink.write(text)
                if not chunk:
                    return target, head


def _xlsx(path: Path, form: str, sid: str, pref: str) -> pa.Table:
    reader = fastexcel.read_excel(str(path))
    title = FORMS[form].title_ja
    sheet = reader.load_sheet(title if title in reader.sheet_names else 0, header_row=None, dtypes="string")
    cells = sheet.to_arrow()
    positions = dict(_positions(form, [cells.column(i)[0].as_py() for i in range(cells.num_columns)]))
    rows = cells.num_rows - 1
    columns = {
        "submission_id": pa.array([sid] * rows, pa.string()),
        "submitting": pa.array([pref] * rows, pa.string()),
        "source_row": pa.array(range(2, rows + 2), pa.int32()),
    }
    for key in FORMS[form].keys:
        index = positions.get(key)
        found = index is not None
        columns[key] = cells.column(index).slice(1).cast(pa.string()) if found else pa.nulls(rows, pa.string())
    return pa.table(columns)


def _parquet_text(name: str, floating: bool, key: str) -> str:
    """A Parquet column as text; integral floats without '.0' (as the intake reads them)."""
    column = f'r."{name}"'
    if floating:
        column = f"if({column} = round({column}), cast(cast({column} as bigint) as varchar), cast({column} as varchar))"
    return f'cast({column} as varchar) as "{key}"'


def load_stages(con: duckdb.DuckDBPyConnection, files: list[tuple[str, str, str, Path]], workdir: Path) -> None:
    """files: (form, submission_id, prefecture_code, path of the raw upload) of every effective submission."""
    for form in FORMS:
        keys = ", ".join(f'"{key}" varchar' for key in FORMS[form].keys)
        con.execute(f"create or replace temp table stage_{form} (submission_id varchar, submitting varchar,"
                    f" source_row integer, {keys})")
    xlsx: dict[str, list[pa.Table]] = defaultdict(list)
    groups: dict[tuple, list[tuple[str, str, str]]] = defaultdict(list)  # (form, kind, width, positions) → files
    for form, sid, pref, path in files:
        if path.suffix == ".xlsx":
            xlsx[form].append(_xlsx(path, form, sid, pref))
        elif path.suffix == ".parquet":
            schema = pq.read_schema(path)
            shape = tuple((field.name, pa.types.is_floating(field.type)) for field in schema)
            groups[form, "parquet", shape, _positions(form, schema.names)].append((str(path), sid, pref))
        else:
            utf8, head = _utf8_csv(path, workdir)
            header = next(csv.reader(io.StringIO(head.removeprefix("\ufeff"))), [])
            groups[form, "csv", len(header), _positions(form, header)].append((str(utf8), sid, pref))
    for form, tables in xlsx.items():
        con.register("xlsx_rows", pa.concat_tables(tables))
        con.execute(f"insert into stage_{form} by name select * from xlsx_rows")
        con.unregister("xlsx_rows")
    for (form, kind, shape, positions), members in groups.items():
        paths, sids, prefs = (list(column) for column in zip(*members, strict=True))
        con.register("group_files", pa.table({"file": paths, "submission_id": sids, "submitting": prefs}))
        if kind == "parquet":
            select = ", ".join(_parquet_text(*shape[index], key) for key, index in positions)
            sql = f"""select f.submission_id, f.submitting, cast(r.file_row_number + 2 as integer) as source_row,
                {select} from read_parquet(?, filename = true, file_row_number = true) as r
                join group_files as f on f.file = r.filename"""
        else:  # row_number() over () keeps the files' row order (header row included: header = false)
            select = ", ".join(f'r.c{index} as "{key}"' for key, index in positions)
            types = ", ".join(f"'c{index}': 'VARCHAR'" for index in range(shape))
            sql = f"""with r as materialized (
                    select row_number() over () as n, * from read_csv(?, {CSV_OPTIONS}, columns = {{{types}}})),
                firsts as (select filename, min(n) as first from r group by filename)
                select f.submission_id, f.submitting, cast(r.n - firsts.first + 1 as integer) as source_row, {select}
                from r join firsts using (filename) join group_files as f on f.file = r.filename
                where r.n > firsts.first"""
        con.execute(f"insert into stage_{form} by name {sql}", [paths])
        con.unregister("group_files")
