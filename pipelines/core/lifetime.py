"""A child process that ends with its parent: Linux's PR_SET_PDEATHSIG, kept across exec.

Used by dbt under a run worker (pipelines/warehouse/dbt_child.py), by the forked workers of `kyoso serve
--num-procs N` and by the upload page's validation workers, so that killing the parent — SIGKILL included,
which leaves it no chance to clean up — never leaves orphans writing the warehouse or holding the port."""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def end_with_parent(signal_number: int = signal.SIGKILL, expected_parent: int | None = None) -> bool:
    """Ask the kernel to send `signal_number` when the parent dies. False when the parent is already
    gone (re-parented: not `expected_parent`), in which case the caller should exit."""
    parent = expected_parent or os.getppid()
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal_number, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")
    return os.getppid() == parent
