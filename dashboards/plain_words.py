"""Indicator definitions and formulas in words people read: no column names, no NULL, no pseudo-code.

The catalog is written for the pipeline (its definitions name input columns and forms by key); here every key
becomes the name on the form or in the catalog, NULL the blank shown on screen, and a few formula shapes
(count(distinct …), exists(…), avg(…)) a Japanese phrase. A formula that still holds code is left out: the
definition says the same in words."""

from __future__ import annotations

import re

from pipelines.intake.forms import FORMS

FORM_NAMES = {"municipal_report": ("市町村四半期報告", "municipal quarterly report"),
              "actor_roster": ("多様な主体参画状況", "engagement of diverse actors"),
              "platform_status": ("都道府県プラットフォーム構築状況", "prefecture platform status"),
              "survey_responses": ("高齢者アンケート", "survey of older residents")}
OTHER_WORDS = {
    "actor_key": ("主体キー", "actor key"), "social_welfare": ("社会福祉法人", "social welfare corporations"),
    "medical": ("医療法人", "medical corporations"), "home_a": ("訪問型A", "home-visit type A"),
    "day_a": ("通所型A", "day-service type A"), "on_track": ("予定どおり", "on track"), "ahead": ("先行", "ahead"),
    "behind": ("遅れ", "behind"), "no_data": ("データなし", "no data"),
    "rollout_schedule": ("全国展開スケジュール", "rollout schedule"), "due_at": ("提出期限", "due date"),
    "received_at": ("受信日時", "time received"), "roster rows": ("参画状況の行", "roster rows"),
    "survey rows": ("アンケートの回答", "survey answers"), "domain": ("活動分野", "domain"),
    "domains_wanted": ("希望する生活支援", "support wanted"), "domains_used": ("利用中の生活支援", "support used"),
    "NULL": ("空欄（―）", "blank (―)"), "kyen": ("千円", "thousand yen"),
}
SHAPES_JA = [
    (r"count\(([^()]+?) in ([^()]+)\)", r"「\2」に「\1」を含む数"),
    (r"count\(distinct ([^()]+)\)", r"「\1」の異なり数"),
    (r"exists\(([^()]+)\)", r"「\1」があるか"),
    (r"avg\(([^()]+)\) over non-blank", r"無回答を除く「\1」の平均"),
    (r"count\(([^()]+)\)", r"「\1」の数"),
]
TARGET_JA = [(r"目標1\.0", "目標100%"), (r"目標0\.08（8%）", "目標8%"), (r"\bJST\b", "日本時間"),
             (r"FY(\d{4})Q([1-4])", r"\1年度第\2四半期")]
LEFT_IN_CODE = re.compile(r"[A-Za-z]{3,}")


def _vocabulary(catalog_rows: list[dict], lang: str) -> dict[str, str]:
    index = 1 if lang == "en" else 0
    words = {key: names[index] for key, names in OTHER_WORDS.items()}
    words |= {key: names[index] for key, names in FORM_NAMES.items()}
    for form in FORMS.values():
        for column in form.columns:
            words.setdefault(column.key, column.header_ja if lang == "ja" else column.key.replace("_", " "))
    for row in catalog_rows:
        name = row.get("name_en" if lang == "en" else "name_ja")
        if name:
            words[row["code"]] = name
    return words


def _replace_words(text: str, words: dict[str, str]) -> str:
    """Each key (longest first, whole words only) becomes its name."""
    for key in sorted(words, key=len, reverse=True):
        text = re.sub(rf"(?<![A-Za-z0-9_]){re.escape(key)}(?![A-Za-z0-9_])", words[key], text)
    return text


def plain_definition(text: str, catalog_rows: list[dict], lang: str) -> str:
    text = _replace_words(text or "", _vocabulary(catalog_rows, lang))
    if lang == "ja":
        for pattern, replacement in TARGET_JA:
            text = re.sub(pattern, replacement, text)
    return text


def plain_formula(formula: str, catalog_rows: list[dict], lang: str) -> str | None:
    """The formula in words, or None when it cannot be said without code."""
    if not formula:
        return None
    text = _replace_words(formula, _vocabulary(catalog_rows, lang))
    if lang == "ja":
        for pattern, replacement in SHAPES_JA:
            text = re.sub(pattern, replacement, text)
        text = text.replace(" / ", " ÷ ").replace("<=", "≦").replace(">=", "≧")
        if LEFT_IN_CODE.search(text.replace("SC", "")):
            return None
    elif "_" in text:
        return None
    return text
