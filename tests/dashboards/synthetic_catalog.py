"""A plausible indicator_catalog and national_milestones for the synthetic snapshot.

The real ones come from the pipeline's dbt seeds; these only have to look like them.
"""

from __future__ import annotations

MR, AR, PS, SR = "municipal_report", "actor_roster", "platform_status", "survey_responses"
UP, DOWN, NEUTRAL = "higher_is_better", "lower_is_better", "neutral"

# code, name_ja, name_en, formula, unit, source_form, direction, target
INDICATORS: list[tuple[str, str, str, str, str, str, str, float | None]] = [
    ("completeness", "報告市町村の割合", "Reporting completeness",
     "municipalities_reported / municipalities_total", "ratio", MR, UP, 1.0),
    ("partnership_program_rate", "住民参画・官民連携推進事業の実施率", "Partnership programme rate",
     "count(partnership_program) / municipalities_reported", "ratio", MR, UP, 0.5),
    ("town_meetings", "タウンミーティング等開催回数", "Town meetings", "Σ town_meetings", "count", MR, UP, None),
    ("town_meetings_per_10k_65plus", "高齢者1万人当たりタウンミーティング回数", "Town meetings per 10k aged 65+",
     "10000 · Σ town_meetings / Σ population_65plus", "per_10k", MR, UP, None),
    ("org_participant_share", "参加者に占める民間企業等の割合", "Share of organisations among participants",
     "Σ orgs / Σ (residents + orgs)", "ratio", MR, UP, None),
    ("projects_started", "プロジェクト化件数", "Projects started", "Σ projects_started", "count", MR, UP, None),
    ("pilots_running", "試行的実施件数", "Pilots running", "Σ pilots_running", "count", MR, UP, None),
    ("kayoi_participation_rate", "通いの場への参加率", "Kayoi-no-ba participation rate",
     "Σ kayoi_participants / Σ population_65plus", "ratio", MR, UP, 0.08),
    ("sc_layer1_rate", "第1層SC配置率", "Layer-1 coordinator placement rate",
     "count(sc_layer1_count ≥ 1) / municipalities_reported", "ratio", MR, UP, 1.0),
    ("sc_layer2_coverage", "第2層SC配置圏域の割合", "Layer-2 coordinator coverage",
     "Σ sc_layer2_areas_covered / Σ daily_living_areas", "ratio", MR, UP, 0.9),
    ("council_layer1_rate", "第1層協議体設置率", "Layer-1 council rate",
     "count(council_layer1) / municipalities_reported", "ratio", MR, UP, 1.0),
    ("council_layer2_coverage", "第2層協議体設置圏域の割合", "Layer-2 council coverage",
     "Σ council_layer2_areas / Σ daily_living_areas", "ratio", MR, UP, 0.8),
    ("engagements", "多様な主体の参画件数", "Actor engagements", "rows of actor_roster", "count", AR, UP, None),
    ("actors", "参画主体数", "Actors", "distinct actor keys", "count", AR, UP, None),
    ("actor_types_present", "参画主体の種別数", "Actor types present", "distinct actor_type", "count", AR, UP, None),
    ("actor_type_diversity", "主体種別の多様性指数", "Actor-type diversity",
     "(−Σ p·ln p) / ln 11", "index", AR, UP, None),
    ("non_traditional_share", "従来の担い手以外の割合", "Non-traditional share",
     "engagements not social_welfare/medical / engagements", "ratio", AR, UP, None),
    ("domain_coverage", "活動分野のカバー率", "Domain coverage", "distinct domains / 23", "ratio", AR, UP, None),
    ("service_a_engagements", "サービスAへの参画件数", "Service A engagements",
     "engagements with home_a or day_a", "count", AR, UP, None),
    ("diverse_municipality_rate", "多様な主体が参画する市町村の割合", "Municipalities with diverse actors",
     "municipalities with ≥ 3 actor types / municipalities_total", "ratio", AR, UP, 0.5),
    ("survey_respondents", "アンケート回答者数", "Survey respondents", "rows of survey_responses", "count", SR,
     NEUTRAL, None),
    ("survey_participation_rate", "地域活動への参加率", "Community participation rate",
     "share of respondents with participates = true", "ratio", SR, UP, None),
    ("survey_satisfaction_mean", "満足度（平均）", "Mean satisfaction", "mean(satisfaction)", "score", SR, UP,
     None),
    ("platform_stage", "都道府県プラットフォーム構築段階", "Platform stage",
     "stage of platform_status (carried forward)", "stage", PS, UP, None),
    ("stage_gap", "スケジュールとの差（段階）", "Gap to schedule (stages)", "platform_stage − target_stage",
     "stage", PS, UP, 0.0),
    ("quarters_behind", "遅れている四半期数", "Quarters behind", "schedule periods with target > stage",
     "count", PS, DOWN, 0.0),
    ("platform_member_orgs", "プラットフォーム参加団体数", "Platform member organisations", "member_orgs",
     "count", PS, UP, None),
    ("platform_matches", "マッチング件数", "Matches made", "matches", "count", PS, UP, None),
    ("spend_ratio", "標準額に対する執行率", "Spend against standard amount",
     "spend_fy_to_date_kyen / standard_amount_kyen", "ratio", MR, NEUTRAL, None),
]

MILESTONES: list[tuple[str, str, str, str]] = [
    ("2024-04", "FY2024Q1", "住民参画・官民連携推進事業の創設、都道府県PF構築の手引き作成",
     "Partnership programme created; prefecture-platform guide written"),
    ("2025-03", "FY2024Q4", "全国版PF 第1回オンラインシンポジウム", "National platform: 1st online symposium"),
    ("2025-04", "FY2025Q1", "都道府県PFの順次構築・支援開始", "Prefecture platforms built in turn, with support"),
    ("2025-09", "FY2025Q2", "第2回シンポジウム", "2nd symposium"),
    ("2025-11", "FY2025Q3", "生活支援共創プラットフォーム（Webサイト）本格稼働",
     "National platform website in full operation"),
]


def catalog_rows() -> list[dict]:
    rows = []
    for code, name_ja, name_en, formula, unit, form, direction, target in INDICATORS:
        rows.append({
            "code": code, "name_ja": name_ja, "name_en": name_en,
            "definition_ja": f"{name_ja}。算式: {formula}。都道府県・市町村・全国の各単位で同じ式で計算する。",
            "definition_en": f"{name_en}. Formula: {formula}; computed the same way per prefecture, "
                             "municipality and nation.",
            "formula": formula, "unit": unit, "source_form": form, "direction": direction, "target": target,
        })
    return rows
