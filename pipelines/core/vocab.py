"""Controlled vocabularies of SPEC §3.6 (code, Japanese label, English label).

Pure data with no heavy imports: shared by intake, the dbt seed writer and the dashboards.
"""

from __future__ import annotations

import re
import unicodedata

ACTOR_TYPES: list[tuple[str, str, str]] = [
    ("company", "民間企業", "Private company"),
    ("npo", "NPO法人", "NPO"),
    ("social_welfare", "社会福祉法人", "Social welfare corporation"),
    ("medical", "医療法人", "Medical corporation"),
    ("coop", "協同組合（生協・農協等）", "Cooperative (consumer, agricultural, etc.)"),
    ("workers_coop", "労働者協同組合", "Workers' cooperative"),
    ("rural_rmo", "農村型地域運営組織（農村RMO）", "Rural regional management organization (RMO)"),
    ("neighborhood_assoc", "自治会・町内会", "Neighborhood association"),
    ("volunteer_group", "住民ボランティア団体", "Resident volunteer group"),
    ("education", "大学・学校", "University / school"),
    ("other", "その他", "Other"),
]
TRADITIONAL_ACTOR_TYPES = frozenset({"social_welfare", "medical"})

DOMAINS: list[tuple[str, str, str]] = [
    ("cleaning", "掃除", "Cleaning"),
    ("laundry", "洗濯", "Laundry"),
    ("cooking", "調理", "Cooking"),
    ("shopping", "買い物", "Shopping"),
    ("watching", "見守り", "Watching over"),
    ("mobility", "移動（交通）", "Mobility (transport)"),
    ("housing", "住まい", "Housing"),
    ("gathering_place", "居場所", "Gathering place"),
    ("meals", "食事", "Meals"),
    ("health", "健康", "Health"),
    ("medical_care", "医療", "Medical care"),
    ("care", "介護", "Long-term care"),
    ("learning", "学び", "Learning"),
    ("culture_arts", "文化・芸術", "Culture and arts"),
    ("intergenerational", "（多世代）交流", "(Intergenerational) exchange"),
    ("sports_recreation", "スポーツ・レクリエーション", "Sports and recreation"),
    ("community_development", "まちづくり", "Community development"),
    ("volunteering", "ボランティア・地域活動", "Volunteering and community activity"),
    ("employment", "就労", "Employment"),
    ("succession", "後継者", "Successors"),
    ("disaster_crime_prevention", "防災・防犯", "Disaster and crime prevention"),
    ("farmland", "農地", "Farmland"),
    ("environment", "環境保全", "Environmental conservation"),
]

SERVICE_CATEGORIES: list[tuple[str, str, str]] = [
    ("home_a", "訪問型サービスA", "Home-visit service A"),
    ("day_a", "通所型サービスA", "Day service A"),
    ("home_b", "訪問型サービスB", "Home-visit service B"),
    ("day_b", "通所型サービスB", "Day service B"),
    ("home_c", "訪問型サービスC", "Home-visit service C"),
    ("day_c", "通所型サービスC", "Day service C"),
    ("home_d", "訪問型サービスD", "Home-visit service D"),
    ("other_support", "その他の生活支援サービス", "Other life-support services"),
    ("outside", "総合事業外の連携", "Partnership outside the comprehensive project"),
]
SERVICE_A_CATEGORIES = frozenset({"home_a", "day_a"})

MODEL_TYPES: list[tuple[str, str, str]] = [
    ("1-1", "①-1 市場拡大", "①-1 Market expansion"),
    ("1-2", "①-2 地域活性化", "①-2 Community revitalization"),
    ("1-3", "①-3 新規事業立ち上げ", "①-3 New business launch"),
    ("2", "② 専門職介入", "② Professional intervention"),
]

STAGES: list[tuple[str, str, str]] = [
    ("0", "未着手", "Not started"),
    ("1", "検討開始", "Under consideration"),
    ("2", "準備会合", "Preparatory meetings"),
    ("3", "設置", "Established"),
    ("4", "運用", "Operating"),
]

AGE_BANDS: list[tuple[str, str, str]] = [
    ("65-69", "65～69歳", "65–69"),
    ("70-74", "70～74歳", "70–74"),
    ("75-79", "75～79歳", "75–79"),
    ("80-84", "80～84歳", "80–84"),
    ("85+", "85歳以上", "85+"),
]

# Submission statuses of the register (SPEC §3.7): the code, then the one Japanese and English label
# every page, report and command shows for it.
ACCEPTED, SUPERSEDED, DUPLICATE, REJECTED, WITHDRAWN = "accepted", "superseded", "duplicate", "rejected", "withdrawn"
SUBMISSION_STATUSES: list[tuple[str, str, str]] = [
    (ACCEPTED, "受理（有効）", "Accepted (effective)"),
    (SUPERSEDED, "差し替え済み", "Superseded"),
    (DUPLICATE, "重複", "Duplicate"),
    (REJECTED, "差し戻し", "Rejected"),
    (WITHDRAWN, "取り下げ", "Withdrawn"),
]
STATUS_JA = {code: ja for code, ja, _ in SUBMISSION_STATUSES}
STATUS_EN = {code: en for code, _, en in SUBMISSION_STATUSES}

BOOLEAN_TRUE = ("1", "有", "あり", "○", "〇", "はい", "実施", "設置", "true", "yes", "TRUE")
BOOLEAN_FALSE = ("0", "無", "なし", "×", "いいえ", "未実施", "未設置", "false", "no", "FALSE")

MUNICIPALITY_KINDS: list[tuple[str, str, str]] = [
    ("city", "市", "City"),
    ("special_ward", "特別区", "Special ward"),
    ("town", "町", "Town"),
    ("village", "村", "Village"),
]

_PARENTHESIZED = re.compile(r"\([^)]*\)")


def nfkc_compact(text: str) -> str:
    """NFKC, then every Unicode whitespace character removed (header and label matching)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def label_aliases(label: str) -> set[str]:
    """A label matches with or without its parentheses: 移動（交通） → 移動（交通）, 移動, 移動交通."""
    full = nfkc_compact(label)
    aliases = {full, _PARENTHESIZED.sub("", full), full.replace("(", "").replace(")", "")}
    return {alias for alias in aliases if alias}


def lookup_table(vocabulary: list[tuple[str, str, str]], extra: dict[str, str] | None = None) -> dict[str, str]:
    """Map every accepted spelling (code, label variants; NFKC-compacted) to its code."""
    table: dict[str, str] = {}
    for code, label_ja, _ in vocabulary:
        table[nfkc_compact(code)] = code
        for alias in label_aliases(label_ja):
            table[alias] = code
    for spelling, code in (extra or {}).items():
        table[nfkc_compact(spelling)] = code
    return table
