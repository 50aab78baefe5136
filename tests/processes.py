"""Looking at processes through /proc (Linux): children of a process, whether one is still alive."""

from __future__ import annotations

from pathlib import Path


def _stat_fields(pid: int | str) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int(_stat_fields(entry.name)[1]) == pid:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def dbt_children(pid: int) -> list[int]:
    found = []
    for child in children(pid):
        try:
            if b"dbt" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.append(child)
        except OSError:
            continue
    return found


def alive(pid: int) -> bool:
    """Running (not gone, not a zombie waiting to be reaped)."""
    try:
        return _stat_fields(pid)[0] != "Z"
    except OSError:
        return False


def describe(pid: int) -> str:
    """One line about a process for a failure message: state, signal masks (blocked, ignored, caught), where
    the kernel has it waiting, and its command line."""
    try:
        status = dict(line.split(":\t", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                      if ":\t" in line)
        wchan = Path(f"/proc/{pid}/wchan").read_text()
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return f"{pid}: gone"
    fields = " ".join(f"{name}={status.get(name, '?').strip()}" for name in ("State", "PPid", "SigBlk", "SigIgn",
                                                                             "SigCgt"))
    return f"{pid}: {fields} wchan={wchan} {command[:120]}"
