"""The tables of the published snapshot (SPEC §4.3–4.5, docs/published.md): what a refresh publishes
and what the dashboards and `kyoso export` may read."""

# Tables of SPEC §4.3–4.4 that must be in every snapshot.
REQUIRED_TABLES = (
    "mart_prefecture_quarter",
    "mart_municipality_quarter",
    "mart_national_quarter",
    "mart_prefecture_domain_quarter",
    "mart_prefecture_actor_type_quarter",
    "mart_prefecture_model_type_quarter",
    "mart_prefecture_stage_projection",
    "mart_submissions",
    "mart_validation_issues",
    "dim_prefecture",
    "dim_municipality",
    "rollout_schedule",
    "indicator_catalog",
)
# Vocabulary and schedule seeds the dashboards use for labels.
REFERENCE_TABLES = (
    "actor_types",
    "domains",
    "service_categories",
    "model_types",
    "stages",
    "age_bands",
    "national_milestones",
    "rollout_schedule_overrides",
)
# Computed by the publish step itself (pipelines/warehouse/changes.py), not by dbt.
CHANGES_TABLE = "mart_indicator_changes"
PUBLISHED_TABLES = REQUIRED_TABLES + REFERENCE_TABLES + (CHANGES_TABLE,)
