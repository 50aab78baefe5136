"""Canonical rows of the three small forms → header + cells, the way the file will hold them."""

from __future__ import annotations

from pipelines.core.reference import prefectures
from pipelines.demo import styles as S
from pipelines.intake.forms import FORMS

_WORDS = {
    "council_layer1": ("設置", "未設置"),
    "partnership_program": ("実施", "未実施"),
    "linked_national": ("あり", "なし"),
}
REMARKS = "備考"


def _cell(kind: str, key: str, value, style: S.Style) -> S.Cell:
    match kind:
        case "municipality_code":
            return S.code_cell(value, style)
        case "fiscal_year":
            return S.year_cell(value, style)
        case "quarter":
            return S.quarter_cell(value, style)
        case "count":
            return S.count_cell(value, style)
        case "boolean":
            return S.bool_cell(value, style, _WORDS.get(key, ("あり", "なし")))
        case "domain_list":
            return S.domains_cell(value, style)
        case "actor_type":
            return S.actor_type_cell(value, style)
        case "service_category":
            return S.category_cell(value, style)
        case "model_type":
            return S.model_cell(value, style)
        case "month":
            return S.month_cell(value, style)
        case "stage":
            return S.stage_cell(value, style)
        case "prefecture_code":
            pref = prefectures()[value]
            return S.prefecture_cell(value, pref.name, pref.lg_code, style)
    return value


def render(form: str, rows: list[dict], style: S.Style, drop: tuple[str, ...] = ()) -> tuple[list[str], list[list]]:
    """Rows may carry `_cells` (key → literal cell) to inject exactly what a careless officer typed."""
    columns = [c for c in FORMS[form].columns if c.key not in drop]
    header = [c.header_ja for c in columns] + ([REMARKS] if style.extra_column else [])
    out = []
    for row in rows:
        literal = row.get("_cells", {})
        cells = [literal[c.key] if c.key in literal else _cell(c.kind, c.key, row[c.key], style) for c in columns]
        if style.extra_column:
            cells.append(row.get("_remark", ""))
        out.append(cells)
    return header, out
