"""The deployed system as users live in it: the real `dagster dev -w workspace.yaml` (webserver, daemon,
code server) on temporary folders, started WITHOUT DAGSTER_HOME, as scripts/up.sh starts it."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from pipelines.core import config

DAGSTER = Path(sys.executable).with_name("dagster")


def wait_for(condition: Callable[[], object], timeout: float, what: str, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


def published_stage(prefecture: str, period: str = "FY2025Q1") -> int | None:
    """platform_stage of a prefecture in the published snapshot (None before the first publish)."""
    if not config.published_path().exists():
        return None
    con = duckdb.connect(str(config.published_path()), read_only=True)
    try:
        row = con.execute(
            "select platform_stage from mart_prefecture_quarter where prefecture_code = ? and period = ?",
            [prefecture, period],
        ).fetchone()
    finally:
        con.close()
    return row[0] if row else None


@dataclass
class Deployment:
    raw_dir: Path
    data_dir: Path
    log: Path
    process: subprocess.Popen | None = None

    def start(self) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}
        env |= {"KYOSO_RAW_DIR": str(self.raw_dir), "KYOSO_DATA_DIR": str(self.data_dir)}
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [str(DAGSTER), "dev", "-w", "workspace.yaml", "-p", str(port)],
                cwd=config.REPO_ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, so teardown ends all of it
            )

    def stop(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=30)
        with contextlib.suppress(ProcessLookupError):  # whatever did not stop in time
            os.killpg(self.process.pid, signal.SIGKILL)

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


@pytest.fixture(scope="module")
def deployment(tmp_path_factory) -> Iterator[Deployment]:
    root = tmp_path_factory.mktemp("deployed")
    deployment = Deployment(root / "raw", root / "data", root / "dagster-dev.log")
    deployment.raw_dir.mkdir()
    deployment.data_dir.mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KYOSO_RAW_DIR", str(deployment.raw_dir))
        patch.setenv("KYOSO_DATA_DIR", str(deployment.data_dir))
        patch.delenv("DAGSTER_HOME", raising=False)
        try:
            yield deployment
        finally:
            deployment.stop()
