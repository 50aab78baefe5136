"""The one Dagster instance: `$DAGSTER_HOME`, by default `$KYOSO_DATA_DIR/dagster_home`, configured by
the project's dagster.yaml (run queue: one refresh at a time; run monitoring).

Every entry point gets it: `kyoso refresh` opens it here; `dagster dev`, `dagster-daemon` and
`dagster-webserver` started without DAGSTER_HOME get it from `startup_hook`, which scripts/install.sh
registers as a `.pth` line in the venv (Dagster creates its instance before it loads any project code).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from pipelines.core import config

MARKER = "# Kyoso Monitor: written by pipelines/instance.py"
DAGSTER_YAML = f"""{MARKER} (replaced when the project changes it; delete this line to keep your edits)
run_queue:
  # one run at a time: every run writes the one DuckDB warehouse (kyoso refresh also waits its turn,
  # on the refresh lock); a run started by `kyoso refresh` counts too
  max_concurrent_runs: 1
  dequeue_interval_seconds: 1
run_monitoring:
  enabled: true
  start_timeout_seconds: 180
  poll_interval_seconds: 5
telemetry:
  enabled: false
"""
DAGSTER_COMMANDS = {"dagster", "dagster-daemon", "dagster-webserver"}
SENSOR_LOOP_SECONDS = 1


def dagster_home() -> Path:
    return Path(os.environ.get("DAGSTER_HOME") or config.data_dir() / "dagster_home").resolve()


def ensure_dagster_home() -> Path:
    """Create the home and write the project's dagster.yaml (unless someone else wrote one there)."""
    home = dagster_home()
    home.mkdir(parents=True, exist_ok=True)
    path = home / "dagster.yaml"
    existing = path.read_text(encoding="utf-8") if path.exists() else None
    if existing is None or (existing.startswith(MARKER) and existing != DAGSTER_YAML):
        partial = path.with_name(f".dagster.yaml.{os.getpid()}.tmp")
        partial.write_text(DAGSTER_YAML, encoding="utf-8")
        os.replace(partial, path)
    return home


def open_instance():
    """The persistent instance, without touching this process's environment."""
    from dagster import DagsterInstance
    from dagster._core.instance.ref import InstanceRef

    return DagsterInstance.from_ref(InstanceRef.from_dir(str(ensure_dagster_home())))


def startup_hook() -> None:
    """For Dagster's own commands: DAGSTER_HOME defaults to the project's home, before Dagster reads it;
    in the daemon, the sensor loop is shortened."""
    if sys.argv and Path(sys.argv[0]).name in DAGSTER_COMMANDS:
        os.environ["DAGSTER_HOME"] = str(ensure_dagster_home())
    if is_daemon(sys.argv, getattr(sys, "orig_argv", [])):
        shorten_sensor_loop()


def is_daemon(argv: list[str], orig_argv: list[str]) -> bool:
    """`dagster-daemon run`, or `python -m dagster._daemon run` as `dagster dev` starts it."""
    return (bool(argv) and Path(argv[0]).name == "dagster-daemon") or orig_argv[1:3] == ["-m", "dagster._daemon"]


def shorten_sensor_loop() -> None:
    """Dagster's sensor daemon looks at the sensors every 5 s (MIN_INTERVAL_LOOP_TIME, a module constant
    it reads at each turn), so an upload waited 2.5 s on average before the register sensor (2 s interval)
    even ran: an eighth of the 20 s an upload may take to reach the dashboards. A turn that evaluates no
    sensor only reads the sensors' state."""
    from dagster._daemon import sensor

    sensor.MIN_INTERVAL_LOOP_TIME = SENSOR_LOOP_SECONDS
