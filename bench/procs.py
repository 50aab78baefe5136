"""Run a command and measure wall time, CPU time and the peak RSS of its whole process tree (from /proc)."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")
TICK = os.sysconf("SC_CLK_TCK")


def _table() -> dict[int, tuple[int, int, float]]:
    """pid → (ppid, rss bytes, cpu seconds) of every process now."""
    out = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        out[int(entry.name)] = (int(fields[1]), int(fields[21]) * PAGE, (int(fields[11]) + int(fields[12])) / TICK)
    return out


def tree(root: int, table: dict) -> list[int]:
    children: dict[int, list[int]] = {}
    for pid, (ppid, _, _) in table.items():
        children.setdefault(ppid, []).append(pid)
    found, stack = [], [root]
    while stack:
        pid = stack.pop()
        if pid in table:
            found.append(pid)
        stack.extend(children.get(pid, []))
    return found


def tree_rss(root: int) -> int:
    table = _table()
    return sum(table[pid][1] for pid in tree(root, table))


def vm_hwm_mb(pid: int) -> float:
    """Peak RSS of one process (VmHWM) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class Measured:
    wall_s: float
    peak_tree_rss_mb: float
    returncode: int
    output: str


def run(command: list[str], env: dict, cwd: Path, log: Path, sample_s: float = 0.1) -> Measured:
    """Wall time, and the peak of the summed RSS of the process and all its descendants, sampled."""
    peak = 0
    with open(log, "ab") as out:
        out.write(f"\n$ {' '.join(command)}\n".encode())
        out.flush()
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        done = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, tree_rss(process.pid))
                done.wait(sample_s)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        returncode = process.wait()
        wall = time.perf_counter() - started
        done.set()
        sampler.join()
    tail = log.read_bytes()[-4000:].decode(errors="replace")
    return Measured(wall, peak / 2**20, returncode, tail)
