"""`kyoso-dbt <dbt args>` (or `python -m pipelines.warehouse.dbt_child`): the venv's dbt, bound to the life of
its parent — the dbt executable that dagster-dbt starts.

dagster-dbt starts `dbt build` as a plain child process. If the run worker or `kyoso refresh` is killed
(SIGKILL leaves no chance to clean up), that child would go on writing the warehouse with nobody
reading its output. Linux's PR_SET_PDEATHSIG makes the kernel kill it the moment its parent dies; the
setting survives the exec into dbt. A parent that dies before the setting is made (between the fork and
`prctl`, a window of a Python start-up, seconds on a loaded machine) is caught by comparing the parent's pid
with the one the parent wrote into the environment (`PARENT_PID_ENV`) before starting dbt.

dagster-dbt asks `<dbt executable> --version` before every command; dbt takes ~4 s to start just to answer.
The answer is the installed dbt-core's version, given here in dbt's words without starting dbt.
"""

from __future__ import annotations

import os
import sys
from importlib.metadata import version
from pathlib import Path

from pipelines.core.lifetime import end_with_parent

PARENT_PID_ENV = "KYOSO_DBT_PARENT_PID"


def bind_to_this_process() -> None:
    """Called by the process that starts dbt, before it starts it (dagster-dbt copies os.environ)."""
    os.environ[PARENT_PID_ENV] = str(os.getpid())


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        print(f"Core:\n  - installed: {version('dbt-core')}")
        return
    expected = int(os.environ.get(PARENT_PID_ENV) or os.getppid())
    if not end_with_parent(expected_parent=expected):  # the parent died before the kernel could watch it
        sys.exit(1)
    dbt = Path(sys.executable).with_name("dbt")
    os.execv(dbt, [str(dbt), *sys.argv[1:]])


if __name__ == "__main__":
    main()
