"""Numbers, labels, symbols and colour-blind-safe colours (Okabe–Ito; ColorBrewer sequential). No Panel."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from pipelines.core import vocab
from pipelines.core.vocab import REJECTED, STATUS_EN, STATUS_JA

PERCENT_UNITS = ("ratio", "share", "rate", "percent", "%")
STAGE_UNIT = "stage (0–4)"
# units of indicators that are levels (rates, means, indices), so a prefecture can be set against the nation;
# counts and amounts are sums, which are not
LEVEL_UNITS = ("per 10,000 aged 65+", "index (0–1)", "score (1–5)", STAGE_UNIT)


@dataclass(frozen=True)
class Status:
    symbol: str
    colour: str
    ja: str
    en: str

    def label(self, lang: str) -> str:
        word = self.en if lang == "en" else self.ja
        return f"{self.symbol} {word}" if self.symbol else word


# Schedule statuses are told apart by their words and colours; no ▲/▼, which mark negative numbers in Japanese
# administrative tables. Colours (Okabe–Ito, darkened where needed) reach 3:1 against white.
SCHEDULE = {
    "ahead": Status("", "#0072B2", "先行", "Ahead"),
    "on_track": Status("", "#009E73", "予定どおり", "On track"),
    "behind": Status("", "#D55E00", "遅れ", "Behind"),
    "no_data": Status("", "#767676", "データなし", "No data"),
}
SUBMISSION = {
    "on_time": Status("✓", "#009E73", "期限内", "On time"),
    "late": Status("!", "#F0E442", "遅延", "Late"),
    "resubmitted": Status("↻", "#56B4E9", "再提出", "Resubmitted"),
    "rejected": Status("✗", "#CC79A7", STATUS_JA[REJECTED], STATUS_EN[REJECTED]),
    "missing": Status("✕", "#F08A4B", "未提出", "Missing"),
    "pending": Status("…", "#EEEEEE", "期限前", "Not yet due"),
}
# Against the national value: higher / similar / lower in words; the colour says whether that is good.
COMPARISON = {
    "higher": Status("", "#555555", "全国より高い", "Higher than national"),
    "similar": Status("", "#555555", "全国と同程度", "Similar to national"),
    "lower": Status("", "#555555", "全国より低い", "Lower than national"),
    "no_data": Status("", "#767676", "データなし", "No data"),
    "not_compared": Status("", "#767676", "比較対象外", "Not compared"),
}
# text colours (≥ 4.5:1 on white) of a comparison by whether it points the desirable way
VERDICT_COLOURS = {"better": "#005A8C", "worse": "#A63D00", "similar": "#444444", "none": "#595959"}
# a comparison with the nation, in a table cell: its verdict's colour, bold
VERDICT_STYLES = {verdict: f"color: {colour}; font-weight: bold" for verdict, colour in VERDICT_COLOURS.items()}
STAGE_COLOURS = ["#d9d9d9", "#bdc9e1", "#74a9cf", "#2b8cbe", "#045a8d"]  # stage 0 grey, then ColorBrewer PuBu
SEQUENTIAL = ["#fde725", "#90d743", "#35b779", "#21918c", "#31688e", "#443983", "#440154"]  # viridis 7
# The 9 non-traditional actor types in seed order: Paul Tol's "muted" qualitative scheme (colour-blind safe).
ACTOR_TYPE_COLOURS = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255",
                      "#AA4499"]
# The traditional care providers (social_welfare, medical): greys with hatching, told apart by pattern too.
TRADITIONAL_STYLES = [("#BBBBBB", "/"), ("#777777", "x")]
NATIONAL_COLOUR = "#000000"
PREFECTURE_COLOUR = "#0072B2"
WILSON_Z = 1.959964  # 95 % two-sided
# Units of the catalog written after a number: Japanese counters, English words.
UNIT_SUFFIX = {
    "meetings": ("回", " meetings"), "events": ("回", " events"), "projects": ("件", " projects"),
    "pilots": ("件", " pilots"), "engagements": ("件", " engagements"), "matches": ("件", " matches"),
    "respondents": ("人", " respondents"), "actors": ("主体", " actors"), "types": ("種別", " types"),
    "municipalities": ("市区町村", " municipalities"), "prefectures": ("都道府県", " prefectures"),
    "organisations": ("団体", " organisations"), "thousand yen": ("千円", " thousand yen"),
    "quarters": ("四半期", " quarters"), "stages": ("段階", " stages"), "score (1–5)": ("点", ""),
    "per 10,000 aged 65+": ("回／高齢者1万人", " per 10,000 aged 65+"),
}
QUARTER_MONTHS = {1: ("4〜6月", "Apr–Jun"), 2: ("7〜9月", "Jul–Sep"), 3: ("10〜12月", "Oct–Dec"),
                  4: ("1〜3月", "Jan–Mar")}
REIWA_FIRST_YEAR = 2019
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def is_percent(unit: str | None) -> bool:
    return bool(unit) and any(word in unit.lower() for word in PERCENT_UNITS)


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def parse_period(period: str) -> tuple[int, int] | None:
    """'FY2026Q2' → (2026, 2); None for anything else."""
    found = re.fullmatch(r"FY(\d{4})Q([1-4])", period or "")
    return (int(found[1]), int(found[2])) if found else None


def reiwa_year(fiscal_year: int) -> str:
    """2026 → '令和8年度'; 2019 → '令和元年度'."""
    number = fiscal_year - REIWA_FIRST_YEAR + 1
    return f"令和{'元' if number == 1 else number}年度"


def period_label(period: str | None, lang: str, era: bool = False) -> str:
    """'FY2026Q2' → '2026年度第2四半期（7〜9月）' (with era: '令和8年度第2四半期（7〜9月）'), 'FY2026 Q2 (Jul–Sep)'."""
    parsed = parse_period(period or "")
    if parsed is None:
        return period or "―"
    year, quarter = parsed
    ja_months, en_months = QUARTER_MONTHS[quarter]
    if lang == "en":
        return f"FY{year} Q{quarter} ({en_months})"
    return f"{reiwa_year(year) if era else f'{year}年度'}第{quarter}四半期（{ja_months}）"


def period_short(period: str | None, lang: str) -> str:
    """A compact period for axes and selectors: '2026年度 第2四半期' / 'FY2026 Q2'."""
    parsed = parse_period(period or "")
    if parsed is None:
        return period or "―"
    year, quarter = parsed
    return f"FY{year} Q{quarter}" if lang == "en" else f"{year}年度 第{quarter}四半期"


def format_datetime(stamp, lang: str, as_of: bool = False) -> str:
    """ISO 8601 text or datetime → '2026年10月31日 23:59' (+ ' 時点'), English '31 Oct 2026, 23:59'; Japan time."""
    if is_missing(stamp) or stamp == "":
        return "―"
    when = stamp
    if isinstance(stamp, str):
        try:
            when = datetime.fromisoformat(stamp)
        except ValueError:
            return stamp
    if when.tzinfo is not None:
        when = when.astimezone(ZoneInfo("Asia/Tokyo"))
    if lang == "en":
        text = f"{when.day} {MONTHS_EN[when.month - 1]} {when.year}, {when:%H:%M}"
        return f"as of {text}" if as_of else text
    text = f"{when.year}年{when.month}月{when.day}日 {when:%H:%M}"
    return f"{text} 時点" if as_of else text


def format_date(day, lang: str) -> str:
    if is_missing(day):
        return "―"
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}" if lang == "en" else \
        f"{day.year}年{day.month}月{day.day}日"


def unit_suffix(unit: str | None, lang: str) -> str:
    ja, en = UNIT_SUFFIX.get(unit or "", ("", ""))
    return en if lang == "en" else ja


def decimals(value: float, unit: str | None) -> int:
    """Digits after the point as displayed: 1 for percentages, 0 for whole counts, 2 for levels."""
    if is_percent(unit):
        return 1
    if float(value).is_integer() and unit not in LEVEL_UNITS:
        return 0
    return 2


def format_value(value, unit: str | None, lang: str = "ja", with_unit: bool = True) -> str:
    """One value as shown to an analyst: ratios as %, counts with their unit (12回, 3件), booleans as はい/いいえ."""
    if is_missing(value):
        return "―"
    if isinstance(value, bool):
        return ("はい" if value else "いいえ") if lang == "ja" else ("yes" if value else "no")
    if isinstance(value, str):
        return SCHEDULE[value].label(lang) if value in SCHEDULE else value
    if unit == STAGE_UNIT:
        return stage_label(value, lang)
    if is_percent(unit):
        return f"{value * 100:.1f}%"
    digits = decimals(value, unit)
    number = f"{int(value):,}" if digits == 0 else f"{value:,.{digits}f}"
    return number + unit_suffix(unit, lang) if with_unit else number


def format_change(change, unit: str | None, lang: str = "ja") -> str:
    """'1.2ポイント上昇' / '3件減少' / '変化なし'; English 'up 1.2 pt' / 'down 3 projects' / 'no change'."""
    if is_missing(change):
        return "―"
    size = abs(change)
    scale = 100 if is_percent(unit) else 1
    if round(size * scale, decimals(size, unit)) == 0:
        return "変化なし" if lang == "ja" else "no change"
    if is_percent(unit):
        text = f"{size * 100:.1f}ポイント" if lang == "ja" else f"{size * 100:.1f} pt"
    else:
        text = format_value(size, unit, lang)
    if lang == "en":
        return f"{'up' if change > 0 else 'down'} {text}"
    rise = ("上昇", "低下") if is_percent(unit) or unit in LEVEL_UNITS else ("増加", "減少")
    return f"{text}{rise[0] if change > 0 else rise[1]}"


def wilson_interval(rate: float, n: int, z: float = WILSON_Z) -> tuple[float, float]:
    """Wilson score interval of a proportion observed as `rate` among n (95 % by default)."""
    if n <= 0:
        return (0.0, 1.0)
    denominator = 1 + z * z / n
    centre = (rate + z * z / (2 * n)) / denominator
    half = z / denominator * math.sqrt(rate * (1 - rate) / n + z * z / (4 * n * n))
    return (max(0.0, centre - half), min(1.0, centre + half))


def compare(value, reference, unit: str | None = None, respondents: int | None = None) -> str:
    """higher / similar / lower against the national value.

    A survey rate (`respondents` given) is higher or lower only when the national value lies outside its
    Wilson 95 % interval. Any other value is compared as displayed (0.1 pt for percentages, 2 decimals for
    levels, whole numbers for counts): equal as shown is 'similar' (the stated tolerance is half the last
    digit shown)."""
    if is_missing(value) or is_missing(reference) or isinstance(value, str | bool):
        return "no_data"
    if respondents is not None and is_percent(unit):
        if respondents <= 0:
            return "no_data"
        low, high = wilson_interval(value, respondents)
        return "higher" if reference < low else "lower" if reference > high else "similar"
    scale = 100 if is_percent(unit) else 1
    digits = max(decimals(value, unit), decimals(reference, unit))
    shown, national = round(value * scale, digits), round(reference * scale, digits)
    return "similar" if shown == national else "higher" if shown > national else "lower"


def verdict(comparison: str, direction: str | None) -> str:
    """better / worse / similar / none: whether a comparison points the indicator's desirable way."""
    if comparison == "similar":
        return "similar"
    if comparison not in ("higher", "lower") or direction not in ("higher_is_better", "lower_is_better"):
        return "none"
    return "better" if (comparison == "higher") == (direction == "higher_is_better") else "worse"


def interval_text(rate: float, respondents: int | None, lang: str) -> str:
    """'95%信頼区間 7.9%〜9.1%（回答者1,234人）' for a survey rate; '' otherwise."""
    if is_missing(rate) or not respondents:
        return ""
    low, high = wilson_interval(rate, respondents)
    if lang == "en":
        return f"95% CI {low * 100:.1f}%–{high * 100:.1f}% ({respondents:,} respondents)"
    return f"95%信頼区間 {low * 100:.1f}%〜{high * 100:.1f}%（回答者{respondents:,}人）"


def stage_label(stage, lang: str) -> str:
    if is_missing(stage):
        return "―"
    labels = {code: (ja, en) for code, ja, en in vocab.STAGES}
    ja, en = labels.get(str(int(stage)), (str(stage), str(stage)))
    return f"Stage {int(stage)} ({en})" if lang == "en" else f"段階{int(stage)}（{ja}）"


def label_of(vocabulary: list[tuple[str, str, str]], code: str, lang: str) -> str:
    for item_code, ja, en in vocabulary:
        if item_code == code:
            return en if lang == "en" else ja
    return code
