"""Match the header row to a form's columns, and detect the form when the caller did not name it."""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.intake.forms import FORMS, Column, Form
from pipelines.vocab import nfkc_compact


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


@dataclass(frozen=True)
class Detection:
    match: HeaderMatch | None  # None when no single form fits
    candidates: list[HeaderMatch]  # every form's match, best first (for the error message)


def detect_form(headers: list[str | None]) -> Detection:
    """The one form whose required columns are all present; none or several → no match."""
    matches = sorted(
        (match_headers(form, headers) for form in FORMS.values()),
        key=lambda match: (len(match.missing), len(match.extras)),
    )
    complete = [match for match in matches if not match.missing]
    return Detection(complete[0] if len(complete) == 1 else None, matches)
