"""The report as .pdf: A4 portrait, Noto Sans CJK JP embedded (subset), charts as images."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from pipelines.report import charts
from pipelines.report.content import ReportContent, Section
from pipelines.report.labels import format_value, period_ja

FONT_DIR = Path("/usr/share/fonts/opentype/noto")
REGULAR = FONT_DIR / "NotoSansCJK-Regular.ttc"
BOLD = FONT_DIR / "NotoSansCJK-Bold.ttc"
JAPANESE_FACE = 0  # Noto Sans CJK JP inside the collection
FONT = "NotoSansCJKjp"
HEADER_FILL = (220, 230, 241)
# Sections whose first column is wide (names); the rest share the page width equally.
FIRST_COLUMN_SHARE = {"key_indicators": 0.32, "published_changes": 0.2, "submissions": 0.22, "projection": 0.16}


class _ReportPDF(FPDF):
    def __init__(self, content: ReportContent) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.content = content
        self.set_margins(14, 14, 14)
        self.set_auto_page_break(auto=True, margin=16)
        if not REGULAR.exists():
            raise FileNotFoundError(f"Japanese font missing (install fonts-noto-cjk): {REGULAR}")
        self.add_font(FONT, "", str(REGULAR), collection_font_number=JAPANESE_FACE)
        self.add_font(FONT, "B", str(BOLD if BOLD.exists() else REGULAR), collection_font_number=JAPANESE_FACE)
        self.set_title(f"{content.prefecture_name} 四半期報告 {period_ja(content.period)}")
        self.set_author("共創モニター（厚生労働省 老健局）")
        self.set_lang("ja")

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FONT, size=7)
        self.set_text_color(110)
        self.cell(0, 5, f"共創モニター　{self.content.prefecture_name}　{period_ja(self.content.period)}　"
                        f"{self.page_no()}／{{nb}}", align="C")
        self.set_text_color(0)


def pdf_bytes(content: ReportContent) -> bytes:
    pdf = _ReportPDF(content)
    pdf.add_page()
    _cover(pdf, content)
    _image(pdf, charts.stage_chart(content))
    for key in ("projection", "key_indicators"):
        _table(pdf, content.section(key))
    _image(pdf, charts.comparison_chart(content))
    for key in ("period_changes", "published_changes", "stage_timeline"):
        if any(s.key == key for s in content.sections):
            _table(pdf, content.section(key))
    _image(pdf, charts.composition_chart(content))
    for key in ("actor_types", "model_types"):
        if any(s.key == key for s in content.sections):
            _table(pdf, content.section(key))
    _image(pdf, charts.domain_chart(content))
    _table(pdf, content.section("domains"))
    _table(pdf, content.section("submissions"))
    return bytes(pdf.output())


def _cover(pdf: _ReportPDF, content: ReportContent) -> None:
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 9, f"{content.prefecture_name}　四半期報告", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 11)
    pdf.multi_cell(0, 6, f"{period_ja(content.period)}（{content.period}）", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 8)
    pdf.set_text_color(90)
    made = datetime.now().strftime("%Y-%m-%d")
    source = "共創モニター（厚生労働省 老健局 認知症施策・地域介護推進課）公開データより作成"
    pdf.multi_cell(0, 5, f"{source}　作成日 {made}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    pdf.ln(2)
    pdf.set_font(FONT, "", 9)
    with pdf.table(col_widths=(30, 60, 30, 60), text_align="LEFT", line_height=5.5,
                   first_row_as_headings=False) as table:
        items = content.summary
        for left, right in zip(items[0::2], items[1::2], strict=False):
            row = table.row()
            for label, cell in (left, right):
                row.cell(label, style=FontFace(emphasis="BOLD", fill_color=HEADER_FILL))
                row.cell(format_value(cell.value, cell.kind))
    for sentence in content.outlook:
        pdf.ln(1)
        pdf.multi_cell(0, 5, f"・{sentence}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _heading(pdf: _ReportPDF, text: str) -> None:
    if pdf.get_y() > pdf.h - 45:
        pdf.add_page()
    pdf.ln(2)
    pdf.set_font(FONT, "B", 11)
    pdf.set_draw_color(31, 95, 168)
    pdf.multi_cell(0, 7, text, border="B", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1.5)


def _table(pdf: _ReportPDF, section: Section) -> None:
    _heading(pdf, section.title)
    pdf.set_font(FONT, "", 7.5)
    first = FIRST_COLUMN_SHARE.get(section.key, 0.25)
    rest = (1 - first) / max(len(section.columns) - 1, 1)
    widths = [first] + [rest] * (len(section.columns) - 1)
    if section.rows:
        aligns = ["LEFT"] + ["RIGHT" if cell.kind != "text" else "LEFT" for cell in section.rows[0][1:]]
        with pdf.table(col_widths=[w * 100 for w in widths], line_height=4.6, text_align=aligns,
                       headings_style=FontFace(emphasis="BOLD", fill_color=HEADER_FILL)) as table:
            table.row(section.columns)
            for cells in section.rows:
                table.row([format_value(cell.value, cell.kind) for cell in cells])
    if section.note:
        pdf.set_font(FONT, "", 7)
        pdf.set_text_color(90)
        pdf.multi_cell(0, 4, section.note, new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0)


def _image(pdf: _ReportPDF, png: bytes | None) -> None:
    if png is None:  # nothing to draw this period; the table below says so
        return
    width = pdf.w - pdf.l_margin - pdf.r_margin
    if pdf.get_y() > pdf.h - 80:
        pdf.add_page()
    pdf.ln(2)
    pdf.image(io.BytesIO(png), w=width)
