"""validate_file end to end: formats, detection, hostile files, every error reported at once."""

import polars as pl
import pytest

from pipelines.intake import validate_file
from pipelines.intake.forms import NORMALIZED_SCHEMAS
from pipelines.intake.result import IntakeResult


def errors(result: IntakeResult) -> list[tuple[str, int | None, str | None]]:
    return [(i.rule, i.row, i.column) for i in result.errors]


def test_same_report_in_every_format_gives_the_same_frame(files, make) -> None:
    table = make.toyama_report()
    numeric = [table[0]] + [[int(row[0]), *row[1:4], 12000, 3, *row[6:]] for row in table[1:]]
    results = [
        validate_file(files.csv("utf8.csv", table), "16"),
        validate_file(files.csv("bom.csv", table, encoding="utf-8-sig"), "16"),
        validate_file(files.csv("sjis.csv", table, encoding="cp932"), "16"),
        validate_file(files.xlsx("report.xlsx", numeric, sheet="市町村四半期報告"), "16"),
    ]
    for result in results:
        assert result.accepted, result.issues
        assert result.issues == []
        assert (result.form, result.fiscal_year, result.quarter, result.rows) == ("municipal_report", 2025, 1, 15)
    frame = results[0].frame
    assert frame.schema == pl.Schema(NORMALIZED_SCHEMAS["municipal_report"])
    for result in results[1:]:
        assert result.frame.equals(frame)
    first = frame.row(0, named=True)
    assert first["prefecture_code"] == "16" and first["period"] == "FY2025Q1" and first["source_row"] == 2
    assert first["municipality_code"] == "162019" and first["municipality_name"] == "富山市"
    assert first["population_65plus"] == 12000 and first["council_layer1"] is True
    assert first["partnership_program"] is False and first["program_spend_kyen"] == 3500


def test_roster_in_every_format_gives_the_same_frame(files, make) -> None:
    records = [
        make.actor(),
        make.actor(
            actor_name="ＮＰＯ法人　たすけあい 富山",
            corporate_number="",
            actor_type="npo",
            domains="掃除/洗濯\n買い物",
            service_category="通所型A",
            model_type="1－2",
            start_month="令和7年4月",
        ),
        make.actor(
            municipality_code="16202",
            actor_name="高岡見守り隊",
            corporate_number="",
            actor_type="住民ボランティア団体",
            domains="見守り",
            service_category="訪問型B",
            model_type="",
            start_month="",
        ),
    ]
    table = make.table("actor_roster", records)
    numeric = [table[0], [162019, *table[1][1:4], 7000012050002, *table[1][5:]], table[2], [16202, *table[3][1:]]]
    frames = [
        validate_file(files.csv("utf8.csv", table), "16").frame,
        validate_file(files.csv("sjis.csv", table, encoding="cp932"), "16").frame,
        validate_file(files.xlsx("roster.xlsx", numeric), "16").frame,
    ]
    assert frames[0].schema == pl.Schema(NORMALIZED_SCHEMAS["actor_roster"])
    assert frames[1].equals(frames[0]) and frames[2].equals(frames[0])
    npo = frames[0].row(1, named=True)
    assert npo["actor_name_normalized"] == "NPO法人たすけあい富山"  # NFKC, every whitespace (incl. U+3000) removed
    assert npo["corporate_number"] is None
    assert npo["domains"] == ["cleaning", "laundry", "shopping"]
    assert (npo["service_category"], npo["model_type"], npo["start_month"]) == ("day_a", "1-2", "2025-04")
    third = frames[0].row(2, named=True)
    assert (third["municipality_code"], third["actor_type"], third["service_category"]) == (
        "162027", "volunteer_group", "home_b",
    )  # fmt: skip


def test_excel_numeric_code_without_leading_zero(files, make) -> None:
    table = make.table("actor_roster", [make.actor(municipality_code=11002, corporate_number="")])
    result = validate_file(files.xlsx("r.xlsx", table), "01")
    assert result.accepted
    assert result.frame["municipality_code"].to_list() == ["011002"]


@pytest.mark.parametrize("form", ["municipal_report", "actor_roster", "platform_status", "survey_responses"])
def test_form_detected_from_headers(files, make, form: str) -> None:
    record = {
        "municipal_report": lambda: make.municipal("162019", "富山市"),
        "actor_roster": make.actor,
        "platform_status": make.platform,
        "survey_responses": lambda: make.survey("A-1"),
    }[form]()
    result = validate_file(files.csv("f.csv", make.table(form, [record])), "16")
    assert result.form == form
    assert not result.errors, result.errors
    assert result.frame.schema == pl.Schema(NORMALIZED_SCHEMAS[form])


def test_undetectable_form(files) -> None:
    result = validate_file(files.csv("f.csv", [["団体コード", "主体名"], ["162019", "x"]]), "16")
    assert (result.form, result.frame) == (None, None)
    assert errors(result) == [("form.undetected", 1, None)]
    assert "主体種別" in result.errors[0].message_ja  # what the closest form (actor_roster) still needs


def test_named_form_that_does_not_fit(files, make) -> None:
    path = files.csv("f.csv", make.table("platform_status", [make.platform()]))
    result = validate_file(path, "16", form="actor_roster")
    rules = [rule for rule, _, _ in errors(result)]
    assert rules[0] == "form.mismatch"
    assert "都道府県プラットフォーム構築状況" in result.errors[0].message_ja
    assert ("header.missing_column", None, "主体名") in errors(result)


@pytest.mark.parametrize(
    ("name", "data", "rule"),
    [
        ("empty.csv", b"", "file.empty"),
        ("random.xlsx", bytes(range(256)) * 40, "file.format"),
        ("corrupt.xlsx", b"PK\x03\x04\x14\x00" + b"\x07" * 300, "file.unreadable"),
        (
            "header_only.csv",
            "都道府県コード,年度,四半期,構築段階,参加団体数,会合・イベント開催回数,"
            "市町村・SC向け研修回数,マッチング件数,基金活用額（千円）,全国版PF連携\r\n".encode(),
            "file.no_data",
        ),
        ("blank_rows.csv", b"\r\n,\r\n \r\n", "header.blank"),
        ("latin1.csv", "団体コード\n".encode() + b"caf\xe9 \xff\n", "file.encoding"),
    ],
)
def test_hostile_files_are_rejected_with_a_file_level_error(files, name: str, data: bytes, rule: str) -> None:
    result = validate_file(files.raw(name, data), "16")
    assert errors(result) == [(rule, None, None)]
    assert result.frame is None and result.rows == 0
    assert result.errors[0].message_ja and result.errors[0].message_en


def test_unexpected_failure_becomes_an_issue(files, make, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*_args: object) -> None:
        raise MemoryError("boom")

    monkeypatch.setattr("pipelines.intake.validate.read_table", explode)
    result = validate_file(files.csv("f.csv", make.toyama_report()), "16")
    assert errors(result) == [("file.unreadable", None, None)]
    assert "MemoryError" in result.errors[0].message_en


def test_ten_different_errors_are_all_reported(files, make) -> None:
    table = make.toyama_report()
    col = {header: index for index, header in enumerate(table[0])}
    edits = [
        (2, "団体コード", "162018"),  # wrong check digit
        (3, "65歳以上人口", "-5"),
        (4, "日常生活圏域数", "1.5"),
        (5, "第1層SC配置人数", "二人"),
        (6, "第1層協議体設置", "たぶん"),
        (7, "第2層SC配置圏域数", "9"),  # > 3 daily living areas
        (8, "通いの場参加者数", "20000"),  # > 12,000 aged 65+
        (9, "団体コード", "131016"),  # Tokyo's Chiyoda in Toyama's report
        (10, "住民参画・官民連携推進事業実施", ""),
        (11, "65歳以上人口", "0"),
        (11, "通いの場参加者数", "0"),  # else it would also exceed the population of 0
    ]
    for row, header, value in edits:
        table[row - 1][col[header]] = value
    result = validate_file(files.csv("f.csv", table, encoding="cp932"), "16")
    assert errors(result) == [
        ("municipality_code.check_digit", 2, "団体コード"),
        ("population_65plus.negative", 3, "65歳以上人口"),
        ("daily_living_areas.fractional", 4, "日常生活圏域数"),
        ("sc_layer1_count.not_a_number", 5, "第1層SC配置人数"),
        ("council_layer1.format", 6, "第1層協議体設置"),
        ("sc_layer2_areas_covered.exceeds_areas", 7, "第2層SC配置圏域数"),
        ("kayoi_participants.exceeds_population", 8, "通いの場参加者数"),
        ("municipality_code.other_prefecture", 9, "団体コード"),
        ("partnership_program.required", 10, "住民参画・官民連携推進事業実施"),
        ("population_65plus.not_positive", 11, "65歳以上人口"),
    ]
    assert [i.value for i in result.errors[:3]] == ["162018", "-5", "1.5"]
    assert result.frame is None
    assert result.period == "FY2025Q1"  # still known, for the submission register


def test_mixed_periods_reject_the_file_naming_the_rows(files, make) -> None:
    table = make.toyama_report()
    table[4][3] = "第2四半期"  # Excel row 5
    table[6][2] = "令和8年度"  # Excel row 7
    result = validate_file(files.csv("f.csv", table), "16")
    assert errors(result) == [("period.mixed", None, None), ("period.mixed", 5, "四半期"), ("period.mixed", 7, "年度")]
    assert "FY2025Q1（13行）" in result.errors[0].message_ja and "FY2025Q2（1行）" in result.errors[0].message_ja
    assert (result.fiscal_year, result.quarter, result.frame) == (None, None, None)


def test_missing_required_column_rejects(files, make) -> None:
    table = [row[:4] + row[5:] for row in make.toyama_report()]  # without 65歳以上人口
    result = validate_file(files.csv("f.csv", table), "16", form="municipal_report")
    assert errors(result) == [("header.missing_column", None, "65歳以上人口")]
    assert (result.frame, result.rows) == (None, 15)


def test_extra_column_is_a_warning(files, make) -> None:
    table = [[*row, note] for row, note in zip(make.toyama_report(), ["備考"] + ["メモ"] * 15, strict=True)]
    table = [[*row, None] for row in table]  # a trailing column with neither header nor data is ignored
    result = validate_file(files.xlsx("f.xlsx", table), "16")
    assert result.accepted
    assert [(i.severity, i.rule, i.row, i.column) for i in result.issues] == [
        ("warning", "header.extra_column", 1, "備考")
    ]
    assert "備考" not in result.frame.columns


def test_survey_parquet(files, make) -> None:
    columns = {
        "municipality_code": pl.Series([162019, 162019, 162027], dtype=pl.Int64),
        "fiscal_year": ["R7", "R7", "R7"],
        "quarter": pl.Series([2, 2, 2], dtype=pl.Int64),
        "respondent_id": ["001", "002", "001"],
        "age_band": ["65～69歳", "85歳以上", "75-79"],
        "participates": [True, False, True],
        "domains_used": [["買い物", "移動"], [], None],
        "domains_wanted": ["見守り／掃除", None, "交流"],
        "satisfaction": pl.Series([5.0, None, 3.0]),
    }
    result = validate_file(files.parquet("s.parquet", columns), "16")
    assert result.accepted, result.issues
    assert (result.form, result.period, result.rows) == ("survey_responses", "FY2025Q2", 3)
    frame = result.frame
    assert frame.schema == pl.Schema(NORMALIZED_SCHEMAS["survey_responses"])
    assert frame["municipality_code"].to_list() == ["162019", "162019", "162027"]
    assert frame["age_band"].to_list() == ["65-69", "85+", "75-79"]
    assert frame["participates"].to_list() == [True, False, True]
    assert frame["domains_used"].to_list() == [["shopping", "mobility"], [], []]
    assert frame["domains_wanted"].to_list() == [["cleaning", "watching"], [], ["intergenerational"]]
    assert frame["satisfaction"].to_list() == [5, None, 3]


def test_parquet_only_for_the_survey(files, make) -> None:
    record = make.platform()
    path = files.parquet("p.parquet", {key: [value] for key, value in record.items()})
    result = validate_file(path, "16")
    assert result.form == "platform_status"
    assert [rule for rule, _, _ in errors(result)] == ["file.parquet_form"]


def test_bad_arguments_raise() -> None:
    with pytest.raises(ValueError):
        validate_file("x.csv", "99")
    with pytest.raises(ValueError):
        validate_file("x.csv", "16", form="budget")
