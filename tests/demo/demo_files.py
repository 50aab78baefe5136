"""Test-side readers of a generated demo data set, independent of intake."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import polars as pl

from pipelines.core.reference import municipalities
from pipelines.intake.codes import municipality_check_digit

SURVEY_ROWS = 4_000
PERIODS = [(2025, 1), (2025, 2), (2025, 3), (2025, 4), (2026, 1), (2026, 2)]


def manifest_rows(root: Path) -> list[dict[str, str]]:
    with open(root / "manifest.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def scenario_rows(root: Path) -> list[dict[str, str]]:
    with open(root / "scenario.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def effective_rows(rows: list[dict[str, str]]) -> dict[tuple[str, str, str, str], dict[str, str]]:
    """Latest accepted manifest row per (prefecture, form, fiscal_year, quarter)."""
    out = {}
    for row in rows:  # the manifest is in received order
        if row["expected_status"] == "accepted":
            out[(row["prefecture_code"], row["form"], row["fiscal_year"], row["quarter"])] = row
    return out


def read_cells(path: Path) -> pl.DataFrame:
    """Every cell as text, whatever the container (test-side reader, independent of intake)."""
    if path.suffix == ".xlsx":
        frame = pl.read_excel(path, infer_schema_length=0)
        return frame.select(pl.all().cast(pl.String))
    if path.suffix == ".parquet":
        return pl.read_parquet(path)
    raw = path.read_bytes()
    text = raw.decode("utf-8-sig") if raw.startswith(b"\xef\xbb\xbf") else decode(raw)
    return pl.read_csv(text.encode("utf-8"), infer_schema=False)


def decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp932")


def code_of(value: str, prefecture: str) -> str:
    """Municipality code as SPEC §3.1 reads it (6 digits, 5 digits, Excel-dropped leading zero)."""
    value = value.strip().removesuffix(".0")
    if len(value) == 6:
        return value
    value = value.zfill(5)
    padded = value.zfill(6)
    if padded in municipalities() and padded.startswith(prefecture):
        return padded
    return value + municipality_check_digit(value)


def file_hashes(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}
