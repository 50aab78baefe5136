"""Per-form rules of SPEC §3.2–3.5 through validate_file."""

from pipelines.intake import validate_file
from pipelines.intake.result import IntakeResult


def issues(result: IntakeResult, severity: str) -> list[tuple[str, int | None, str | None]]:
    return [(i.rule, i.row, i.column) for i in result.issues if i.severity == severity]


def report(files, make, table, **kwargs) -> IntakeResult:
    return validate_file(files.csv("f.csv", table), "16", **kwargs)


# municipal_report


def test_bounds(files, make) -> None:
    table = make.toyama_report()
    table[1][5] = "0"  # daily_living_areas ≥ 1 (and now 2 layer-2 areas exceed it)
    table[2][9] = "4"  # council_layer2_areas 4 > 3 areas
    table[3][16] = "12000"  # kayoi = population: allowed
    assert issues(report(files, make, table), "error") == [
        ("daily_living_areas.below_minimum", 2, "日常生活圏域数"),
        ("sc_layer2_areas_covered.exceeds_areas", 2, "第2層SC配置圏域数"),
        ("council_layer2_areas.exceeds_areas", 2, "第2層協議体設置圏域数"),
        ("council_layer2_areas.exceeds_areas", 3, "第2層協議体設置圏域数"),
    ]


def test_duplicate_municipality_rows(files, make) -> None:
    table = make.toyama_report()
    table.append(list(table[1]))  # 富山市 again, Excel row 17
    table[3][0] = "16201"  # 富山市 written without check digit, row 4 (高岡市 now missing)
    result = report(files, make, table)
    assert issues(result, "error") == [
        ("municipality_code.duplicate", 4, "団体コード"),
        ("municipality_code.duplicate", 17, "団体コード"),
    ]
    assert "2行目" in result.errors[0].message_ja


def test_missing_municipalities_are_one_warning(files, make) -> None:
    table = make.toyama_report()
    del table[15]  # 朝日町 163431
    del table[2]  # 高岡市 162027
    result = report(files, make, table)
    assert result.accepted
    assert issues(result, "warning") == [("municipality_code.missing", None, "団体コード")]
    message = result.warnings[0].message_ja
    assert "2 件" in message and "162027 高岡市" in message and "163431 朝日町" in message


def test_population_change_over_20_percent_is_a_warning(files, make) -> None:
    table = make.toyama_report()  # 12,000 everywhere
    previous = {"162019": 10000, "162027": 9999, "162043": 15000, "162051": 15001}  # +20%, +20.01%, -20%, -20.003%
    result = report(files, make, table, previous_population=previous)
    assert result.accepted
    assert issues(result, "warning") == [
        ("population_65plus.change", 3, "65歳以上人口"),
        ("population_65plus.change", 5, "65歳以上人口"),
    ]
    assert "9,999" in result.warnings[0].message_ja


def test_municipality_name_mismatch_is_a_warning(files, make) -> None:
    table = make.toyama_report()
    table[1][1] = "富山県富山市"  # prefixed with the prefecture: fine
    table[2][1] = "高岡 市"  # whitespace: fine
    table[3][1] = "魚沼市"
    table[4][1] = ""  # optional
    result = report(files, make, table)
    assert result.accepted
    assert issues(result, "warning") == [("municipality_name.mismatch", 4, "市区町村名")]
    assert "魚津市" in result.warnings[0].message_ja


# actor_roster


def test_model_type_outside_service_a_is_a_warning(files, make) -> None:
    records = [
        make.actor(service_category="訪問型A", model_type="①-1"),
        make.actor(service_category="通所型サービスA", model_type="②"),
        make.actor(service_category="訪問型B", model_type="①-3"),
        make.actor(service_category="総合事業外の連携", model_type=""),
    ]
    result = report(files, make, make.table("actor_roster", records))
    assert result.accepted
    assert issues(result, "warning") == [("model_type.not_applicable", 4, "モデル類型")]
    assert result.frame["model_type"].to_list() == ["1-1", "2", "1-3", None]


def test_roster_value_errors(files, make) -> None:
    records = [
        make.actor(actor_name="\u3000"),
        make.actor(corporate_number="7000012050003"),
        make.actor(actor_type="株式会社"),
        make.actor(domains=""),
        make.actor(service_category="訪問型E"),
        make.actor(model_type="③"),
        make.actor(start_month="2025-13"),
        make.actor(municipality_code="011002"),
    ]
    assert issues(report(files, make, make.table("actor_roster", records)), "error") == [
        ("actor_name.required", 2, "主体名"),
        ("corporate_number.check_digit", 3, "法人番号"),
        ("actor_type.unknown", 4, "主体種別"),
        ("domains.required", 5, "活動分野"),
        ("service_category.unknown", 6, "サービス区分"),
        ("model_type.unknown", 7, "モデル類型"),
        ("start_month.format", 8, "開始年月"),
        ("municipality_code.other_prefecture", 9, "団体コード"),
    ]


# platform_status


def test_platform_status_must_be_the_submitting_prefecture(files, make) -> None:
    ok = report(files, make, make.table("platform_status", [make.platform(prefecture_code="富山県", stage="2")]))
    assert ok.accepted
    assert ok.frame.select("prefecture_code", "stage", "linked_national").row(0) == ("16", 2, True)
    other = report(files, make, make.table("platform_status", [make.platform(prefecture_code="東京都")]))
    assert issues(other, "error") == [("prefecture_code.mismatch", 2, "都道府県コード")]


def test_platform_status_has_one_row(files, make) -> None:
    result = report(files, make, make.table("platform_status", [make.platform(), make.platform(prefecture_code="16")]))
    assert issues(result, "error") == [("prefecture_code.duplicate", 3, "都道府県コード")]


def test_platform_status_values(files, make) -> None:
    table = make.table("platform_status", [make.platform(stage="5", linked_national="", member_orgs="１２．５")])
    assert issues(report(files, make, table), "error") == [
        ("stage.unknown", 2, "構築段階"),
        ("member_orgs.fractional", 2, "参加団体数"),
        ("linked_national.required", 2, "全国版PF連携"),
    ]


# survey_responses


def test_respondent_id_unique_within_municipality(files, make) -> None:
    records = [
        make.survey("A1"),
        make.survey("A1", municipality_code="162027"),  # same ID in another municipality: fine
        make.survey("A2"),
        make.survey("A1"),  # duplicate of row 2
    ]
    result = report(files, make, make.table("survey_responses", records))
    assert issues(result, "error") == [("respondent_id.duplicate", 5, "回答者ID")]
    assert "2行目" in result.errors[0].message_ja


def test_survey_values(files, make) -> None:
    records = [
        make.survey("1", age_band="60-64"),
        make.survey("2", participates=""),
        make.survey("3", domains_used="", domains_wanted="", satisfaction=""),  # all optional
        make.survey("4", satisfaction="6"),
        make.survey("5", domains_wanted="買い物、宇宙旅行"),
        make.survey("6", municipality_code="131016"),
    ]
    result = report(files, make, make.table("survey_responses", records))
    assert issues(result, "error") == [
        ("age_band.unknown", 2, "年齢区分"),
        ("participates.required", 3, "地域活動参加"),
        ("satisfaction.out_of_range", 5, "満足度"),
        ("domains_wanted.unknown", 6, "希望する生活支援"),
        ("municipality_code.other_prefecture", 7, "団体コード"),
    ]
