#!/usr/bin/env bash
# One command from a fresh clone to a running system on demo data:
# install → (first run) generate and submit the demo data → refresh → Dagster (schedule + sensor) → dashboards.
# Ctrl-C or SIGTERM stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
export KYOSO_DATA_DIR=${KYOSO_DATA_DIR:-$PWD/data}
export PATH="$PWD/.venv/bin:$PATH"
kyoso=.venv/bin/kyoso

if [ -z "$(ls -A "${KYOSO_RAW_DIR:-raw}/submissions" 2>/dev/null)" ]; then
  echo "初回: デモデータを生成して提出します / first run: generating and submitting demo data"
  "$kyoso" demo-data --out "$KYOSO_DATA_DIR/demo" --seed 7
  "$kyoso" submit-manifest "$KYOSO_DATA_DIR/demo/manifest.csv"
fi
"$kyoso" refresh  # recorded in Dagster's run history ($KYOSO_DATA_DIR/dagster_home unless DAGSTER_HOME is set)

# Job control: every background command gets its own process group, so stopping one group ends all of
# its processes (dagster dev's webserver, daemon, code server and run workers; the dashboards' server).
set -m
groups=()
stop() {
  trap - INT TERM EXIT
  for group in "${groups[@]}"; do kill -TERM -- "-$group" 2>/dev/null || true; done
  for _ in $(seq 50); do
    alive=false
    for group in "${groups[@]}"; do kill -0 -- "-$group" 2>/dev/null && alive=true; done
    $alive || return 0
    sleep 0.2
  done
  for group in "${groups[@]}"; do kill -KILL -- "-$group" 2>/dev/null || true; done
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM
trap stop EXIT

.venv/bin/dagster dev -w workspace.yaml -p "${DAGSTER_PORT:-3000}" >"$KYOSO_DATA_DIR/dagster-dev.log" 2>&1 &
groups+=($!)
"$kyoso" serve --port "${KYOSO_PORT:-5006}" &
groups+=($!)
echo "Dagster: http://127.0.0.1:${DAGSTER_PORT:-3000}  (log: $KYOSO_DATA_DIR/dagster-dev.log)"
echo "ダッシュボード / dashboards: http://127.0.0.1:${KYOSO_PORT:-5006}"
wait -n  # the first to end (or Ctrl-C) stops the rest
