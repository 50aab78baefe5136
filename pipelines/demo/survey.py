"""Survey of older residents (高齢者アンケート): vectorized so millions of rows take seconds.

Rows are allocated to (municipality, period) cells by a multinomial on the 65+ population of the
municipalities that surveyed that quarter; values come from small pools of rendered strings picked
with numpy indices (no per-row Python).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import polars as pl

from pipelines.core.vocab import AGE_BANDS, DOMAINS
from pipelines.demo import styles as S
from pipelines.demo.rng import stream
from pipelines.demo.world import World
from pipelines.intake.forms import SURVEY_RESPONSES

AGE_P = np.array([0.24, 0.28, 0.21, 0.15, 0.12])  # respondents skew younger than the 65+ population
_DOMAIN_CODES = [code for code, _, _ in DOMAINS]
_YOUNG = {
    "learning": 4,
    "sports_recreation": 4,
    "culture_arts": 3,
    "volunteering": 3,
    "employment": 3,
    "intergenerational": 3,
    "health": 3,
    "gathering_place": 2,
    "community_development": 2,
}
_OLD = {
    "care": 5,
    "shopping": 5,
    "mobility": 5,
    "meals": 4,
    "watching": 4,
    "medical_care": 4,
    "cleaning": 4,
    "laundry": 2,
    "cooking": 3,
    "housing": 2,
    "gathering_place": 2,
    "disaster_crime_prevention": 2,
}
POOL = 256


def allocate(world: World, total: int) -> np.ndarray:
    """Respondents per [municipality, period]; sums exactly to `total`."""
    rng = stream(world.seed, "survey-allocation")
    n, n_p = world.report["population_65plus"].shape
    kinds = np.array([m.kind for m in world.munis])
    p_survey = np.select(
        [world.u > 1, kinds == "special_ward", kinds == "city", kinds == "town"], [0.9, 0.8, 0.6, 0.4], 0.3
    )
    surveyed = rng.random((n, n_p)) < p_survey[:, None]
    weight = world.report["population_65plus"] * surveyed
    weight = weight.astype(float).ravel()
    return rng.multinomial(total, weight / weight.sum()).reshape(n, n_p)


@lru_cache(maxsize=64)
def _pools(seed: int, labels: str, separator: str, wanted: bool) -> pl.Series:
    """POOL domain-list strings per age band (+ a final blank): weighted draws without replacement
    via the Gumbel-top-k trick, all at once."""
    rng = stream(seed, "survey-pool", wanted)
    style = S.Style("csv_utf8", labels=labels, separator=separator)
    old = np.repeat(np.arange(5) / 4, POOL)[:, None]
    young_w = np.array([_YOUNG.get(c, 0) for c in _DOMAIN_CODES], float)[None, :]
    old_w = np.array([_OLD.get(c, 0) for c in _DOMAIN_CODES], float)[None, :]
    w = 1 + (1 - old) * young_w + (old + (0.5 if wanted else 0)) * old_w
    keys = np.log(w) + rng.gumbel(size=w.shape)
    order = np.argsort(-keys, axis=1, kind="stable")
    sizes = rng.choice([1, 2, 3, 4], len(w), p=[0.45, 0.3, 0.17, 0.08])
    strings = [
        S.domains_cell([_DOMAIN_CODES[i] for i in sorted(row[:k])], style) for row, k in zip(order, sizes, strict=True)
    ]
    return pl.Series(strings + [""], dtype=pl.String)


def survey_frame(
    seed: int,
    key: tuple,
    codes: list[str],
    counts: np.ndarray,
    participation: np.ndarray,
    fiscal_year: int,
    quarter: int,
    style: S.Style,
) -> pl.DataFrame:
    """All columns text, Japanese headers. `participation` = base rate per municipality (0.2–0.4)."""
    rng = stream(seed, "survey", *key)
    total = int(counts.sum())
    muni = np.repeat(np.arange(len(codes)), counts)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    serial = np.arange(total) - starts + 1
    age = rng.choice(5, total, p=AGE_P)
    p_part = participation[muni] + np.array([0.06, 0.03, 0.0, -0.05, -0.12])[age]
    part = rng.random(total) < p_part
    used_blank = rng.random(total) > (0.25 + 0.1 * age / 4 + 0.15 * part)
    wanted_blank = rng.random(total) > (0.55 + 0.08 * age / 4)
    blank = 5 * POOL
    used = np.where(used_blank, blank, age * POOL + rng.integers(0, POOL, total))
    wanted = np.where(wanted_blank, blank, age * POOL + rng.integers(0, POOL, total))
    cum = np.cumsum([[0.06, 0.14, 0.38, 0.30, 0.12], [0.03, 0.08, 0.32, 0.38, 0.19]], axis=1)
    u = rng.random(total)
    sat = np.where(part, np.searchsorted(cum[1], u * cum[1, -1]), np.searchsorted(cum[0], u * cum[0, -1]))
    sat = np.where(rng.random(total) < 0.08, 5, sat)  # 5 → blank

    age_labels = [code if style.labels == "full" else label for code, label, _ in AGE_BANDS]
    true, false = (
        ("1", "0")
        if style.boolean in ("10", "words")
        else {"maru": ("○", "×"), "umu": ("有", "無"), "ari": ("あり", "なし"), "hai": ("はい", "いいえ")}[
            style.boolean
        ]
    )
    code_cells = [str(S.code_cell(c, style)) for c in codes]
    prefix = style.prefecture[:1].upper() if style.prefecture != "code" else "R"
    h = [c.header_ja for c in SURVEY_RESPONSES.columns]
    idx = pl.DataFrame(
        {
            "m": muni.astype(np.uint32),
            "s": serial.astype(np.uint32),
            "a": age.astype(np.uint8),
            "p": part,
            "du": used.astype(np.uint32),
            "dw": wanted.astype(np.uint32),
            "sat": sat.astype(np.uint8),
        }
    )
    return pl.DataFrame(
        {
            h[0]: pl.Series(code_cells, dtype=pl.String).gather(idx["m"]),
            h[1]: pl.repeat(str(S.year_cell(fiscal_year, style)), total, eager=True, dtype=pl.String),
            h[2]: pl.repeat(str(S.quarter_cell(quarter, style)), total, eager=True, dtype=pl.String),
            h[3]: idx.select(pl.lit(prefix) + pl.col("s").cast(pl.String).str.zfill(6)).to_series(),
            h[4]: pl.Series(age_labels, dtype=pl.String).gather(idx["a"]),
            h[5]: pl.Series([false, true], dtype=pl.String).gather(idx["p"].cast(pl.UInt8)),
            h[6]: _pools(seed, style.labels, style.separator, False).gather(idx["du"]),
            h[7]: _pools(seed, style.labels, style.separator, True).gather(idx["dw"]),
            h[8]: pl.Series(["1", "2", "3", "4", "5", ""], dtype=pl.String).gather(idx["sat"]),
        }
    )
