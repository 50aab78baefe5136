"""Ingestion assets: the submission register and the effective submissions → schema `raw`.

Asset keys equal the dbt source keys (`raw/<table>`), so dbt models hang off them in one graph.
"""

import dagster as dg

from pipelines import submissions as store
from pipelines.defs.resources import WarehouseResource
from pipelines.intake.forms import FORMS
from pipelines.warehouse import ingest


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            ["raw", "submissions"],
            description="提出台帳 — every submission (accepted, superseded, rejected, duplicate, withdrawn).",
            kinds={"python", "duckdb"},
            group_name="ingest",
        ),
        dg.AssetSpec(
            ["raw", "validation_issues"],
            description="検証結果 — every error and warning of every submission.",
            kinds={"python", "duckdb"},
            group_name="ingest",
        ),
    ],
)
def submission_register(warehouse: WarehouseResource):
    with warehouse.connect() as con:
        counts = ingest.load_register(con, warehouse.submissions())
        warehouse.load_unselected_changes(con)
    yield dg.MaterializeResult(asset_key=["raw", "submissions"], metadata={"rows": counts["submissions"]})
    yield dg.MaterializeResult(asset_key=["raw", "validation_issues"], metadata={"rows": counts["validation_issues"]})


def _form_asset(form_key: str) -> dg.AssetsDefinition:
    form = FORMS[form_key]

    @dg.asset(
        key=["raw", form_key],
        description=f"{form.title_ja} ({form.title_en}) — normalized rows of the effective submissions.",
        kinds={"python", "duckdb"},
        group_name="ingest",
    )
    def _ingest(warehouse: WarehouseResource) -> dg.MaterializeResult:
        submissions = warehouse.submissions()
        with warehouse.connect() as con:
            rows = ingest.load_form(con, form_key, submissions)
            warehouse.load_unselected_changes(con)
        effective = len(store.effective_submissions(form_key, submissions))
        return dg.MaterializeResult(metadata={"rows": rows, "effective_submissions": effective})

    return _ingest


form_assets = [_form_asset(form_key) for form_key in FORMS]
