"""How a prefecture officer writes values: per-file habits (SPEC §3.1 variants) and cell rendering.

Rendering turns canonical values (codes, ints, bools, domain codes) into the cells a real file would
hold: numbers or text, 令和 years, 第1四半期, ○×, full-width digits, Excel-dropped leading zeros …
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from pipelines.core.vocab import ACTOR_TYPES as _ACTOR_TYPES
from pipelines.core.vocab import AGE_BANDS, DOMAINS, MODEL_TYPES, SERVICE_CATEGORIES, STAGES
from pipelines.demo.rng import stream

Cell = str | int

_FULLWIDTH = str.maketrans("0123456789,-", "０１２３４５６７８９，－")
DOMAIN_LABEL = {code: label for code, label, _ in DOMAINS}
DOMAIN_SHORT = {**DOMAIN_LABEL, "mobility": "移動", "intergenerational": "多世代交流"}
ACTOR_LABEL = {code: label for code, label, _ in _ACTOR_TYPES}
ACTOR_SHORT = {code: label.split("（")[0] for code, label in ACTOR_LABEL.items()}
CATEGORY_LABEL = {code: label for code, label, _ in SERVICE_CATEGORIES}
CATEGORY_SHORT = {**CATEGORY_LABEL, "home_a": "訪問型A", "day_a": "通所型A"}
MODEL_SHORT = {"1-1": "①-1", "1-2": "①-2", "1-3": "①-3", "2": "②"}
MODEL_LABEL = {code: label for code, label, _ in MODEL_TYPES}
STAGE_LABEL = {code: label for code, label, _ in STAGES}
AGE_LABEL = {code: label for code, label, _ in AGE_BANDS}
BOOLEAN_PAIRS = {"10": ("1", "0"), "maru": ("○", "×"), "umu": ("有", "無"), "ari": ("あり", "なし"),
                 "hai": ("はい", "いいえ")}


@dataclass(frozen=True)
class Style:
    fmt: str  # xlsx · csv_cp932 · csv_utf8 · csv_utf8_bom · parquet
    code: str = "text6"  # text6 · numeric (Excel drops leading zeros) · text5 (no check digit)
    year: str = "plain"  # plain · nendo (2025年度) · reiwa (令和7年度) · r (R7) · fullwidth
    quarter: str = "plain"  # plain · dai (第1四半期) · q (Q1)
    boolean: str = "10"  # 10 · maru · umu · ari · hai · words (設置/実施 per column)
    counts: str = "plain"  # plain · comma (1,234) · fullwidth (１，２３４) · text (xlsx text cells)
    labels: str = "full"  # full · short (移動, 訪問型A) · codes
    separator: str = "、"
    month: str = "iso"  # iso (2025-04) · slash (2025/4) · reiwa (令和7年4月)
    prefecture: str = "code"  # code · name · lg · short
    extra_column: bool = False  # a 備考 column (ignored with a warning)

    @property
    def ext(self) -> str:
        return {"xlsx": "xlsx", "parquet": "parquet"}.get(self.fmt, "csv")


def draw_style(seed: int, prefecture_code: str, form: str) -> Style:
    """A prefecture's habit for one form (stable over periods; varied by `vary_style`)."""
    rng = stream(seed, "style", prefecture_code, form)
    pick = lambda options, p=None: options[int(rng.choice(len(options), p=p))]  # noqa: E731
    return Style(
        fmt=pick(["xlsx", "csv_cp932", "csv_utf8_bom"], [0.55, 0.35, 0.10]),
        code=pick(["text6", "numeric", "text5"], [0.6, 0.25, 0.15]),
        year=pick(["plain", "nendo", "reiwa", "r", "fullwidth"], [0.45, 0.15, 0.25, 0.05, 0.10]),
        quarter=pick(["plain", "dai", "q"], [0.55, 0.35, 0.10]),
        boolean=pick(["10", "maru", "umu", "ari", "words"], [0.35, 0.3, 0.1, 0.1, 0.15]),
        counts=pick(["plain", "comma", "fullwidth", "text"], [0.7, 0.15, 0.05, 0.10]),
        labels=pick(["full", "short"], [0.75, 0.25]),
        separator=pick(["、", ",", "\n"], [0.75, 0.15, 0.10]),
        month=pick(["iso", "slash", "reiwa"], [0.5, 0.25, 0.25]),
        prefecture=pick(["code", "name", "lg", "short"], [0.55, 0.25, 0.1, 0.1]),
        extra_column=bool(rng.random() < 0.15),
    )


def vary_style(style: Style, seed: int, *keys: object) -> Style:
    """Sometimes a different officer or template that quarter."""
    rng = stream(seed, "style-variation", *keys)
    if rng.random() < 0.15:
        style = replace(style, fmt="csv_cp932" if style.fmt == "xlsx" else "xlsx")
    if rng.random() < 0.1:
        style = replace(style, year=["plain", "reiwa", "nendo"][int(rng.integers(3))])
    return style


def fullwidth(text: str) -> str:
    return text.translate(_FULLWIDTH)


def code_cell(code: str, style: Style) -> Cell:
    if style.code == "numeric":
        return int(code) if style.fmt == "xlsx" else str(int(code))
    return code[:5] if style.code == "text5" else code


def year_cell(fy: int, style: Style) -> Cell:
    match style.year:
        case "nendo":
            return f"{fy}年度"
        case "reiwa":
            return f"令和{fy - 2018}年度"
        case "r":
            return f"R{fy - 2018}"
        case "fullwidth":
            return fullwidth(str(fy))
    return fy if style.fmt == "xlsx" else str(fy)


def quarter_cell(q: int, style: Style) -> Cell:
    match style.quarter:
        case "dai":
            return f"第{fullwidth(str(q)) if style.year == 'fullwidth' else q}四半期"
        case "q":
            return f"Q{q}"
    return q if style.fmt == "xlsx" else str(q)


def count_cell(value: int, style: Style) -> Cell:
    if value < 0:
        return value if style.fmt == "xlsx" else str(value)
    match style.counts:
        case "comma" if style.fmt != "xlsx":
            return f"{value:,}"
        case "fullwidth":
            return fullwidth(f"{value:,}")
        case "text":
            return str(value)
    return value if style.fmt == "xlsx" else str(value)


def bool_cell(value: bool, style: Style, words: tuple[str, str] = ("あり", "なし")) -> Cell:
    if style.boolean == "words":
        return words[0] if value else words[1]
    true, false = BOOLEAN_PAIRS[style.boolean]
    cell = true if value else false
    return int(cell) if style.fmt == "xlsx" and style.boolean == "10" else cell


def domains_cell(codes: tuple[str, ...] | list[str], style: Style) -> str:
    labels = DOMAIN_SHORT if style.labels == "short" else DOMAIN_LABEL
    return style.separator.join(labels[c] for c in codes)


def month_cell(start: tuple[int, int] | None, style: Style) -> str:
    if start is None:
        return ""
    year, month = start
    if style.month == "reiwa" and year >= 2020:
        return f"令和{year - 2018}年{month}月"
    if style.month == "slash":
        return f"{year}/{month}"
    return f"{year}-{month:02d}"


def prefecture_cell(code: str, name: str, lg_code: str, style: Style) -> Cell:
    match style.prefecture:
        case "name":
            return name
        case "lg":
            return lg_code
        case "short":
            return name if name == "北海道" else name[:-1]
    return code


def stage_cell(stage: int, style: Style) -> Cell:
    if style.labels == "short":
        return STAGE_LABEL[str(stage)]
    return stage if style.fmt == "xlsx" else str(stage)


def model_cell(code: str, style: Style) -> str:
    if not code:
        return ""
    return MODEL_SHORT[code] if style.labels == "full" else fullwidth(MODEL_SHORT[code])


def actor_type_cell(code: str, style: Style) -> str:
    return (ACTOR_SHORT if style.labels == "short" else ACTOR_LABEL)[code]


def category_cell(code: str, style: Style) -> str:
    return (CATEGORY_SHORT if style.labels == "short" else CATEGORY_LABEL)[code]


def choose(rng: np.random.Generator, items: list, p: list[float] | None = None):
    return items[int(rng.choice(len(items), p=p))]
