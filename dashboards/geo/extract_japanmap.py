"""Regenerate prefectures.json from the `japanmap` package's boundary data (run by hand, not at runtime).

    pip download japanmap==0.6.0 --no-deps && unzip japanmap-0.6.0-py3-none-any.whl
    python -m dashboards.geo.extract_japanmap japanmap/japan.json

Each prefecture becomes one ring (lon, lat) around the area holding its capital, as japanmap's
`pref_points(move_hokkaido=True, move_okinawa=True)` draws it: Hokkaido and Okinawa are moved
nearer to Honshu so the map fits one screen, as is usual for national overview maps.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).with_name("prefectures.json")
HOKKAIDO_SHIFT = (-10.0, -4.5)
OKINAWA_SHIFT = (4.5, 5.0)
DECIMALS = 3


def _rings(points: list, boundaries: list) -> dict[str, list[list[float]]]:
    moved = [list(p[0]) for p in points]
    for index, shift in ((0, HOKKAIDO_SHIFT), (46, OKINAWA_SHIFT)):
        for i in boundaries[index][0][1][:-1]:
            moved[i] = [moved[i][0] + shift[0], moved[i][1] + shift[1]]
    rings: dict[str, list[list[float]]] = {}
    for k, pref_boundaries in enumerate(boundaries):
        ring: list[list[float]] = []
        for _, indices in pref_boundaries:
            for i in indices:
                point = [round(moved[i][0], DECIMALS), round(moved[i][1], DECIMALS)]
                if not ring or ring[-1] != point:
                    ring.append(point)
        rings[f"{k + 1:02d}"] = ring
    return rings


def main(source: str) -> None:
    points, boundaries = json.loads(Path(source).read_text(encoding="utf-8"))
    rings = _rings(points, boundaries)
    OUT.write_text(json.dumps(rings, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {OUT} ({sum(len(r) for r in rings.values())} points)")


if __name__ == "__main__":
    main(sys.argv[1])
