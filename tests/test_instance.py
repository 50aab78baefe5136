"""pipelines/instance.py: which processes the start-up hook changes."""

from __future__ import annotations

import pytest
from dagster._daemon import sensor

from pipelines.instance import SENSOR_LOOP_SECONDS, is_daemon, shorten_sensor_loop


@pytest.mark.parametrize(("argv", "orig_argv", "daemon"), [
    (["/venv/bin/dagster-daemon", "run"], ["/venv/bin/python", "/venv/bin/dagster-daemon", "run"], True),
    (["-m", "run"], ["/venv/bin/python", "-m", "dagster._daemon", "run", "--log-level", "info"], True),
    (["/venv/bin/dagster", "dev"], ["/venv/bin/python", "/venv/bin/dagster", "dev"], False),
    (["-m", "start"], ["/venv/bin/python", "-m", "dagster", "code-server", "start"], False),
    (["-c"], ["/venv/bin/python", "-c", "import dagster._daemon"], False),
    ([], [], False),
])
def test_only_the_daemon_is_recognised(argv, orig_argv, daemon):
    assert is_daemon(argv, orig_argv) is daemon


def test_the_sensor_loop_is_shortened(monkeypatch):
    monkeypatch.setattr(sensor, "MIN_INTERVAL_LOOP_TIME", 5)
    shorten_sensor_loop()
    assert sensor.MIN_INTERVAL_LOOP_TIME == SENSOR_LOOP_SECONDS == 1
