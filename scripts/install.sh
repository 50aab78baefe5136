#!/usr/bin/env bash
# Create .venv (Python 3.11) and install the project with its exact pins. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3.11}
command -v "$python" >/dev/null || python=python3
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -c constraints.txt -e '.[test]'
# Dagster creates its instance before it loads any project code, so the default DAGSTER_HOME
# ($KYOSO_DATA_DIR/dagster_home, with the project's dagster.yaml) is set by a startup hook of this venv.
site_packages=$(.venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
echo "import pipelines.instance; pipelines.instance.startup_hook()" >"$site_packages/kyoso_dagster_home.pth"
