"""The `kyoso` command line (SPEC §1.3). Thin: it parses arguments and calls the rooms of pipelines/."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from pipelines.portal.cli import add_portal_commands, run_portal_command
from pipelines.portal.cli_submissions import EXIT_OK, EXIT_USAGE, add_submission_commands, run_submission_command
from pipelines.submissions.cli import add_integrity_commands, run_integrity_command


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2, as argparse does, with both languages
        self.print_usage(sys.stderr)
        print(f"使い方の誤り / usage error: {message}", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kyoso", description="Kyoso Monitor (共創モニター)")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    add_submission_commands(commands)

    commands.add_parser("refresh", help="ingest → dbt build → publish, in-process")

    serve = commands.add_parser("serve", help="serve the dashboards (see docs/deploy.md)")
    serve.add_argument("--address", default=os.environ.get("KYOSO_SERVE_ADDRESS", "127.0.0.1"),
                       help="address to bind (env KYOSO_SERVE_ADDRESS; default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=int(os.environ.get("KYOSO_SERVE_PORT", "5006")),
                       help="port (env KYOSO_SERVE_PORT; default 5006)")
    serve.add_argument("--allowed-origin", action="append", metavar="HOST[:PORT]",
                       default=[o for o in os.environ.get("KYOSO_ALLOWED_ORIGINS", "").split(",") if o],
                       help="host the browser sees (the reverse proxy's), repeatable; env KYOSO_ALLOWED_ORIGINS "
                            "(comma-separated)")
    serve.add_argument("--num-procs", type=int, default=int(os.environ.get("KYOSO_NUM_PROCS", "1")),
                       help="worker processes (env KYOSO_NUM_PROCS; default 1)")
    serve.add_argument("--behind-proxy", action="store_true",
                       default=os.environ.get("KYOSO_BEHIND_PROXY", "").lower() in {"1", "true", "yes"},
                       help="trust X-Forwarded-For/-Proto from the reverse proxy (env KYOSO_BEHIND_PROXY=1); "
                            "only when the port is not reachable except through the proxy")

    demo = commands.add_parser("demo-data", help="write a realistic synthetic national data set")
    demo.add_argument("--out", type=Path, required=True)
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--survey-rows", type=int, default=200_000)

    export = commands.add_parser("export", help="write a published table for analysts")
    export.add_argument("table")
    export.add_argument("--format", choices=["csv", "xlsx"], required=True)
    export.add_argument("--out", type=Path, required=True)

    report = commands.add_parser("report", help="the prefecture's quarterly report (.xlsx or .pdf)")
    report.add_argument("--prefecture", required=True, help="e.g. 31, 鳥取県")
    report.add_argument("--period", help="FY2025Q1 (default: the latest published period)")
    report.add_argument("--format", choices=["xlsx", "pdf"], required=True)
    report.add_argument("--out", type=Path, required=True)

    add_portal_commands(commands)
    add_integrity_commands(commands)
    return parser


def _refresh() -> int:
    from pipelines.refresh import run_refresh
    from pipelines.warehouse import status as refresh_status

    published_before = refresh_status.read_status()["published_snapshot_at"]
    if not run_refresh():
        print("更新に失敗しました（前回のスナップショットを維持） / refresh failed")
        return 1
    if refresh_status.read_status()["published_snapshot_at"] == published_before:
        print("変更はありません（公開中のデータは最新です） / nothing changed: the published data are current")
    else:
        print("公開しました / published")
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    from pipelines import export

    try:
        frame = export.read_published_table(args.table)
    except (FileNotFoundError, KeyError) as error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
    data = export.csv_bytes(frame) if args.format == "csv" else export.xlsx_bytes(frame, args.table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"{args.out}: {frame.height} rows")
    return EXIT_OK


def _report(args: argparse.Namespace) -> int:
    from pipelines.core.periods import parse_period
    from pipelines.intake import normalize_prefecture
    from pipelines.report import NoPublishedData, report_bytes

    prefecture = normalize_prefecture(args.prefecture)
    if prefecture is None:
        print(f"都道府県コードが不正です / unknown prefecture: {args.prefecture!r}", file=sys.stderr)
        return EXIT_USAGE
    try:
        period = "FY{}Q{}".format(*parse_period(args.period.strip().upper())) if args.period else None
    except ValueError:
        print(f"期間の形式が不正です（例: FY2025Q1） / not a period (e.g. FY2025Q1): {args.period!r}", file=sys.stderr)
        return EXIT_USAGE
    try:
        data = report_bytes(prefecture, period, args.format)
    except NoPublishedData as missing:
        print(missing, file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(f"{args.out}: 報告書を作成しました / report written ({len(data):,} bytes)")
    return EXIT_OK


def _demo_data(args: argparse.Namespace) -> int:
    from pipelines.demo import generate_demo_data

    manifest = generate_demo_data(args.out, seed=args.seed, survey_rows=args.survey_rows)
    print(manifest)
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from dashboards.app import serve

    if args.num_procs < 1 or not 0 < args.port < 65536:
        print("--num-procs は1以上、--port は1〜65535です / --num-procs must be ≥ 1 and --port 1–65535",
              file=sys.stderr)
        return EXIT_USAGE
    serve(port=args.port, address=args.address, allowed_origins=args.allowed_origin, num_procs=args.num_procs,
          behind_proxy=args.behind_proxy)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = _build_parser().parse_args(argv)
    handlers = {
        "submit": lambda: run_submission_command(args),
        "submit-manifest": lambda: run_submission_command(args),
        "withdraw": lambda: run_submission_command(args),
        "refresh": _refresh,
        "serve": lambda: _serve(args),
        "demo-data": lambda: _demo_data(args),
        "export": lambda: _export(args),
        "report": lambda: _report(args),
        "users": lambda: run_portal_command(args),
        "template": lambda: run_portal_command(args),
        "verify": lambda: run_integrity_command(args),
        "backup": lambda: run_integrity_command(args),
    }
    return handlers[args.command]()


if __name__ == "__main__":
    sys.exit(main())
