#!/usr/bin/env bash
# One command from a fresh clone to a running system on demo data:
# install → (first run) generate and submit the demo data → refresh → Dagster (schedule + sensor) → dashboards.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export KYOSO_DATA_DIR=${KYOSO_DATA_DIR:-$PWD/data}
export DAGSTER_HOME=${DAGSTER_HOME:-$KYOSO_DATA_DIR/dagster_home}
mkdir -p "$DAGSTER_HOME"
export PATH="$PWD/.venv/bin:$PATH"
kyoso=.venv/bin/kyoso

if [ -z "$(ls -A "${KYOSO_RAW_DIR:-raw}/submissions" 2>/dev/null)" ]; then
  echo "初回: デモデータを生成して提出します / first run: generating and submitting demo data"
  "$kyoso" demo-data --out "$KYOSO_DATA_DIR/demo" --seed 7
  "$kyoso" submit-manifest "$KYOSO_DATA_DIR/demo/manifest.csv"
fi
"$kyoso" refresh

.venv/bin/dagster dev -w workspace.yaml -p "${DAGSTER_PORT:-3000}" >"$KYOSO_DATA_DIR/dagster-dev.log" 2>&1 &
dagster_pid=$!
trap 'kill $dagster_pid 2>/dev/null || true' EXIT
echo "Dagster: http://127.0.0.1:${DAGSTER_PORT:-3000}  (log: $KYOSO_DATA_DIR/dagster-dev.log)"
echo "ダッシュボード / dashboards: http://127.0.0.1:${KYOSO_PORT:-5006}"
"$kyoso" serve --port "${KYOSO_PORT:-5006}"
