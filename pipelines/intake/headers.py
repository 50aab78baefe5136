"""Match a header row to a form's columns (the header row itself is found in layout.py)."""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.core.vocab import nfkc_compact
from pipelines.intake.forms import Column, Form


@dataclass(frozen=True)
class HeaderMatch:
    form: Form
    positions: dict[str, int]  # column key → index of the file column holding it
    written: dict[str, str]  # column key → header as written in the file (Japanese header if absent)
    missing: list[Column]  # required columns not found
    extras: list[int]  # indexes of non-blank headers that match no column
    duplicates: list[tuple[Column, int]]  # a second file column for an already matched key


def _normalized(header: str) -> str:
    return nfkc_compact(header).casefold()


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA (as Excel names columns)."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def match_headers(form: Form, headers: list[str | None]) -> HeaderMatch:
    spellings = {}
    for column in form.columns:
        spellings[_normalized(column.header_ja)] = column
        spellings[_normalized(column.key)] = column
    positions: dict[str, int] = {}
    written = {column.key: column.header_ja for column in form.columns}
    extras: list[int] = []
    duplicates: list[tuple[Column, int]] = []
    for index, header in enumerate(headers):
        if header is None or not str(header).strip():
            continue
        column = spellings.get(_normalized(str(header)))
        if column is None:
            extras.append(index)
        elif column.key in positions:
            duplicates.append((column, index))
        else:
            positions[column.key] = index
            written[column.key] = str(header).strip()
    missing = [column for column in form.columns if column.required and column.key not in positions]
    return HeaderMatch(form, positions, written, missing, extras, duplicates)
