"""Excel templates of the four forms (SPEC §3): what a prefecture fills in and uploads unchanged.

Sheets: the data sheet named as the form's Japanese title with the Japanese header row; 「記入方法」 (one
row per column: header, required, type, allowed values, example); for forms keyed by municipality
「市区町村一覧」 (the prefecture's codes and names); and a hidden 「選択肢」 sheet whose ranges feed the
drop-down lists (Excel limits inline lists to 255 characters). Municipality codes are text cells, so the
leading zeros of e.g. 011002 survive. Municipal reports come prefilled with one row per municipality.
"""

from __future__ import annotations

from pathlib import Path

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from pipelines.core.reference import municipalities_of, prefectures
from pipelines.core.vocab import ACTOR_TYPES, AGE_BANDS, DOMAINS, MODEL_TYPES, SERVICE_CATEGORIES, STAGES
from pipelines.intake.forms import FORMS, Column

INSTRUCTIONS_SHEET, MUNICIPALITIES_SHEET, LISTS_SHEET = "記入方法", "市区町村一覧", "選択肢"
LAST_ROW = 1_048_575  # validations cover the whole column
TRUE_LABEL, FALSE_LABEL = "はい", "いいえ"

# kind → (type in Japanese, rule, example)
_KIND_HELP = {
    "municipality_code": ("文字列（6桁）", "全国地方公共団体コード（検査数字付き6桁、先頭の0も入力）", ""),
    "prefecture_code": ("文字列", "都道府県コード（2桁）または都道府県名", ""),
    "fiscal_year": ("年度", "2025、2025年度、令和7年度、R7 のいずれか", "2025"),
    "quarter": ("1～4", "第1四半期=4～6月、第2=7～9月、第3=10～12月、第4=1～3月", "1"),
    "count": ("0以上の整数", "小数・負の値・文字は不可", "12"),
    "boolean": ("はい／いいえ", "有／無、○／× なども可", TRUE_LABEL),
    "text": ("文字列", "自由記述", ""),
    "corporate_number": ("文字列（13桁）", "法人番号。法人格のない団体は空欄", "7000012050002"),
    "actor_type": ("選択", "", ACTOR_TYPES[0][1]),
    "domain_list": ("選択（複数可）", "複数の分野は「、」で区切って入力（例: 掃除、見守り）", "掃除、見守り"),
    "service_category": ("選択", "", SERVICE_CATEGORIES[0][1]),
    "model_type": ("選択", "訪問型サービスA・通所型サービスAのときのみ", MODEL_TYPES[0][1]),
    "month": ("年月", "2025-04、2025/4、令和7年4月 のいずれか", "2025-04"),
    "stage": ("選択", "", f"{STAGES[1][0]} {STAGES[1][1]}"),
    "age_band": ("選択", "", AGE_BANDS[0][1]),
    "satisfaction": ("1～5の整数", "無回答は空欄", "4"),
}
_LISTS: dict[str, list[str] | list[int]] = {
    "actor_type": [label for _, label, _ in ACTOR_TYPES],
    "domain_list": [label for _, label, _ in DOMAINS],
    "service_category": [label for _, label, _ in SERVICE_CATEGORIES],
    "model_type": [label for _, label, _ in MODEL_TYPES],
    "stage": [f"{code} {label}" for code, label, _ in STAGES],
    "age_band": [label for _, label, _ in AGE_BANDS],
    "boolean": [TRUE_LABEL, FALSE_LABEL],
    "quarter": [1, 2, 3, 4],
    "satisfaction": [1, 2, 3, 4, 5],
}
# several domains joined with 、 are not one list item, and 5-digit codes are allowed: inform, do not refuse
_LIST_ERROR_TYPE = {"domain_list": "information", "municipality_code": "warning"}
_TEXT_KINDS = {"municipality_code", "prefecture_code", "corporate_number", "text", "month"}


def write_template(
    form: str, prefecture_code: str, out_path: Path, fiscal_year: int | None = None, quarter: int | None = None
) -> Path:
    """Write the .xlsx template of `form` for one prefecture; 年度/四半期 are prefilled when given."""
    spec = FORMS[form]
    municipalities = municipalities_of(prefecture_code)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(str(out_path))
    styles = {
        "text": workbook.add_format({"num_format": "@"}),
        "required": workbook.add_format({"bold": True, "bg_color": "#1F4E79", "font_color": "#FFFFFF", "border": 1}),
        "optional": workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1}),
        "wrap": workbook.add_format({"text_wrap": True, "valign": "top", "num_format": "@"}),
    }
    data = workbook.add_worksheet(spec.title_ja)
    instructions = workbook.add_worksheet(INSTRUCTIONS_SHEET)
    if "municipality_code" in spec.keys:
        _write_municipality_list(workbook, municipalities, styles)
    _write_lists(workbook, municipalities)
    period = {"fiscal_year": fiscal_year, "quarter": quarter}
    prefilled = {
        "municipal_report": [
            {"municipality_code": m.code, "municipality_name": m.name, **period} for m in municipalities
        ],
        "platform_status": [{"prefecture_code": prefecture_code, **period}],
    }
    _write_data_sheet(data, spec.columns, prefilled.get(form, []), styles)
    _write_instructions(instructions, spec.title_ja, prefecture_code, spec.columns, styles)
    workbook.close()
    return out_path


def _write_data_sheet(sheet, columns: tuple[Column, ...], rows: list[dict], styles: dict) -> None:
    for col, column in enumerate(columns):
        sheet.write_string(0, col, column.header_ja, styles["required" if column.required else "optional"])
        width = max(12, 2 * len(column.header_ja) + 2)
        sheet.set_column(col, col, width, styles["text"] if column.kind in _TEXT_KINDS else None)
        _add_validation(sheet, col, column)
        for row, values in enumerate(rows, start=1):
            value = values.get(column.key)
            if isinstance(value, str):
                sheet.write_string(row, col, value, styles["text"])
            elif value is not None:
                sheet.write_number(row, col, value)
    sheet.freeze_panes(1, 0)
    sheet.activate()


def _write_municipality_list(workbook: xlsxwriter.Workbook, municipalities, styles: dict) -> None:
    sheet = workbook.add_worksheet(MUNICIPALITIES_SHEET)
    sheet.write_row(0, 0, ["団体コード", "市区町村名"], styles["optional"])
    sheet.set_column(0, 0, 12, styles["text"])
    sheet.set_column(1, 1, 20)
    for row, municipality in enumerate(municipalities, start=1):
        sheet.write_string(row, 0, municipality.code, styles["text"])
        sheet.write_string(row, 1, municipality.name)


def _write_lists(workbook: xlsxwriter.Workbook, municipalities) -> None:
    """The hidden sheet of drop-down values, one column per list, each exposed as a defined name."""
    sheet = workbook.add_worksheet(LISTS_SHEET)
    lists = {**_LISTS, "municipality_code": [m.code for m in municipalities]}
    for col, (kind, values) in enumerate(lists.items()):
        sheet.write_string(0, col, kind)
        for row, value in enumerate(values, start=1):
            if isinstance(value, str):
                sheet.write_string(row, col, value)
            else:
                sheet.write_number(row, col, value)
        letter = xl_col_to_name(col)
        workbook.define_name(f"list_{kind}", f"='{LISTS_SHEET}'!${letter}$2:${letter}${len(values) + 1}")
    sheet.hide()


def _add_validation(sheet, col: int, column: Column) -> None:
    if column.kind == "count":
        options = {"validate": "integer", "criteria": ">=", "value": 0, "error_type": "warning"}
        message = "0以上の整数を入力してください。"
    elif column.kind in _LISTS or column.kind == "municipality_code":
        options = {
            "validate": "list",
            "source": f"=list_{column.kind}",
            "error_type": _LIST_ERROR_TYPE.get(column.kind, "stop"),
        }
        message = f"選択肢（「{INSTRUCTIONS_SHEET}」シート参照）から選んでください。"
    else:
        return
    if column.kind == "domain_list":
        message += "複数の場合は「、」で区切って入力します（例: 掃除、見守り）。"
        options |= {
            "input_title": column.header_ja,
            "input_message": "複数の場合は「、」で区切って入力（例: 掃除、見守り）",
        }
    sheet.data_validation(1, col, LAST_ROW, col, {**options, "error_title": "入力値の確認", "error_message": message})


def _allowed_values(column: Column) -> str:
    if column.kind == "municipality_code":
        return f"「{MUNICIPALITIES_SHEET}」シートのコード"
    return "、".join(map(str, _LISTS[column.kind])) if column.kind in _LISTS else ""


def _write_instructions(sheet, title: str, prefecture_code: str, columns: tuple[Column, ...], styles: dict) -> None:
    # examples from the prefecture's own codes; every other example comes from _KIND_HELP
    examples = {"prefecture_code": prefecture_code, "municipality_code": municipalities_of(prefecture_code)[0].code}
    notes = [
        f"{title}（{prefectures()[prefecture_code].name}）記入方法",
        f"・「{title}」シートの2行目以降に記入してください。シート名と1行目の見出しは変更しないでください。",
        "・濃い色の見出しは必須項目、薄い色の見出しは任意項目です。全ての行の年度・四半期は同じにしてください。",
        "・選択肢のある列はセルの▼から選べます。活動分野など複数選べる列は「、」で区切って入力します。",
        "・数式を入力した場合は計算結果の値が読み取られます。提出はアップロード画面から行ってください。",
    ]
    for row, note in enumerate(notes):
        sheet.write_string(row, 0, note)
    header_row = len(notes) + 1
    sheet.write_row(header_row, 0, ["見出し", "必須・任意", "入力形式", "選択肢・ルール", "記入例"], styles["required"])
    for row, column in enumerate(columns, start=header_row + 1):
        type_ja, rule, example = _KIND_HELP[column.kind]
        rule = "。".join(filter(None, [_allowed_values(column), rule]))
        example = examples.get(column.kind, example)
        sheet.write_row(
            row, 0, [column.header_ja, "必須" if column.required else "任意", type_ja, rule, example], styles["wrap"]
        )
    for col, width in enumerate((28, 6, 16, 70, 18)):
        sheet.set_column(col, col, width)
