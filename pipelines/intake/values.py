"""Parsers for one cell value (SPEC §3.1, §3.6). Each takes stripped, non-blank text and returns the
normalized value or raises `Invalid`. Intake calls them once per distinct value of a column."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

from pipelines.core.vocab import (
    ACTOR_TYPES,
    AGE_BANDS,
    BOOLEAN_FALSE,
    BOOLEAN_TRUE,
    DOMAINS,
    MODEL_TYPES,
    SERVICE_CATEGORIES,
    STAGES,
    lookup_table,
    nfkc_compact,
)
from pipelines.intake.issues import Invalid

REIWA_OFFSET = 2018  # 令和N年 = 2018 + N
_DASHES = re.compile(r"[‐‑‒–—―−ー\-]")  # after NFKC (which already maps －, ﹣ and ｰ)
_COUNT = re.compile(r"(?P<sign>[-−‐△▲])?(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<frac>[0-9]+))?")
_MAX_COUNT = 10**15
_ERA = r"(?:令和|R)([0-9]{1,2}|元)"
_YEAR_PATTERNS = (re.compile(r"(?:FY)?([0-9]{4})(?:年度?)?", re.I), re.compile(_ERA + r"(?:年度?)?", re.I))
_QUARTER_PATTERNS = (
    re.compile(r"第?([1-4])(?:四半期)?"),
    re.compile(r"Q([1-4])", re.I),
    re.compile(r"([1-4])Q", re.I),
)
_MONTH_PATTERNS = (
    re.compile(
        r"([0-9]{4})[-/.年]([0-9]{1,2})月?(?:[-/.][0-9]{1,2}日?)?(?:[0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?"
    ),
    re.compile(r"([0-9]{4})([0-9]{2})"),
    re.compile(_ERA + r"[年./\-]([0-9]{1,2})月?", re.I),
)


def _era_year(token: str) -> int:
    return REIWA_OFFSET + (1 if token == "元" else int(token))


def parse_count(text: str) -> int:
    """Non-negative integer; full-width digits and thousands separators accepted (`１，２３４` = 1234)."""
    match = _COUNT.fullmatch(nfkc_compact(text))
    if match is None:
        raise Invalid(
            "not_a_number",
            f"「{text}」は数値として読み取れません。0以上の整数（例: 1234）を入力してください。",
            f"'{text}' is not a number. Enter a whole number of 0 or more (e.g. 1234).",
        )
    if match["frac"] and int(match["frac"]) != 0:
        raise Invalid(
            "fractional",
            f"「{text}」は小数です。整数を入力してください。",
            f"'{text}' has a fractional part. Enter a whole number.",
        )
    value = int(match["int"].replace(",", ""))
    if match["sign"] and value != 0:
        raise Invalid(
            "negative",
            f"「{text}」は負の値です。0以上の整数を入力してください。",
            f"'{text}' is negative. Enter a whole number of 0 or more.",
        )
    if value >= _MAX_COUNT:
        raise Invalid(
            "too_large",
            f"「{text}」は大きすぎます。値をご確認ください。",
            f"'{text}' is too large. Please check the value.",
        )
    return value


def parse_fiscal_year(text: str) -> int:
    compact = nfkc_compact(text)
    for pattern, convert in zip(_YEAR_PATTERNS, (int, _era_year), strict=True):
        match = pattern.fullmatch(compact)
        if match and 2000 <= (year := convert(match[1])) <= 2100:
            return year
    raise Invalid(
        "format",
        f"年度「{text}」を読み取れません。2025、2025年度、令和7年度、R7 のいずれかの形式で入力してください。",
        f"Fiscal year '{text}' cannot be read. Use 2025, 2025年度, 令和7年度 or R7.",
    )


def parse_quarter(text: str) -> int:
    compact = re.sub(r"\(.*?\)", "", nfkc_compact(text))  # 第1四半期（4～6月）
    for pattern in _QUARTER_PATTERNS:
        if match := pattern.fullmatch(compact):
            return int(match[1])
    raise Invalid(
        "format",
        f"四半期「{text}」を読み取れません。1～4、第1四半期、Q1、1Q のいずれかの形式で入力してください。",
        f"Quarter '{text}' cannot be read. Use 1–4, 第1四半期, Q1 or 1Q.",
    )


@cache
def _booleans() -> dict[str, bool]:
    table = {nfkc_compact(spelling).casefold(): True for spelling in BOOLEAN_TRUE}
    table.update({nfkc_compact(spelling).casefold(): False for spelling in BOOLEAN_FALSE})
    return table


def parse_boolean(text: str) -> bool:
    value = _booleans().get(nfkc_compact(text).casefold())
    if value is None:
        raise Invalid(
            "format",
            f"「{text}」は「有／無」として読み取れません。有・無、あり・なし、○・×、1・0 などで入力してください。",
            f"'{text}' is not a yes/no value. Use 有/無, あり/なし, ○/×, 1/0, yes/no or true/false.",
        )
    return value


def _vocabulary_parser(
    name_ja: str,
    name_en: str,
    vocabulary: list[tuple[str, str, str]],
    extra: dict[str, str] | None = None,
    canonical: Callable[[str], str] = nfkc_compact,
) -> Callable[[str], str]:
    """Parser accepting a code or a label of `vocabulary` (and `extra` spellings), compared via `canonical`."""
    table = {canonical(spelling).lower(): code for spelling, code in lookup_table(vocabulary, extra).items()}
    choices_ja = "、".join(label for _, label, _ in vocabulary)
    choices_en = ", ".join(code for code, _, _ in vocabulary)

    def parse(text: str) -> str:
        code = table.get(canonical(text).lower())
        if code is None:
            raise Invalid(
                "unknown",
                f"{name_ja}「{text}」は選択肢にありません。"
                f"次のいずれか（名称またはコード）を入力してください: {choices_ja}",
                f"{name_en} '{text}' is not an allowed value. Use one of (code or Japanese label): {choices_en}.",
            )
        return code

    return parse


def _dashes_unified(text: str) -> str:
    return _DASHES.sub("-", nfkc_compact(text))


def _age_band_key(text: str) -> str:
    """65～69歳 → 65-69, 85歳以上 → 85+."""
    return re.sub(r"[~〜]", "-", _dashes_unified(text)).replace("歳", "").replace("以上", "+")


# 訪問型サービスA → 訪問型A (and B, C, D; 通所型 likewise)
_SHORT_SERVICE_NAMES = {
    label.replace("サービス", ""): code for code, label, _ in SERVICE_CATEGORIES if label[:3] in ("訪問型", "通所型")
}

parse_actor_type = _vocabulary_parser("主体種別", "Actor type", ACTOR_TYPES)
parse_service_category = _vocabulary_parser(
    "サービス区分", "Service category", SERVICE_CATEGORIES, _SHORT_SERVICE_NAMES
)
parse_model_type = _vocabulary_parser(
    "モデル類型",
    "Model type",
    MODEL_TYPES,
    {label.split(" ", 1)[1]: code for code, label, _ in MODEL_TYPES},  # 市場拡大 without ①-1
    _dashes_unified,
)
_parse_stage_code = _vocabulary_parser(
    "構築段階",
    "Stage",
    STAGES,
    {code + label: code for code, label, _ in STAGES},  # 3設置 / 3 設置
)
parse_age_band = _vocabulary_parser("年齢区分", "Age band", AGE_BANDS, canonical=_age_band_key)


def parse_stage(text: str) -> int:
    return int(_parse_stage_code(text))


def parse_satisfaction(text: str) -> int:
    value = parse_count(text)
    if not 1 <= value <= 5:
        raise Invalid(
            "out_of_range",
            f"満足度「{text}」は1～5の整数で入力してください（無回答は空欄）。",
            f"Satisfaction '{text}' must be a whole number from 1 to 5 (blank when not answered).",
        )
    return value


def parse_month(text: str) -> str:
    """'2025-04', '2025/4', '2025年4月', '令和7年4月', an Excel date → 'YYYY-MM'."""
    compact = nfkc_compact(text)
    for pattern, convert in zip(_MONTH_PATTERNS, (int, int, _era_year), strict=True):
        match = pattern.fullmatch(compact)
        if match and 1 <= (month := int(match[2])) <= 12:
            return f"{convert(match[1]):04d}-{month:02d}"
    raise Invalid(
        "format",
        f"開始年月「{text}」を読み取れません。2025-04、2025/4、令和7年4月 のいずれかの形式で入力してください。",
        f"Start month '{text}' cannot be read. Use 2025-04, 2025/4 or 令和7年4月.",
    )


@cache
def domain_table() -> dict[str, int]:
    """Accepted spelling (NFKC, no whitespace, lower case) → position of the domain in the vocabulary."""
    positions = {code: index for index, (code, _, _) in enumerate(DOMAINS)}
    return {spelling.lower(): positions[code] for spelling, code in lookup_table(DOMAINS).items()}


def domain_items(text: str) -> list[str]:
    """Split a domain list cell on 、 , ; ； / or newline (after NFKC), dropping empty items."""
    normalized = unicodedata.normalize("NFKC", text)
    return [item for item in (nfkc_compact(part) for part in re.split(r"[、,;/\r\n]", normalized)) if item]
