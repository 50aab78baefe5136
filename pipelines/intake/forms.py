"""The four upload forms (SPEC §3.2–3.5): Japanese header, English key, value type, requirement.

This is the contract shared by the readers, the validators, the demo-data writer and the templates.
Normalized output columns use the English keys; see `NORMALIZED_SCHEMAS` for the stored types.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl


@dataclass(frozen=True)
class Column:
    header_ja: str
    key: str
    kind: str  # one of the value kinds normalized in intake (code, count, boolean, ...)
    required: bool = True


@dataclass(frozen=True)
class Form:
    key: str
    title_ja: str
    title_en: str
    columns: tuple[Column, ...]

    @property
    def keys(self) -> list[str]:
        return [column.key for column in self.columns]


MUNICIPAL_REPORT = Form(
    "municipal_report",
    "市町村四半期報告",
    "Municipal quarterly report",
    (
        Column("団体コード", "municipality_code", "municipality_code"),
        Column("市区町村名", "municipality_name", "text", required=False),
        Column("年度", "fiscal_year", "fiscal_year"),
        Column("四半期", "quarter", "quarter"),
        Column("65歳以上人口", "population_65plus", "count"),
        Column("日常生活圏域数", "daily_living_areas", "count"),
        Column("第1層SC配置人数", "sc_layer1_count", "count"),
        Column("第2層SC配置圏域数", "sc_layer2_areas_covered", "count"),
        Column("第1層協議体設置", "council_layer1", "boolean"),
        Column("第2層協議体設置圏域数", "council_layer2_areas", "count"),
        Column("住民参画・官民連携推進事業実施", "partnership_program", "boolean"),
        Column("タウンミーティング等開催回数", "town_meetings", "count"),
        Column("参加者数（住民）", "meeting_participants_residents", "count"),
        Column("参加者数（民間企業等）", "meeting_participants_orgs", "count"),
        Column("プロジェクト化件数", "projects_started", "count"),
        Column("試行的実施件数", "pilots_running", "count"),
        Column("通いの場参加者数", "kayoi_participants", "count"),
        Column("生活支援体制整備事業費（千円）", "program_spend_kyen", "count"),
    ),
)

ACTOR_ROSTER = Form(
    "actor_roster",
    "多様な主体参画状況",
    "Engagement of diverse actors",
    (
        Column("団体コード", "municipality_code", "municipality_code"),
        Column("年度", "fiscal_year", "fiscal_year"),
        Column("四半期", "quarter", "quarter"),
        Column("主体名", "actor_name", "text"),
        Column("法人番号", "corporate_number", "corporate_number", required=False),
        Column("主体種別", "actor_type", "actor_type"),
        Column("活動分野", "domains", "domain_list"),
        Column("サービス区分", "service_category", "service_category"),
        Column("モデル類型", "model_type", "model_type", required=False),
        Column("開始年月", "start_month", "month", required=False),
    ),
)

PLATFORM_STATUS = Form(
    "platform_status",
    "都道府県プラットフォーム構築状況",
    "Prefecture platform status",
    (
        Column("都道府県コード", "prefecture_code", "prefecture_code"),
        Column("年度", "fiscal_year", "fiscal_year"),
        Column("四半期", "quarter", "quarter"),
        Column("構築段階", "stage", "stage"),
        Column("参加団体数", "member_orgs", "count"),
        Column("会合・イベント開催回数", "events", "count"),
        Column("市町村・SC向け研修回数", "trainings", "count"),
        Column("マッチング件数", "matches", "count"),
        Column("基金活用額（千円）", "fund_used_kyen", "count"),
        Column("全国版PF連携", "linked_national", "boolean"),
    ),
)

SURVEY_RESPONSES = Form(
    "survey_responses",
    "高齢者アンケート",
    "Survey of older residents",
    (
        Column("団体コード", "municipality_code", "municipality_code"),
        Column("年度", "fiscal_year", "fiscal_year"),
        Column("四半期", "quarter", "quarter"),
        Column("回答者ID", "respondent_id", "text"),
        Column("年齢区分", "age_band", "age_band"),
        Column("地域活動参加", "participates", "boolean"),
        Column("利用中の生活支援", "domains_used", "domain_list", required=False),
        Column("希望する生活支援", "domains_wanted", "domain_list", required=False),
        Column("満足度", "satisfaction", "satisfaction", required=False),
    ),
)

FORMS: dict[str, Form] = {
    form.key: form for form in (MUNICIPAL_REPORT, ACTOR_ROSTER, PLATFORM_STATUS, SURVEY_RESPONSES)
}

# Columns every normalized frame starts with (added by intake, not read from the file).
_PERIOD_COLUMNS = {"prefecture_code": pl.String, "fiscal_year": pl.Int32, "quarter": pl.Int32, "period": pl.String}

NORMALIZED_SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "municipal_report": {
        **_PERIOD_COLUMNS,
        "source_row": pl.Int32,
        "municipality_code": pl.String,
        "municipality_name": pl.String,
        "population_65plus": pl.Int64,
        "daily_living_areas": pl.Int64,
        "sc_layer1_count": pl.Int64,
        "sc_layer2_areas_covered": pl.Int64,
        "council_layer1": pl.Boolean,
        "council_layer2_areas": pl.Int64,
        "partnership_program": pl.Boolean,
        "town_meetings": pl.Int64,
        "meeting_participants_residents": pl.Int64,
        "meeting_participants_orgs": pl.Int64,
        "projects_started": pl.Int64,
        "pilots_running": pl.Int64,
        "kayoi_participants": pl.Int64,
        "program_spend_kyen": pl.Int64,
    },
    "actor_roster": {
        **_PERIOD_COLUMNS,
        "source_row": pl.Int32,
        "municipality_code": pl.String,
        "actor_name": pl.String,
        # NFKC with every whitespace character removed; the actor key uses it (SPEC §4.3)
        "actor_name_normalized": pl.String,
        "corporate_number": pl.String,
        "actor_type": pl.String,
        "domains": pl.List(pl.String),
        "service_category": pl.String,
        "model_type": pl.String,
        "start_month": pl.String,  # 'YYYY-MM'
    },
    "platform_status": {
        **_PERIOD_COLUMNS,
        "source_row": pl.Int32,
        "stage": pl.Int32,
        "member_orgs": pl.Int64,
        "events": pl.Int64,
        "trainings": pl.Int64,
        "matches": pl.Int64,
        "fund_used_kyen": pl.Int64,
        "linked_national": pl.Boolean,
    },
    "survey_responses": {
        **_PERIOD_COLUMNS,
        "source_row": pl.Int32,
        "municipality_code": pl.String,
        "respondent_id": pl.String,
        "age_band": pl.String,
        "participates": pl.Boolean,
        "domains_used": pl.List(pl.String),
        "domains_wanted": pl.List(pl.String),
        "satisfaction": pl.Int32,
    },
}
