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


def _machine_ticks() -> tuple[int, int]:
    """(all, idle) CPU ticks of the machine since boot, over every core."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return sum(fields), fields[3] + fields[4]  # idle + iowait


class CpuSampler:
    """Samples, every `every_s`, the CPU time of some processes, of their descendants and of the whole machine,
    so that one can say afterwards how busy each was between two moments (`time.perf_counter()` values)."""

    def __init__(self, pids: list[int], every_s: float = 0.5):
        self.pids, self.every_s = pids, every_s
        self.samples: list[tuple[float, float, float, int, int]] = []  # (when, own s, descendants s, all, idle)
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> CpuSampler:
        self._thread.start()
        return self

    def __exit__(self, *_) -> None:
        self._done.set()
        self._thread.join()

    def _sample(self) -> None:
        while True:
            table = _table()
            own = sum(table.get(pid, (0, 0, 0.0))[2] for pid in self.pids)
            descendants = sum(table[pid][2] for root in self.pids for pid in tree(root, table) if pid != root)
            self.samples.append((time.perf_counter(), own, descendants, *_machine_ticks()))
            if self._done.wait(self.every_s):
                return

    def shares(self, start: float, end: float) -> dict:
        """Cores used between start and end (the samples around them) by the processes and by their descendants
        (1.0 = one core busy all the time), and the machine's busy fraction (of all its cores)."""
        before = max((s for s in self.samples if s[0] <= start), default=self.samples[0], key=lambda s: s[0])
        after = min((s for s in self.samples if s[0] >= end), default=self.samples[-1], key=lambda s: s[0])
        wall = after[0] - before[0]
        if wall <= 0:
            return {}
        ticks, idle = after[3] - before[3], after[4] - before[4]
        # a descendant that ended before the second sample takes its time along: never below zero
        return {"seconds": wall, "process_cores": (after[1] - before[1]) / wall,
                "descendants_cores": max(0.0, after[2] - before[2]) / wall,
                "machine_busy": 1 - idle / ticks if ticks else 0.0}
