"""The published snapshot: replaced only after every upstream step, dbt tests included, succeeded."""

from pathlib import Path

import dagster as dg

from pipelines.defs.dbt_assets import kyoso_dbt_models
from pipelines.defs.resources import WarehouseResource
from pipelines.warehouse import publish
from pipelines.warehouse import status as refresh_status


@dg.asset(
    key=["published_snapshot"],
    deps=[kyoso_dbt_models],
    description="公開スナップショット — the read-only DuckDB file the dashboards and analysts use.",
    kinds={"duckdb"},
    group_name="publish",
)
def published_snapshot(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    counts = publish.publish_snapshot(warehouse=Path(warehouse.resolved_path))
    submissions = warehouse.submissions()
    latest = max((s.received for s in submissions), default=None)
    warehouse.commit_published()
    refresh_status.mark_succeeded(latest.isoformat() if latest else None)
    context.log.info(f"published {len(counts)} tables")
    return dg.MaterializeResult(metadata={f"rows_{table}": rows for table, rows in counts.items()})
