"""Everything the files are made of, before any prefecture habit or mishap: canonical rows per form."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

import numpy as np
import polars as pl

from pipelines.demo.actors import Engagement, build_engagements
from pipelines.demo.platform import Track, platform_rows, platform_tracks
from pipelines.demo.rng import stream
from pipelines.demo.styles import Style, draw_style
from pipelines.demo.survey import allocate, survey_frame
from pipelines.demo.world import World, build_world
from pipelines.intake.forms import FORMS

_MUNICIPAL_KEYS = [c.key for c in FORMS["municipal_report"].columns[4:]]
_BOOLEAN_KEYS = {"council_layer1", "partnership_program"}


@dataclass
class Dataset:
    seed: int
    periods: list[tuple[int, int]]
    world: World
    tracks: dict[str, Track]
    platform: dict[str, list[dict]]
    alloc: np.ndarray  # survey respondents [municipality, period]
    participation: np.ndarray  # survey participation base rate per municipality
    by_pref: dict[str, list[int]]  # municipality indices per prefecture
    roster_by_pref: dict[str, list[Engagement]]

    def survey_counts(self, pref: str, k: int) -> np.ndarray:
        return self.alloc[self.by_pref[pref], k]

    def rows(self, pref: str, k: int, form: str) -> list[dict] | None:
        """Canonical rows (codes, ints, bools, domain codes); None for the survey (built vectorized)."""
        fy, q = self.periods[k]
        if form == "municipal_report":
            out = []
            for i in self.by_pref[pref]:
                m = self.world.munis[i]
                row = {"municipality_code": m.code, "municipality_name": m.name, "fiscal_year": fy, "quarter": q}
                for key in _MUNICIPAL_KEYS:
                    value = self.world.report[key][i, k]
                    row[key] = bool(value) if key in _BOOLEAN_KEYS else int(value)
                out.append(row)
            return out
        if form == "actor_roster":
            return [
                {"municipality_code": e.municipality_code, "fiscal_year": fy, "quarter": q,
                 "actor_name": e.actor_name, "corporate_number": e.corporate_number, "actor_type": e.actor_type,
                 "domains": e.domains, "service_category": e.service_category, "model_type": e.model_type,
                 "start_month": e.start}
                for e in self.roster_by_pref[pref] if e.first <= k <= e.last
            ]
        if form == "platform_status":
            return [{"prefecture_code": pref, **self.platform[pref][k]}]
        return None

    def survey_style(self, pref: str, k: int) -> Style:
        """Big surveys come as Parquet; smaller ones as UTF-8 CSV (sometimes with BOM)."""
        rng = stream(self.seed, "survey-format", pref, k)
        big = int(self.survey_counts(pref, k).sum()) >= 20_000
        fmt = "parquet" if big or rng.random() < 0.3 else ("csv_utf8_bom" if rng.random() < 0.3 else "csv_utf8")
        style = draw_style(self.seed, pref, "survey_responses")
        return replace(style, fmt=fmt, extra_column=False, code="text5" if style.code == "text5" else "text6")

    def survey(self, pref: str, k: int, style: Style) -> pl.DataFrame:
        idx = self.by_pref[pref]
        fy, q = self.periods[k]
        codes = [self.world.munis[i].code for i in idx]
        return survey_frame(self.seed, (pref, k), codes, self.alloc[idx, k], self.participation[idx], fy, q, style)


def build_dataset(seed: int, periods: list[tuple[int, int]], survey_rows: int, per_municipality: float) -> Dataset:
    world = build_world(seed, periods)
    tracks = platform_tracks(seed, periods)
    rng = stream(seed, "survey-participation")
    participation = np.clip(0.3 - 0.03 * np.log(world.size) + rng.normal(0, 0.04, len(world.munis)), 0.18, 0.42)
    by_pref: dict[str, list[int]] = defaultdict(list)
    for i, muni in enumerate(world.munis):
        by_pref[muni.prefecture_code].append(i)
    roster_by_pref: dict[str, list[Engagement]] = defaultdict(list)
    for engagement in build_engagements(world, per_municipality):
        roster_by_pref[engagement.municipality_code[:2]].append(engagement)
    return Dataset(
        seed, periods, world, tracks,
        {code: platform_rows(seed, track, periods) for code, track in tracks.items()},
        allocate(world, survey_rows), participation, dict(by_pref), dict(roster_by_pref),
    )
