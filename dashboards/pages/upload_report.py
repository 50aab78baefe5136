"""The validation report of one upload, as an officer acts on it: a summary first, errors before warnings,
filters by rule and column, and every issue as .xlsx or CSV. Pure Polars (no Panel)."""

from __future__ import annotations

import io

import polars as pl
import xlsxwriter

from pipelines.portal.service import row_ranges

NOT_REPORTED = "row.not_reported"
# column key → (Japanese header, English header)
ISSUE_HEADERS = {
    "severity": ("区分", "Severity"),
    "sheet": ("シート", "Sheet"),
    "row": ("行", "Row"),
    "column": ("列", "Column"),
    "value": ("値", "Value"),
    "rule": ("ルール", "Rule"),
    "message": ("内容", "Message"),
}
SEVERITY_LABELS = {"error": ("誤り", "Error"), "warning": ("警告", "Warning")}


def _unreported_rows(issue: dict) -> list[int]:
    """Rows of a `row.not_reported` warning, from its value ('6-63, 65')."""
    rows: list[int] = []
    for part in (issue.get("value") or "").split(","):
        first, _, last = part.strip().partition("-")
        if first.isdigit():
            rows.extend(range(int(first), int(last or first) + 1))
    return rows


def summary_line(issues: list[dict], lang: str) -> str:
    """「誤り 1 件・警告 2 件・未記入の行 58 行（6〜63行目）」."""
    errors = sum(issue["severity"] == "error" for issue in issues)
    warnings = sum(issue["severity"] == "warning" for issue in issues)
    unreported = [row for issue in issues if issue["rule"] == NOT_REPORTED for row in _unreported_rows(issue)]
    if lang == "ja":
        parts = [f"誤り {errors:,} 件", f"警告 {warnings:,} 件"]
        if unreported:
            parts.append(f"未記入の行 {len(unreported):,} 行（{row_ranges(unreported)[0]}行目）")
        return "・".join(parts)
    parts = [f"{errors:,} error{'s' * (errors != 1)}", f"{warnings:,} warning{'s' * (warnings != 1)}"]
    if unreported:
        parts.append(f"{len(unreported):,} rows not filled in (rows {row_ranges(unreported)[1]})")
    return " · ".join(parts)


def ordered(issues: list[dict]) -> list[dict]:
    """Errors before warnings; within each, the order intake gave (file-level first, then by row)."""
    return sorted(issues, key=lambda issue: issue["severity"] != "error")


def issues_frame(issues: list[dict], lang: str, rule: str | None = None, column: str | None = None) -> pl.DataFrame:
    """Every issue (optionally only one rule and/or column) with headers in the page's language."""
    index = 0 if lang == "ja" else 1
    rows = [
        {
            "severity": SEVERITY_LABELS.get(i["severity"], (i["severity"],) * 2)[index],
            "sheet": i["sheet"],
            "row": i["row"],
            "column": i["column"],
            "value": i["value"],
            "rule": i["rule"],
            "message": i["message_ja"] if lang == "ja" else i["message_en"],
        }
        for i in ordered(issues)
        if (rule is None or i["rule"] == rule) and (column is None or i["column"] == column)
    ]
    schema = {name: pl.Int64 if name == "row" else pl.String for name in ISSUE_HEADERS}
    return pl.DataFrame(rows, schema=schema).rename({key: names[index] for key, names in ISSUE_HEADERS.items()})


def for_screen(frame: pl.DataFrame) -> pl.DataFrame:
    """Row numbers as text on screen (a column with blanks would otherwise show 3.0)."""
    return frame.with_columns(pl.col(pl.Int64).cast(pl.String).fill_null(""))


def filter_options(issues: list[dict], key: str, lang: str) -> dict[str, str]:
    """Choices of a filter: label (with how many issues) → value; '' = all."""
    counts: dict[str, int] = {}
    for issue in ordered(issues):
        if issue[key] is not None:
            counts[issue[key]] = counts.get(issue[key], 0) + 1
    everything = "すべて" if lang == "ja" else "All"
    return {f"{everything} ({len(issues):,})": "", **{f"{value} ({n:,})": value for value, n in counts.items()}}


def issues_csv(issues: list[dict], lang: str) -> bytes:
    """UTF-8 with BOM, so Excel opens the Japanese text correctly."""
    return b"\xef\xbb\xbf" + issues_frame(issues, lang).write_csv().encode("utf-8")


def issues_xlsx(issues: list[dict], lang: str) -> bytes:
    frame = issues_frame(issues, lang)
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as workbook:
        sheet = workbook.add_worksheet("検証結果" if lang == "ja" else "Issues")
        bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        sheet.write_row(0, 0, frame.columns, bold)
        for r, row in enumerate(frame.iter_rows(), start=1):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
        widths = (8, 18, 6, 22, 16, 28, 80)
        for c, width in enumerate(widths):
            sheet.set_column(c, c, width)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(frame.height, 1), len(widths) - 1)
    return buffer.getvalue()
