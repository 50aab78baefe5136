"""The report as .xlsx: a cover sheet, then one sheet per section, real numbers with number formats, A4."""

from __future__ import annotations

import io

import xlsxwriter

from pipelines.report.content import Cell, ReportContent
from pipelines.report.labels import period_ja

FONT = "Yu Gothic"
NUMBER_FORMATS = {"int": "#,##0", "ratio": "0.0%", "number": "#,##0.00", "datetime": "yyyy-mm-dd hh:mm"}
SHEET_NAMES = {
    "key_indicators": "主要指標", "stage_timeline": "構築段階", "projection": "到達見通し",
    "period_changes": "前期からの変化", "published_changes": "公開更新による修正", "actor_types": "主体の構成",
    "model_types": "モデル類型", "domains": "分野", "submissions": "提出状況",
}
A4 = 9


def xlsx_bytes(content: ReportContent) -> bytes:
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
               "strings_to_numbers": False, "nan_inf_to_errors": True}
    with xlsxwriter.Workbook(buffer, options) as book:
        formats = _Formats(book)
        _cover(book, formats, content)
        for section in content.sections:
            _section(book, formats, section, content)
    return buffer.getvalue()


class _Formats:
    def __init__(self, book: xlsxwriter.Workbook) -> None:
        base = {"font_name": FONT, "font_size": 10, "valign": "top"}
        self.title = book.add_format({**base, "bold": True, "font_size": 14})
        self.header = book.add_format({**base, "bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True})
        self.note = book.add_format({**base, "italic": True, "font_color": "#555555", "text_wrap": True})
        self.kinds = {kind: book.add_format({**base, "border": 1, "num_format": fmt})
                      for kind, fmt in NUMBER_FORMATS.items()}
        self.kinds["text"] = book.add_format({**base, "border": 1, "text_wrap": True})

    def of(self, cell: Cell):
        return self.kinds.get(cell.kind, self.kinds["text"])


def _setup(sheet, title_rows: int) -> None:
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(title_rows, title_rows)
    sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)


def _write(sheet, row: int, col: int, cell: Cell, formats: _Formats) -> None:
    value = cell.value
    if value is None:
        sheet.write_blank(row, col, None, formats.of(cell))
    elif cell.kind == "datetime":
        sheet.write_datetime(row, col, value.replace(tzinfo=None), formats.of(cell))
    elif isinstance(value, bool) or cell.kind == "text":
        sheet.write_string(row, col, str(value), formats.of(cell))
    else:
        sheet.write_number(row, col, value, formats.of(cell))


def _cover(book, formats: _Formats, content: ReportContent) -> None:
    sheet = book.add_worksheet("表紙")
    _setup(sheet, 0)
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 40)
    sheet.write_string(0, 0, f"{content.prefecture_name} 四半期報告 {period_ja(content.period)}", formats.title)
    sheet.write_string(1, 0, "共創モニター（厚生労働省 老健局）— 公開スナップショットから作成", formats.note)
    for offset, (label, cell) in enumerate(content.summary, start=3):
        sheet.write_string(offset, 0, label, formats.header)
        _write(sheet, offset, 1, cell, formats)
    outlook_row = len(content.summary) + 4
    sheet.write_string(outlook_row, 0, "段階到達の見通し", formats.header)
    for offset, sentence in enumerate(content.outlook, start=outlook_row + 1):
        sheet.write_string(offset, 0, sentence)


def _section(book, formats: _Formats, section, content: ReportContent) -> None:
    sheet = book.add_worksheet(SHEET_NAMES.get(section.key, section.key)[:31])
    _setup(sheet, 2)
    sheet.write_string(0, 0, f"{section.title} — {content.prefecture_name} {period_ja(content.period)}", formats.title)
    for col, name in enumerate(section.columns):
        sheet.write_string(2, col, name, formats.header)
        sheet.set_column(col, col, 28 if col == 0 else 16)
    for row_number, row in enumerate(section.rows, start=3):
        for col, cell in enumerate(row):
            _write(sheet, row_number, col, cell, formats)
    if section.note:
        sheet.write_string(len(section.rows) + 4, 0, section.note, formats.note)
    sheet.freeze_panes(3, 1)
