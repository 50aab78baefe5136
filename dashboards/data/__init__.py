"""Pure data layer over the published snapshot: DuckDB (read-only) → Polars. No Panel imports.

The whole snapshot is small (marts, registers, dimensions), so it is read once into memory and cached
under the file's identity (inode, mtime, size): a refresh that swaps in a new file is picked up on the
next call without a restart, and no DuckDB connection stays open to block the swap. `functools.lru_cache`
plays the part of `pn.cache` here so this module stays importable without Panel.
"""

from __future__ import annotations

from dashboards.data.audience import (
    GUEST,
    GUEST_AUDIENCE,
    MINISTRY,
    PREFECTURE,
    Audience,
    submissions,
    validation_issues,
)
from dashboards.data.marts import (
    actor_type_composition,
    domain_quarter,
    indicator_changes,
    latest_period,
    model_type_series,
    municipalities,
    national,
    national_row,
    periods,
    prefecture_quarter,
    prefecture_row,
    prefecture_series,
    previous_period,
    stage_projection,
)
from dashboards.data.reference import (
    actor_types,
    catalog,
    domain_labels,
    indicators_in,
    milestones,
    municipality_directory,
    municipality_kinds,
    municipality_names,
    prefecture_name,
    prefectures,
)
from dashboards.data.snapshots import (
    TABLES,
    Snapshot,
    memo_of,
    refresh_status,
    snapshot,
    snapshot_key,
)

__all__ = [
    "TABLES",
    "snapshot_key",
    "Snapshot",
    "memo_of",
    "snapshot",
    "refresh_status",
    "GUEST",
    "MINISTRY",
    "PREFECTURE",
    "Audience",
    "GUEST_AUDIENCE",
    "submissions",
    "validation_issues",
    "catalog",
    "indicators_in",
    "prefectures",
    "prefecture_name",
    "municipality_kinds",
    "domain_labels",
    "actor_types",
    "milestones",
    "municipality_directory",
    "municipality_names",
    "periods",
    "latest_period",
    "previous_period",
    "prefecture_quarter",
    "prefecture_series",
    "prefecture_row",
    "national",
    "national_row",
    "domain_quarter",
    "municipalities",
    "actor_type_composition",
    "indicator_changes",
    "stage_projection",
    "model_type_series",
]
