"""Map geometry for the prefecture choropleth and the tile-grid map (public geographic facts).

`prefectures.json` holds one simplified boundary ring per prefecture code (see extract_japanmap.py).
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

import numpy as np

# Longitude is scaled by cos(36°N) so Japan keeps its shape on a plain x/y plot.
LONGITUDE_SCALE = math.cos(math.radians(36))

# The usual Japan tile-grid layout: prefecture code → (column, row); row 0 is the top (Hokkaido).
TILE_GRID: dict[str, tuple[int, int]] = {
    "01": (12, 0), "02": (12, 1), "05": (11, 2), "03": (12, 2), "06": (11, 3), "04": (12, 3),
    "18": (7, 4), "17": (8, 4), "16": (9, 4), "15": (10, 4), "07": (11, 4),
    "32": (3, 5), "31": (4, 5), "28": (5, 5), "26": (6, 5), "25": (7, 5), "21": (8, 5),
    "20": (9, 5), "10": (10, 5), "09": (11, 5), "08": (12, 5),
    "35": (2, 6), "34": (3, 6), "33": (4, 6), "27": (5, 6), "29": (6, 6), "24": (7, 6),
    "23": (8, 6), "19": (9, 6), "11": (10, 6), "13": (11, 6), "12": (12, 6),
    "41": (1, 7), "40": (2, 7), "38": (3, 7), "37": (4, 7), "30": (5, 7), "22": (9, 7), "14": (11, 7),
    "42": (0, 8), "43": (1, 8), "44": (2, 8), "39": (3, 8), "36": (4, 8),
    "46": (1, 9), "45": (2, 9),
    "47": (0, 10),
}


@cache
def prefecture_rings() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Prefecture code → (xs, ys) of its boundary ring in plot coordinates (arrays serialize fast)."""
    raw = json.loads(Path(__file__).with_name("prefectures.json").read_text(encoding="utf-8"))
    rings = {code: np.asarray(ring, dtype=float) for code, ring in raw.items()}
    return {code: (ring[:, 0] * LONGITUDE_SCALE, ring[:, 1]) for code, ring in rings.items()}
