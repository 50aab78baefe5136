"""`python -m pipelines.warehouse.dbt_child`: dbt never outlives the process that started it, even when that process
died before the child could ask the kernel to watch it."""

from __future__ import annotations

import os
import subprocess
import sys

from pipelines.warehouse.dbt_child import PARENT_PID_ENV


def _run_child(parent_pid: int) -> subprocess.CompletedProcess:
    env = {**os.environ, PARENT_PID_ENV: str(parent_pid)}
    return subprocess.run([sys.executable, "-m", "pipelines.warehouse.dbt_child", "--help"],
                          env=env, capture_output=True, text=True, timeout=120)


def test_the_child_runs_dbt_for_a_living_parent():
    completed = _run_child(os.getpid())  # this test process is the child's parent
    assert completed.returncode == 0
    assert "Usage: dbt" in completed.stdout  # dbt --help ran


def test_the_child_refuses_to_start_dbt_when_its_parent_is_already_gone():
    # the pid the starting process wrote is not the child's parent: that process died and the child was
    # re-parented before it could set PR_SET_PDEATHSIG
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    completed = _run_child(gone.pid)
    assert completed.returncode == 1
    assert "Usage: dbt" not in completed.stdout
