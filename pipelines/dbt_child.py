"""`python -m pipelines.dbt_child <dbt args>`: run the venv's dbt, bound to the life of its parent.

dagster-dbt starts `dbt build` as a plain child process. If the run worker or `kyoso refresh` is killed
(SIGKILL leaves no chance to clean up), that child would go on writing the warehouse with nobody
reading its output. Linux's PR_SET_PDEATHSIG makes the kernel kill it the moment its parent dies; the
setting survives the exec into dbt.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from pathlib import Path

PR_SET_PDEATHSIG = 1


def main() -> None:
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
        if os.getppid() != parent:  # the parent died before the kernel could watch it
            sys.exit(1)
    dbt = Path(sys.executable).with_name("dbt")
    os.execv(dbt, [str(dbt), *sys.argv[1:]])


if __name__ == "__main__":
    main()
