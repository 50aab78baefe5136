"""`kyoso verify` and `kyoso backup` (see pipelines.submissions.integrity)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def add_integrity_commands(commands) -> None:
    commands.add_parser("verify", help="re-hash every stored file against the register; exit 1 naming bad files")
    backup = commands.add_parser("backup", help="consistent copy of raw/ (under the register lock), then verified")
    backup.add_argument("--out", type=Path, required=True, help="new folder for the copy (must not exist)")


def _report(label: str) -> int:
    from pipelines.submissions.integrity import verify

    submissions, withdrawals, problems = verify()
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{label}: 不整合 {len(problems)} 件 / {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"{label}: OK — 提出 {submissions} 件、取り下げ記録 {withdrawals} 件を確認しました / "
          f"{submissions} submissions and {withdrawals} withdrawal records agree with the register")
    return 0


def run_integrity_command(args: argparse.Namespace) -> int:
    if args.command == "verify":
        return _report("verify")
    from pipelines.submissions.integrity import backup

    try:
        target = backup(args.out)
    except (FileExistsError, ValueError) as error:
        print(error, file=sys.stderr)
        return 2
    os.environ["KYOSO_RAW_DIR"] = str(target)  # the copy is checked exactly as the original would be
    return _report(f"backup {target}")
