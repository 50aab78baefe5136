"""Deterministic random streams and the two check-digit schemes (SPEC §3.1).

Every piece of the demo data draws from its own stream keyed by the seed and a text label, so the
output never depends on iteration order, dict order, time or process state.
"""

from __future__ import annotations

import zlib

import numpy as np


def stream(seed: int, *keys: object) -> np.random.Generator:
    """An independent generator for (seed, keys…); same inputs → same draws."""
    entropy = [int(seed) & 0xFFFFFFFF] + [zlib.crc32(str(key).encode("utf-8")) for key in keys]
    return np.random.default_rng(np.random.SeedSequence(entropy))


def municipality_check_digit(five: str) -> str:
    """Check digit of a 5-digit local-government code: 13101 → '6'."""
    d = [int(c) for c in five]
    return str((11 - (6 * d[0] + 5 * d[1] + 4 * d[2] + 3 * d[3] + 2 * d[4]) % 11) % 10)


def corporate_check_digit(body12: str) -> str:
    """Leading check digit of a 13-digit corporate number for the 12 digits after it."""
    total = 0
    for n, char in enumerate(reversed(body12), start=1):
        total += int(char) * (1 if n % 2 else 2)
    return str(9 - total % 9)


def corporate_number(body12: str) -> str:
    return corporate_check_digit(body12) + body12


def corporate_number_valid(number: str) -> bool:
    return len(number) == 13 and number.isdigit() and corporate_check_digit(number[1:]) == number[0]
