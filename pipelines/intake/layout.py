"""Files as offices really make them (SPEC §3): find the header row, drop total and unreported rows.

The header row is the first row, within the sheet's first 10 rows, whose cells match every required
column of one form. Rows above it (titles, notes, blank rows) are ignored with one `header.offset`
warning. After the header, a total row (合計・計・総計・小計 with an empty code) is ignored with `row.total`,
and rows holding nothing but what a template prefills are ignored with one `row.not_reported` warning.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from pipelines.core.vocab import nfkc_compact
from pipelines.intake.forms import FORMS, Form
from pipelines.intake.headers import HeaderMatch, match_headers
from pipelines.intake.issues import IssueLog, ReadError
from pipelines.intake.readers import RawTable, without_blank_rows

HEADER_SEARCH_ROWS = 10
TOTAL_LABELS = {"合計", "計", "総計", "小計"}
# What the templates prefill on every municipality row (code, name, and 年度/四半期 when asked for).
PREFILLED = ("municipality_code", "municipality_name", "fiscal_year", "quarter")


@dataclass(frozen=True)
class Layout:
    match: HeaderMatch
    header_row: int  # Excel row number of the header
    headers: list[str | None]
    data: pl.DataFrame  # rows below the header, blank rows removed: c0, c1, …, source_row


def row_ranges(rows: list[int]) -> tuple[str, str]:
    """[6, 7, 8, 10] → ('6〜8、10', '6-8, 10')."""
    runs: list[list[int]] = []
    for row in sorted(rows):
        if runs and row == runs[-1][1] + 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    ja = "、".join(f"{a}〜{b}" if a != b else f"{a}" for a, b in runs)
    en = ", ".join(f"{a}-{b}" if a != b else f"{a}" for a, b in runs)
    return ja, en


def _is_blank(cell: str | None) -> bool:
    return cell is None or not str(cell).strip()


def _form_named_by(sheet: str) -> Form | None:
    name = nfkc_compact(sheet)
    return next((form for form in FORMS.values() if nfkc_compact(form.title_ja) in name), None)


def locate(table: RawTable, form: str | None, log: IssueLog) -> Layout | None:
    """The header row and the data below it; None (with the error logged) when no form can be read."""
    head = [(number, cells) for number, cells in table.head_rows(HEADER_SEARCH_ROWS) if not all(map(_is_blank, cells))]
    if not head:
        raise ReadError(
            "header.blank",
            f"1〜{HEADER_SEARCH_ROWS}行目に見出し行がありません（空です）。様式どおりの見出しを入力してください。",
            f"Rows 1-{HEADER_SEARCH_ROWS} hold no header row (they are blank). Please enter the form's headers.",
        )
    candidates = [FORMS[form]] if form else list(FORMS.values())
    named = _form_named_by(table.sheet) if table.file_type == "xlsx" else None
    for number, cells in head:
        complete = [m for m in (match_headers(f, cells) for f in candidates) if not m.missing]
        if len(complete) > 1:
            complete = [m for m in complete if m.form == named] or complete
        if len(complete) > 1:
            _ambiguous(complete, number, log)
            return None
        if complete:
            _report_offset(number, log)
            return _layout(table, complete[0], number, cells)
    if form is None:
        _undetected(head, named, table.sheet, log)
        return None
    number, cells, match = min(
        ((n, c, match_headers(FORMS[form], c)) for n, c in head), key=lambda t: (len(t[2].missing), t[0])
    )
    _report_other_form(head, FORMS[form], log)
    return _layout(table, match, number, cells)


def _layout(table: RawTable, match: HeaderMatch, number: int, headers: list[str | None]) -> Layout:
    below = without_blank_rows(table.cells.filter(pl.col("source_row") > number))
    return Layout(match, number, headers, below)


def _report_offset(header_row: int, log: IssueLog) -> None:
    if header_row == 1:
        return
    above = f"1〜{header_row - 1}" if header_row > 2 else "1"
    above_en = f"1-{header_row - 1}" if header_row > 2 else "1"
    log.add(
        "warning",
        "header.offset",
        f"見出し行は{header_row}行目です。その上の{above}行目（表題・注記・空行）は読み込みません。",
        f"The header is row {header_row}; row(s) {above_en} above it (title, notes, blank rows) are ignored.",
        row=header_row,
        value=above_en,
    )


def _ambiguous(complete: list[HeaderMatch], number: int, log: IssueLog) -> None:
    titles = "」「".join(m.form.title_ja for m in complete)
    log.add(
        "error",
        "form.ambiguous",
        f"見出し（{number}行目）が複数の様式（「{titles}」）に当てはまるため、様式を判別できません。"
        "様式を指定して提出してください。",
        f"The headers (row {number}) fit several forms ({', '.join(m.form.key for m in complete)}); "
        "please name the form.",
        row=number,
    )


def _undetected(head: list[tuple[int, list]], named: Form | None, sheet: str, log: IssueLog) -> None:
    forms = [named] if named else list(FORMS.values())
    number, match = min(
        ((n, match_headers(f, cells)) for n, cells in head for f in forms),
        key=lambda t: (len(t[1].missing), len(t[1].extras), t[0]),
    )
    title = match.form.title_ja
    because = f"シート名「{sheet}」から" if named else f"最も近い{number}行目の見出しから"
    because_en = f"the sheet name '{sheet}'" if named else f"the closest row, row {number},"
    log.add(
        "error",
        "form.undetected",
        f"1〜{HEADER_SEARCH_ROWS}行目に様式どおりの見出し行が見つかりません。{because}「{title}」の様式と思われますが、"
        f"{number}行目には次の列がありません: {'、'.join(c.header_ja for c in match.missing)}。",
        f"No header row matching a form was found in rows 1-{HEADER_SEARCH_ROWS}. {because_en} suggests "
        f"'{match.form.title_en}' ({match.form.key}), but row {number} lacks: "
        f"{', '.join(f'{c.header_ja} ({c.key})' for c in match.missing)}.",
        row=number,
        value=match.form.key,
    )


def _report_other_form(head: list[tuple[int, list]], form: Form, log: IssueLog) -> None:
    """The named form matched no row; say so when another form matches one completely."""
    for number, cells in head:
        other = next(
            (f for f in FORMS.values() if f != form and not match_headers(f, cells).missing),
            None,
        )
        if other is not None:
            log.add(
                "error",
                "form.mismatch",
                f"見出しが「{form.title_ja}」の様式と一致しません。"
                f"このファイルは「{other.title_ja}」の様式のようです（{number}行目）。様式をご確認ください。",
                f"The headers do not fit the form '{form.title_en}'; the file looks like "
                f"'{other.title_en}' (row {number}). Please check the form.",
            )
            return


def _compact(expr: pl.Expr) -> pl.Expr:
    return expr.str.normalize("NFKC").str.replace_all(r"\s", "")


def _blank(name: str) -> pl.Expr:
    return pl.col(name).str.strip_chars().fill_null("") == ""


def _total_rows(rows: pl.DataFrame, code: str, texts: list[str], name: int | None) -> list[tuple[int, str]]:
    """(row number, label) of the total rows among `rows`."""
    first_filled = _compact(pl.coalesce([pl.when(~_blank(n)).then(pl.col(n)) for n in texts]))
    name_cell = _compact(pl.col(f"c{name}")) if name is not None else first_filled
    # SPEC: empty code and 合計 in the name (or first non-empty) cell; a 合計 typed into the code cell also counts
    is_total = (_blank(code) & (first_filled.is_in(TOTAL_LABELS) | name_cell.is_in(TOTAL_LABELS))) | _compact(
        pl.col(code)
    ).is_in(TOTAL_LABELS)
    return list(rows.filter(is_total.fill_null(False)).select("source_row", first_filled).iter_rows())


def drop_unreported(layout: Layout, log: IssueLog) -> pl.DataFrame:
    """The data rows without total rows and rows that hold only what the template prefilled."""
    data, positions = layout.data, layout.match.positions
    texts = [name for name in data.columns if name != "source_row"]
    code_key = "municipality_code" if "municipality_code" in positions else "prefecture_code"
    code = f"c{positions[code_key]}"
    # a code of ASCII digits is neither blank nor a label: only the other rows (few, often none) need the costly
    # test below (Unicode normalization of every cell: it was a third of the time of reading a survey file)
    candidates = data.filter(~pl.col(code).str.contains(r"^[0-9]+$").fill_null(False))
    totals = _total_rows(candidates, code, texts, positions.get("municipality_name")) if candidates.height else []
    for number, text in totals:
        log.add(
            "warning",
            "row.total",
            f"{number}行目は合計行（「{text}」）のため読み込みません。",
            f"Row {number} is a total row ('{text}') and is ignored.",
            row=number,
            value=text,
        )
    kept = data.filter(~pl.col("source_row").is_in([number for number, _ in totals])) if totals else data
    if code_key != "municipality_code":
        return kept
    prefilled = {f"c{positions[key]}" for key in PREFILLED if key in positions}
    others = [n for n in texts if n not in prefilled]
    if not others:
        return kept
    unreported = kept.select(pl.all_horizontal([_blank(n) for n in others])).to_series()
    rows = kept["source_row"].filter(unreported).to_list()
    if rows:
        ranges_ja, ranges_en = row_ranges(rows)
        log.add(
            "warning",
            "row.not_reported",
            f"未記入の行が {len(rows):,} 行あります（{ranges_ja}行目）。団体コード・市区町村名など"
            "あらかじめ入力された欄しかない行は、未報告として読み込みません。",
            f"{len(rows):,} rows are not filled in (rows {ranges_en}): rows holding only the prefilled "
            "municipality code and name are treated as not reported and ignored.",
            value=ranges_en,
        )
    return kept.filter(~unreported) if rows else kept
