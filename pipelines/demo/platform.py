"""Each prefecture's platform (都道府県プラットフォーム) path over time, against the SPEC §4.2 schedule."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from pipelines.core.periods import period_index
from pipelines.core.reference import municipalities_of, prefectures
from pipelines.demo.rng import stream

# default target stage by period index (FY2025Q1 = 0); 4 from FY2026Q3 on
TARGET = [1, 1, 2, 2, 3, 3, 4, 4]
AHEAD = [1, 2, 3, 3, 4, 4]  # stage 4 by FY2026Q1
LAGGING = [0, 1, 1, 2, 2, 3, 3, 4]  # one quarter behind the schedule at every step
STUCK_0 = [0] * 8
STUCK_1 = [0, 1, 1, 1, 1, 1, 1, 1]


def target_stage(t: int) -> int:
    return TARGET[t] if 0 <= t < len(TARGET) else (4 if t >= len(TARGET) else 0)


def _path_stage(path: list[int], t: int) -> int:
    return path[min(max(t, 0), len(path) - 1)] if t < len(path) else min(4, path[-1] + (t - len(path) + 1) // 2)


@dataclass(frozen=True)
class Track:
    prefecture_code: str
    label: str  # ahead / on_track / lagging / stuck_0 / stuck_1
    stages: tuple[int, ...]  # per period of the run


def platform_tracks(seed: int, periods: list[tuple[int, int]]) -> dict[str, Track]:
    codes = sorted(prefectures())
    order = list(stream(seed, "platform-track").permutation(len(codes)))
    labels = ["ahead"] * 5 + ["stuck_0"] * 2 + ["stuck_1"] * 4 + ["lagging"] * 6
    paths = {"ahead": AHEAD, "on_track": TARGET, "lagging": LAGGING, "stuck_0": STUCK_0, "stuck_1": STUCK_1}
    tracks = {}
    for rank, index in enumerate(order):
        code = codes[index]
        label = labels[rank] if rank < len(labels) else "on_track"
        stages = tuple(_path_stage(paths[label], period_index(fy, q)) for fy, q in periods)
        tracks[code] = Track(code, label, stages)
    return dict(sorted(tracks.items()))


def platform_rows(seed: int, track: Track, periods: list[tuple[int, int]]) -> list[dict]:
    """Canonical platform_status values per period (member orgs grow with the stage, never shrink)."""
    rng = stream(seed, "platform", track.prefecture_code)
    scale = np.sqrt(len(municipalities_of(track.prefecture_code)) / 37)
    members = 0
    linked = False
    rows = []
    for (fy, q), stage in zip(periods, track.stages, strict=True):
        t = period_index(fy, q)
        floor = {0: 0, 1: rng.poisson(3), 2: rng.integers(10, 31), 3: rng.integers(30, 81), 4: rng.integers(60, 201)}
        members = max(members, int(round(floor[stage] * scale)))
        if stage >= 1:
            members += int(rng.poisson(1 + stage))
        linked = linked or stage >= 3 or (stage == 2 and t >= 2 and rng.random() < 0.5)
        rows.append(
            {
                "fiscal_year": fy,
                "quarter": q,
                "stage": stage,
                "member_orgs": members,
                "events": int(rng.poisson([0, 0.5, 2, 3.5, 5][stage] * scale)),
                "trainings": int(rng.poisson(0.3 if stage == 0 else 1 + 0.5 * stage)),
                "matches": int(rng.poisson([0, 0.1, 0.8, 0.15 * 37, 0.35 * 37][stage] * scale**2)),
                "fund_used_kyen": int(round(rng.lognormal(np.log(500 * stage**2), 0.4))) if stage >= 2 else 0,
                "linked_national": linked,
            }
        )
    return rows
