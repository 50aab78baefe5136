"""Files as offices really make them (SPEC §3): title rows, merged titles, total rows, partly filled templates."""

from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from pipelines.core.periods import TOKYO
from pipelines.intake import validate_file
from pipelines.intake.forms import FORMS
from pipelines.intake.layout import row_ranges
from pipelines.portal.templates import write_template

TITLE = "令和7年度 第1四半期 市町村四半期報告（富山県）"
RECEIVED = datetime(2025, 8, 1, 10, 0, tzinfo=TOKYO)


def issues(result) -> list[tuple]:
    return [(i.severity, i.rule, i.row, i.value) for i in result.issues]


def office_report(path: Path, make, *, header_at: int, total_label: str = "合計") -> Path:
    """xlsxwriter: an instructions sheet first, then 市町村四半期報告 with a merged title, the header at
    row `header_at`, Toyama's 15 municipalities, and a total row with numbers under the data."""
    workbook = xlsxwriter.Workbook(str(path))
    workbook.add_worksheet("記入要領").write("A1", "黄色の欄に記入してください")
    sheet = workbook.add_worksheet("市町村四半期報告")
    sheet.merge_range(0, 0, 0, 17, TITLE)
    table = make.toyama_report()
    for offset, row in enumerate(table):
        sheet.write_row(header_at - 1 + offset, 0, row)
    total_row = header_at - 1 + len(table)
    sheet.write_row(total_row, 1, [total_label, "", "", 15 * 12000, 45])
    workbook.close()
    return path


def test_title_row_merged_title_and_total_row(files, make) -> None:
    path = office_report(files.root / "鳥取県 報告.xlsx", make, header_at=3)
    result = validate_file(path, "16", received_at=RECEIVED)
    # header in row 3 (rows 1-2: merged title and a blank row), 15 municipalities in rows 4-18, 合計 in row 19
    assert issues(result) == [
        ("warning", "header.offset", 3, "1-2"),
        ("warning", "row.total", 19, "合計"),
    ]
    assert {i.sheet for i in result.issues} == {"市町村四半期報告"}
    assert result.form == "municipal_report" and result.period == "FY2025Q1"
    assert result.rows == 15
    assert result.frame["source_row"].to_list() == list(range(4, 19))
    assert result.frame["municipality_code"].to_list() == list(make.toyama)
    assert result.frame["population_65plus"].sum() == 15 * 12000


@pytest.mark.parametrize(("label", "read_as"), [("計", "計"), ("総計", "総計"), ("小計", "小計"), (" 合　計 ", "合計")])
def test_every_total_label(files, make, label: str, read_as: str) -> None:
    path = office_report(files.root / "r.xlsx", make, header_at=2, total_label=label)
    result = validate_file(path, "16", received_at=RECEIVED)
    assert issues(result) == [("warning", "header.offset", 2, "1"), ("warning", "row.total", 18, read_as)]


def test_a_total_typed_into_the_code_cell_and_codes_that_only_look_unusual(files, make) -> None:
    """Only a code cell of ASCII digits skips the total-row test: full-width digits and padded codes are still
    municipalities, and 合計 typed into the code cell is a total row."""
    table = make.toyama_report()
    table[1][0] = "１６２０１９"  # 富山市 in full-width digits
    table[2][0] = " 162027 "  # 高岡市 with spaces around
    rows = [*table, ["合 計"] + [""] * (len(table[0]) - 1)]
    result = validate_file(files.csv("totals.csv", rows), "16", received_at=RECEIVED)
    # header in record 1, the 15 municipalities in records 2-16, the total in record 17
    assert issues(result) == [("warning", "row.total", 17, "合計")]
    assert result.rows == 15
    assert result.frame["municipality_code"].to_list() == list(make.toyama)


def test_openpyxl_merged_title_cells_and_a_blank_first_column(files, make) -> None:
    """Merged cells made by openpyxl; data from column B, so column A is entirely empty and ignored."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "市町村四半期報告"
    sheet["B1"] = TITLE
    sheet.merge_cells("B1:S2")
    sheet["B3"] = "※ 数値は半角で入力"
    for r, row in enumerate(make.toyama_report(), start=5):
        for c, value in enumerate(row, start=2):
            sheet.cell(row=r, column=c, value=value)
    workbook.save(files.root / "merged.xlsx")
    result = validate_file(files.root / "merged.xlsx", "16", received_at=RECEIVED)
    assert issues(result) == [("warning", "header.offset", 5, "1-4")]
    assert result.frame["source_row"].to_list() == list(range(6, 21))


def test_errors_keep_excel_row_numbers(files, make) -> None:
    table = make.toyama_report()
    table[3][FORMS["municipal_report"].keys.index("population_65plus")] = "-5"  # 魚津市, the 3rd municipality
    rows = [["令和7年度 報告"], [], *table]
    result = validate_file(files.csv("title.csv", rows, encoding="cp932"), "16", received_at=RECEIVED)
    # title (record 1), blank (2), header (3): the 3rd municipality is record 6
    assert [(i.rule, i.row, i.column, i.value) for i in result.errors] == [
        ("population_65plus.negative", 6, "65歳以上人口", "-5")
    ]
    assert ("warning", "header.offset", 3, "1-2") in issues(result)


def test_partly_filled_template(files, make) -> None:
    """The real template prefills every municipality (and 年度/四半期); the office fills 4 rows."""
    path = write_template("municipal_report", "16", files.root / "template.xlsx", fiscal_year=2025, quarter=1)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["市町村四半期報告"]
    keys = FORMS["municipal_report"].keys
    filled = make.toyama_report()[1:5]  # 富山市, 高岡市, 魚津市, 氷見市 → sheet rows 2-5
    for r, row in enumerate(filled, start=2):
        for c, key in enumerate(keys, start=1):
            if key not in ("municipality_code", "municipality_name", "fiscal_year", "quarter"):
                sheet.cell(row=r, column=c, value=row[c - 1])
    workbook.save(path)
    result = validate_file(path, "16", received_at=RECEIVED)
    assert [(i.rule, i.row, i.value) for i in result.warnings] == [
        ("row.not_reported", None, "6-16"),
        ("municipality_code.missing", None, None),
    ]
    assert "未記入の行が 11 行あります（6〜16行目）" in result.warnings[0].message_ja
    assert result.rows == 4
    assert result.frame["municipality_code"].to_list() == ["162019", "162027", "162043", "162051"]


def test_sheet_name_names_the_form_when_no_header_matches(files, make) -> None:
    table = make.toyama_report()
    index = FORMS["municipal_report"].keys.index("kayoi_participants")
    for row in table:
        del row[index]
    path = files.xlsx("r.xlsx", [["令和7年度 報告"], [], *table], sheet="市町村四半期報告", before=["記入要領"])
    result = validate_file(path, "16", received_at=RECEIVED)
    assert [(i.rule, i.row, i.value) for i in result.issues] == [("form.undetected", 3, "municipal_report")]
    message = result.issues[0].message_ja
    assert "シート名「市町村四半期報告」から「市町村四半期報告」の様式と思われます" in message
    assert message.endswith("3行目には次の列がありません: 通いの場参加者数。")


def test_header_below_row_10_is_not_searched(files, make) -> None:
    rows = [[f"注記{n}"] for n in range(10)] + make.toyama_report()
    result = validate_file(files.csv("deep.csv", rows), "16", received_at=RECEIVED)
    assert [i.rule for i in result.errors] == ["form.undetected"]


def test_named_form_with_header_offset(files, make) -> None:
    rows = [["多様な主体参画状況"], *make.table("actor_roster", [make.actor()])]
    result = validate_file(files.csv("r.csv", rows), "16", form="actor_roster", received_at=RECEIVED)
    assert issues(result) == [("warning", "header.offset", 2, "1")]
    assert result.frame["source_row"].to_list() == [3]


@pytest.mark.parametrize(
    ("year", "quarter", "rule"),
    [
        ("令和17年度", "2", "period.future"),
        ("令和7年度", "3", "period.future"),
        ("令和6年度", "4", "period.before_monitoring"),
    ],
)
def test_period_sanity(files, make, year: str, quarter: str, rule: str) -> None:
    # received 2025-08-01: FY2025Q2 (from 2025-07-01) is fine, FY2025Q3 (from 2025-10-01) is in the future
    table = make.table("platform_status", [make.platform(fiscal_year=year, quarter=quarter)])
    result = validate_file(files.csv("p.csv", table), "16", received_at=RECEIVED)
    assert [(i.rule, i.row, i.column) for i in result.errors] == [(rule, None, "年度")]
    assert result.frame is None


def test_a_period_that_started_before_receipt_is_accepted(files, make) -> None:
    table = make.table("platform_status", [make.platform(fiscal_year="2025", quarter="2")])
    assert validate_file(files.csv("p.csv", table), "16", received_at=RECEIVED).accepted
    boundary = datetime(2025, 7, 1, 0, 0, tzinfo=TOKYO)  # FY2025Q2 starts at this very instant
    assert validate_file(files.csv("p.csv", table), "16", received_at=boundary).accepted


def test_row_ranges() -> None:
    assert row_ranges([10, 6, 7, 8, 12, 13]) == ("6〜8、10、12〜13", "6-8, 10, 12-13")
