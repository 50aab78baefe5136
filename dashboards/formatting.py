"""Numbers, labels, symbols and colour-blind-safe colours (Okabe–Ito; ColorBrewer sequential). No Panel."""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

from pipelines import vocab

PERCENT_UNITS = ("ratio", "share", "rate", "percent", "%")
# indicator_catalog units whose values are not numbers to plot, rank or colour
NON_NUMERIC_UNITS = ("boolean", "category")
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
        return f"{self.symbol} {self.en if lang == 'en' else self.ja}"


SCHEDULE = {
    "ahead": Status("▲", "#0072B2", "先行", "Ahead"),
    "on_track": Status("●", "#009E73", "予定どおり", "On track"),
    "behind": Status("▼", "#D55E00", "遅れ", "Behind"),
    "no_data": Status("―", "#BBBBBB", "データなし", "No data"),
}
SUBMISSION = {
    "on_time": Status("✓", "#009E73", "期限内", "On time"),
    "late": Status("!", "#E69F00", "遅延", "Late"),
    "resubmitted": Status("↻", "#56B4E9", "再提出", "Resubmitted"),
    "rejected": Status("✗", "#CC79A7", "却下", "Rejected"),
    "missing": Status("✕", "#D55E00", "未提出", "Missing"),
    "pending": Status("…", "#EEEEEE", "期限前", "Not yet due"),
}
COMPARISON = {
    "better": Status("▲", "#0072B2", "全国より良い", "Better than national"),
    "worse": Status("▼", "#D55E00", "全国より悪い", "Worse than national"),
    "same": Status("＝", "#777777", "全国並み", "Same as national"),
    "no_data": Status("―", "#BBBBBB", "データなし", "No data"),
    "not_compared": Status("・", "#BBBBBB", "比較対象外", "Not compared"),
}
STAGE_COLOURS = ["#f1eef6", "#bdc9e1", "#74a9cf", "#2b8cbe", "#045a8d"]  # ColorBrewer PuBu, stages 0–4
SEQUENTIAL = ["#fde725", "#90d743", "#35b779", "#21918c", "#31688e", "#443983", "#440154"]  # viridis 7
# The 9 non-traditional actor types in seed order: Paul Tol's "muted" qualitative scheme (colour-blind safe).
ACTOR_TYPE_COLOURS = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255",
                      "#AA4499"]
# The traditional care providers (social_welfare, medical): greys with hatching, told apart by pattern too.
TRADITIONAL_STYLES = [("#BBBBBB", "/"), ("#777777", "x")]
NATIONAL_COLOUR = "#000000"
PREFECTURE_COLOUR = "#0072B2"


def is_percent(unit: str | None) -> bool:
    return bool(unit) and any(word in unit.lower() for word in PERCENT_UNITS)


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_value(value, unit: str | None, lang: str = "ja") -> str:
    """One value as shown to an analyst: ratios as %, booleans as はい/いいえ, stages and statuses by label."""
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
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and unit not in LEVEL_UNITS):
        return f"{int(value):,}"
    return f"{value:,.2f}"


def format_change(change, unit: str | None) -> str:
    if is_missing(change):
        return "―"
    if is_percent(unit):
        return f"{change * 100:+.1f} pt"
    return f"{change:+,.0f}" if float(change).is_integer() else f"{change:+,.2f}"


def compare(value, reference, direction: str | None) -> str:
    """better / worse / same against the national value, given the indicator's direction."""
    if is_missing(value) or is_missing(reference) or isinstance(value, str | bool):
        return "no_data"
    if math.isclose(value, reference, rel_tol=1e-9, abs_tol=1e-12) or direction == "neutral":
        return "same"
    higher = value > reference
    return "better" if higher == (direction != "lower_is_better") else "worse"


def stage_label(stage, lang: str) -> str:
    if is_missing(stage):
        return "―"
    labels = {code: (ja, en) for code, ja, en in vocab.STAGES}
    ja, en = labels.get(str(int(stage)), (str(stage), str(stage)))
    return f"{int(stage)} {en if lang == 'en' else ja}"


def label_of(vocabulary: list[tuple[str, str, str]], code: str, lang: str) -> str:
    for item_code, ja, en in vocabulary:
        if item_code == code:
            return en if lang == "en" else ja
    return code


class Catalog:
    """Indicator names, units and directions from indicator_catalog."""

    def __init__(self, frame: pl.DataFrame):
        self.rows = {row["code"]: row for row in frame.to_dicts()} if "code" in frame.columns else {}

    def name(self, code: str, lang: str) -> str:
        row = self.rows.get(code, {})
        return row.get("name_en" if lang == "en" else "name_ja") or code

    def unit(self, code: str) -> str | None:
        return self.rows.get(code, {}).get("unit")

    def direction(self, code: str) -> str | None:
        return self.rows.get(code, {}).get("direction")

    def target(self, code: str):
        return self.rows.get(code, {}).get("target")

    def source_form(self, code: str) -> str | None:
        return self.rows.get(code, {}).get("source_form")

    def is_comparable(self, code: str) -> bool:
        """A level (rate, mean, index, stage) with a direction: set against the national value."""
        unit = self.unit(code)
        return (is_percent(unit) or unit in LEVEL_UNITS) and self.direction(code) in (
            "higher_is_better", "lower_is_better")

    def is_numeric(self, code: str) -> bool:
        """A measure to chart, map and rank (not a yes/no flag or a category)."""
        return self.unit(code) not in NON_NUMERIC_UNITS

    def options(self, codes: list[str], lang: str) -> dict[str, str]:
        """Select-widget options: label → code."""
        return {self.name(code, lang): code for code in codes}
