"""Deterministic random streams, and corporate numbers built with intake's check digit (SPEC §3.1).

Every piece of the demo data draws from its own stream keyed by the seed and a text label, so the
output never depends on iteration order, dict order, time or process state.
"""

from __future__ import annotations

import zlib

import numpy as np

from pipelines.intake.codes import corporate_check_digit


def stream(seed: int, *keys: object) -> np.random.Generator:
    """An independent generator for (seed, keys…); same inputs → same draws."""
    entropy = [int(seed) & 0xFFFFFFFF] + [zlib.crc32(str(key).encode("utf-8")) for key in keys]
    return np.random.default_rng(np.random.SeedSequence(entropy))


def corporate_number(body12: str) -> str:
    return corporate_check_digit(body12) + body12
