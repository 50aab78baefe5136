"""Templates: Japanese headers, instructions, drop-downs fed by a hidden sheet, prefilled municipalities,
and a template filled in with its own drop-down values passes intake unchanged."""

from __future__ import annotations

import argparse
from pathlib import Path

import openpyxl
import pytest

from pipelines.core.reference import municipalities_of
from pipelines.intake import validate_file
from pipelines.intake.forms import FORMS
from pipelines.portal.cli import add_portal_commands, run_portal_command
from pipelines.portal.templates import INSTRUCTIONS_SHEET, LISTS_SHEET, MUNICIPALITIES_SHEET, write_template

HOKKAIDO, TOTTORI = "01", "31"  # Hokkaido's codes start with 0: Excel must keep them as text
LIST_KINDS = {"actor_type", "domain_list", "service_category", "model_type", "stage", "age_band", "boolean"}


def _template(tmp_path: Path, form: str, prefecture: str = HOKKAIDO, **period) -> openpyxl.Workbook:
    return openpyxl.load_workbook(write_template(form, prefecture, tmp_path / f"{form}.xlsx", **period))


def _choices(workbook: openpyxl.Workbook, kind: str) -> list:
    [(sheet, cells)] = workbook.defined_names[f"list_{kind}"].destinations
    return [row[0].value for row in workbook[sheet][cells.replace("$", "")]]


def _fill(workbook: openpyxl.Workbook, form: str, rows: list[dict], tmp_path: Path, start: int = 2) -> Path:
    sheet = workbook[FORMS[form].title_ja]
    for offset, values in enumerate(rows):
        for col, column in enumerate(FORMS[form].columns, start=1):
            if column.key in values:
                sheet.cell(start + offset, col, values[column.key])
    path = tmp_path / f"{form}-filled.xlsx"
    workbook.save(path)
    return path


def _assert_accepted_without_issues(path: Path, prefecture: str, form: str, rows: int) -> None:
    result = validate_file(path, prefecture)
    assert [(i.row, i.column, i.value, i.message_en) for i in result.issues] == []
    assert (result.form, result.rows, result.period) == (form, rows, "FY2025Q1")


@pytest.mark.parametrize("form", sorted(FORMS))
def test_sheets_headers_instructions_and_dropdowns(tmp_path, form):
    workbook = _template(tmp_path, form)
    spec = FORMS[form]
    assert workbook.sheetnames[:2] == [spec.title_ja, INSTRUCTIONS_SHEET] and workbook.active.title == spec.title_ja
    assert workbook[LISTS_SHEET].sheet_state == "hidden"
    data = workbook[spec.title_ja]
    assert [cell.value for cell in data[1]] == [column.header_ja for column in spec.columns]
    instructions = [
        row for row in workbook[INSTRUCTIONS_SHEET].iter_rows(values_only=True) if row[1] in ("必須", "任意")
    ]
    assert [(row[0], row[1] == "必須") for row in instructions] == [(c.header_ja, c.required) for c in spec.columns]
    validations = {str(v.sqref): v for v in data.data_validations.dataValidation}
    for col, column in enumerate(spec.columns, start=1):
        if column.kind in LIST_KINDS:
            letter = openpyxl.utils.get_column_letter(col)
            validation = validations[f"{letter}2:{letter}1048576"]
            assert (validation.type, validation.formula1) == ("list", f"list_{column.kind}")
            assert len(_choices(workbook, column.kind)) >= 2


def test_every_vocabulary_is_offered_in_full(tmp_path):
    workbook = _template(tmp_path, "actor_roster")
    assert len(_choices(workbook, "actor_type")) == 11 and len(_choices(workbook, "domain_list")) == 23
    assert _choices(workbook, "stage")[0] == "0 未着手" and _choices(workbook, "boolean") == ["はい", "いいえ"]
    assert len(_choices(workbook, "municipality_code")) == len(municipalities_of(HOKKAIDO)) == 179


@pytest.mark.parametrize("form", ["municipal_report", "actor_roster"])
def test_municipality_codes_and_names_are_prefilled_as_text(tmp_path, form):
    workbook = _template(tmp_path, form)
    sheet = workbook[FORMS[form].title_ja if form == "municipal_report" else MUNICIPALITIES_SHEET]
    rows = list(sheet.iter_rows(min_row=2, max_col=2))
    assert [(code.value, name.value) for code, name in rows] == [(m.code, m.name) for m in municipalities_of(HOKKAIDO)]
    assert rows[0][0].value == "011002" and {(c.data_type, c.number_format) for c, _ in rows} == {("s", "@")}


def test_filled_municipal_report_passes_validation_unchanged(tmp_path):
    workbook = _template(tmp_path, "municipal_report", fiscal_year=2025, quarter=1)
    yes, no = _choices(workbook, "boolean")
    counts = {c.key: 1 for c in FORMS["municipal_report"].columns if c.kind == "count"}
    rows = [
        {
            **counts,
            "population_65plus": 5000 + i,
            "daily_living_areas": 3,
            "kayoi_participants": 300,
            "council_layer1": yes,
            "partnership_program": no,
        }
        for i in range(len(municipalities_of(HOKKAIDO)))
    ]
    _assert_accepted_without_issues(
        _fill(workbook, "municipal_report", rows, tmp_path), HOKKAIDO, "municipal_report", 179
    )


def test_filled_actor_roster_with_every_dropdown_value_passes(tmp_path):
    workbook = _template(tmp_path, "actor_roster")
    codes, domains = _choices(workbook, "municipality_code"), _choices(workbook, "domain_list")
    categories, models = _choices(workbook, "service_category"), _choices(workbook, "model_type")
    rows = [
        {
            "municipality_code": codes[i % len(codes)],
            "fiscal_year": 2025,
            "quarter": 1,
            "actor_name": f"主体{i}",
            "actor_type": actor_type,
            "domains": "、".join(domains[i : i + 3]),
            "service_category": categories[i % 2],
            "model_type": models[i % len(models)],
            "start_month": "令和7年4月",
        }
        for i, actor_type in enumerate(_choices(workbook, "actor_type"))
    ]
    rows += [{**rows[0], "actor_name": "その他", "service_category": c, "model_type": None} for c in categories[2:]]
    rows = [{key: value for key, value in row.items() if value is not None} for row in rows]
    _assert_accepted_without_issues(_fill(workbook, "actor_roster", rows, tmp_path), HOKKAIDO, "actor_roster", 18)


@pytest.mark.parametrize("stage_index", range(5))
def test_filled_platform_status_passes_for_every_stage(tmp_path, stage_index):
    workbook = _template(tmp_path, "platform_status", TOTTORI, fiscal_year=2025, quarter=1)
    counts = {key: 2 for key in ("member_orgs", "events", "trainings", "matches", "fund_used_kyen")}
    row = {
        **counts,
        "stage": _choices(workbook, "stage")[stage_index],
        "linked_national": _choices(workbook, "boolean")[1],
    }
    _assert_accepted_without_issues(_fill(workbook, "platform_status", [row], tmp_path), TOTTORI, "platform_status", 1)


def test_filled_survey_passes_validation_unchanged(tmp_path):
    workbook = _template(tmp_path, "survey_responses", TOTTORI)
    codes, domains = _choices(workbook, "municipality_code"), _choices(workbook, "domain_list")
    rows = [
        {
            "municipality_code": codes[i % len(codes)],
            "fiscal_year": 2025,
            "quarter": 1,
            "respondent_id": f"R{i:04d}",
            "age_band": band,
            "participates": _choices(workbook, "boolean")[i % 2],
            "domains_used": domains[i],
            "domains_wanted": "、".join(domains[i : i + 2]),
            "satisfaction": i + 1,
        }
        for i, band in enumerate(_choices(workbook, "age_band"))
    ]
    _assert_accepted_without_issues(_fill(workbook, "survey_responses", rows, tmp_path), TOTTORI, "survey_responses", 5)


def test_template_command(kyoso_dirs, tmp_path, capsys):
    parser = argparse.ArgumentParser(prog="kyoso")
    add_portal_commands(parser.add_subparsers(dest="command", required=True))
    out = tmp_path / "out" / "platform.xlsx"
    args = ["template", "platform_status", "--prefecture", "鳥取県", "--out", str(out), "--fiscal-year", "2025"]
    assert run_portal_command(parser.parse_args(args)) == 0
    sheet = openpyxl.load_workbook(out)["都道府県プラットフォーム構築状況"]
    assert [sheet["A2"].value, sheet["B2"].value, sheet["C2"].value] == [TOTTORI, 2025, None]
    assert (
        run_portal_command(parser.parse_args(["template", "platform_status", "--prefecture", "99", "--out", str(out)]))
        == 2
    )
