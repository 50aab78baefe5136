"""The dbt project as Dagster sees it (dagster-dbt's `project.py` pattern)."""

import os

from dagster_dbt import DbtProject

from pipelines.core import config
from pipelines.warehouse.manifest import ensure_manifest

kyoso_dbt_project = DbtProject(project_dir=config.DBT_PROJECT_DIR)

# What `kyoso_dbt_project.prepare_if_dev()` is for, made cheap: under `dagster dev`, `dbt parse` only when a
# dbt project file is newer than the manifest. prepare_if_dev() parses on every load — in the code server
# and again in each run worker, seconds before every run. Outside `dagster dev`, `kyoso refresh` prepares the
# manifest before it loads the definitions.
if os.environ.get("DAGSTER_IS_DEV_CLI"):
    ensure_manifest()
