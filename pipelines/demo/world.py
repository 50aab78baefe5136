"""The latent "true" state of the synthetic nation: municipalities' size and their quarterly figures.

Calibrated on SPEC §6: 65+ population ≈ 36 million, 52.6 % of municipalities with a single daily
living area, SC placed at layer 1 in ~93 % / layer 2 coverage ~80 %, councils ~89 % / ~68 %, kayoi
participation ~5–6 %, partnership programme in ~1/3 of municipalities (growing).
All arrays are indexed [municipality, period] in master-code order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipelines.core.periods import period_index
from pipelines.core.reference import Municipality, municipalities
from pipelines.demo.rng import stream

NATIONAL_65PLUS = 36_000_000

# lognormal (median, sigma) of the 65+ population by kind; designated cities scale with their wards
_KIND_SIZE = {"city": (16_000, 0.8), "special_ward": (60_000, 0.45), "town": (3_700, 0.7), "village": (1_200, 0.8)}


@dataclass
class World:
    seed: int
    periods: list[tuple[int, int]]
    munis: list[Municipality]
    t: np.ndarray  # period index since FY2025Q1, per period
    u: np.ndarray  # ward count for designated cities, else 1
    size: np.ndarray  # relative size (pop65 / national median), drives everything "bigger is more"
    areas: np.ndarray  # [m]
    report: dict[str, np.ndarray]  # municipal_report key → [m, p]

    @property
    def codes(self) -> list[str]:
        return [m.code for m in self.munis]


def _adopted(
    rng: np.random.Generator,
    base: float,
    growth: float,
    size: np.ndarray,
    t: np.ndarray,
    size_exp: float = 0.25,
    cap: float = 0.99,
) -> np.ndarray:
    """Monotone adoption: municipality i has it at period t when v_i < p_i·(1 + growth·t)."""
    weight = size**size_exp
    p = base * weight / weight.mean()
    v = rng.random(len(size))
    level = np.clip(p[:, None] * (1 + growth * np.maximum(t, 0))[None, :], 0, cap)
    return v[:, None] < level


def build_world(seed: int, periods: list[tuple[int, int]]) -> World:
    munis = sorted(municipalities().values(), key=lambda m: m.code)
    n, n_p = len(munis), len(periods)
    kinds = np.array([m.kind for m in munis])
    wards = np.array([m.designated_city_wards or 0 for m in munis])
    designated = wards > 0
    u = np.where(designated, wards, 1)
    t = np.array([period_index(fy, q) for fy, q in periods], dtype=float)

    rng = stream(seed, "population")
    pref_factor = {
        p: f for p, f in zip(sorted({m.prefecture_code for m in munis}), rng.lognormal(0, 0.2, 47), strict=False)
    }
    base = np.empty(n)
    for kind, (median, sigma) in _KIND_SIZE.items():
        mask = kinds == kind
        base[mask] = rng.lognormal(np.log(median), sigma, mask.sum())
    local = (kinds == "town") | (kinds == "village") | ((kinds == "city") & ~designated)
    base[local] *= np.array([pref_factor[m.prefecture_code] for m in munis])[local]
    base[designated] = (150_000 + 25_000 * wards[designated]) * rng.lognormal(0, 0.2, designated.sum())
    base = np.maximum(base, 60)
    base *= NATIONAL_65PLUS / base.sum()
    trend = 1 + 0.003 * t[None, :] + rng.normal(0, 0.001, (n, n_p))
    pop = np.rint(base[:, None] * trend).astype(np.int64)
    size = base / np.median(base)

    rng = stream(seed, "areas")
    one = np.select(
        [kinds == "village", kinds == "town", kinds == "special_ward", base < 8_000, base < 15_000, base < 30_000],
        [0.97, 0.78, 0.05, 0.7, 0.35, 0.12],
        0.03,
    )
    single = rng.random(n) < one
    multi = np.where(
        kinds == "town",
        rng.integers(2, 5, n),
        np.where(kinds == "village", 2, np.maximum(2, np.rint(base / rng.uniform(6_000, 10_000, n)))),
    )
    areas = np.where(single, 1, multi).astype(np.int64)
    areas[designated] = np.maximum(
        wards[designated], np.rint(base[designated] / rng.uniform(8_000, 15_000, designated.sum()))
    )

    r: dict[str, np.ndarray] = {"population_65plus": pop, "daily_living_areas": np.repeat(areas[:, None], n_p, 1)}
    rng = stream(seed, "coordinators")
    placed = _adopted(rng, 0.95, 0.006, size, t, size_exp=0.1)
    extra = rng.poisson(np.clip(0.3 * np.log1p(size), 0, None) + (u - 1) / 3)
    r["sc_layer1_count"] = np.where(placed, 1 + extra[:, None], 0)
    coverage = rng.beta(4, 1, n)[:, None] + 0.01 * np.maximum(t, 0)[None, :]
    covered = np.minimum(np.rint(coverage * areas[:, None]), areas[:, None])
    one_area_covered = placed & (rng.random(n)[:, None] < 0.82 + 0.01 * np.maximum(t, 0)[None, :])
    r["sc_layer2_areas_covered"] = np.where(areas[:, None] == 1, one_area_covered, covered).astype(np.int64)

    rng = stream(seed, "councils")
    r["council_layer1"] = _adopted(rng, 0.905, 0.005, size, t, size_exp=0.1)
    c2 = rng.beta(2.5, 1.2, n)[:, None] + 0.01 * np.maximum(t, 0)[None, :]
    c2_one = r["council_layer1"] & (rng.random(n)[:, None] < 0.72 + 0.01 * np.maximum(t, 0)[None, :])
    r["council_layer2_areas"] = np.where(
        areas[:, None] == 1, c2_one, np.minimum(np.rint(c2 * areas[:, None]), areas[:, None])
    ).astype(np.int64)

    rng = stream(seed, "partnership")
    partner = _adopted(rng, 0.29, 0.07, size, t, size_exp=0.3, cap=0.9)
    r["partnership_program"] = partner
    growth = (1 + 0.08 * np.maximum(t, 0))[None, :]
    activity = np.where(partner, 1.0 + size[:, None] * 0.9, 0.2 + size[:, None] * 0.25) * growth
    meetings = rng.poisson(activity)
    r["town_meetings"] = meetings
    r["meeting_participants_residents"] = np.rint(meetings * rng.uniform(12, 45, (n, n_p))).astype(np.int64)
    org_share = np.clip(rng.normal(0.12, 0.05, (n, 1)) + 0.012 * np.maximum(t, 0)[None, :], 0.02, 0.5)
    r["meeting_participants_orgs"] = rng.binomial(
        np.rint(r["meeting_participants_residents"] * org_share / (1 - org_share)).astype(np.int64), 0.95
    )
    projects = rng.poisson(0.25 * meetings + 0.05 * partner)
    r["projects_started"] = projects
    pilots = np.zeros((n, n_p), dtype=np.int64)
    running = rng.poisson(0.4 * size * 0.3)
    for k in range(n_p):
        running = running + rng.binomial(projects[:, k], 0.7) - rng.binomial(running, 0.1)
        pilots[:, k] = running
    r["pilots_running"] = pilots

    rng = stream(seed, "kayoi")
    rate = np.clip(rng.normal(0.055, 0.015, n), 0.01, 0.15)[:, None] * (1 + 0.01 * np.maximum(t, 0))[None, :]
    r["kayoi_participants"] = rng.binomial(pop, np.clip(rate, 0, 1))

    rng = stream(seed, "spend")
    standard = 8_000 * u[:, None] + 4_000 * areas[:, None] + 4_000 * u[:, None] * partner
    season = np.array([{1: 0.8, 2: 1.0, 3: 1.0, 4: 1.15}[q] for _, q in periods])[None, :]
    efficiency = rng.uniform(0.75, 1.1, n)[:, None]
    r["program_spend_kyen"] = np.rint(standard / 4 * season * efficiency * rng.lognormal(0, 0.15, (n, n_p))).astype(
        np.int64
    )
    return World(seed, list(periods), munis, t, u, size, areas, r)
