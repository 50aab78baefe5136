#!/usr/bin/env bash
# The full test suite from a fresh clone: system packages for the browser, proxy and PDF tests, the pinned
# Python environment, axe-core for accessibility checks, lint, then every test (unit, dbt, end-to-end,
# deployed system, browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_system.sh
bash scripts/install.sh
.venv/bin/ruff check .
.venv/bin/python -m pytest -q "$@"
