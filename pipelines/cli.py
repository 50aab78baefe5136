"""The `kyoso` command line (SPEC §1.3). Thin: it parses arguments and calls intake, store and refresh."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from pipelines.cli_portal import add_portal_commands, run_portal_command
from pipelines.intake.forms import FORMS

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # usage errors exit 2, as argparse does, with both languages
        self.print_usage(sys.stderr)
        print(f"使い方の誤り / usage error: {message}", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kyoso", description="Kyoso Monitor (共創モニター)")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    submit = commands.add_parser("submit", help="validate one file and store it as a submission")
    submit.add_argument("path", type=Path)
    submit.add_argument("--prefecture", required=True, help="e.g. 13, 1, 130001, 東京都")
    submit.add_argument("--form", choices=sorted(FORMS), help="detected from the headers when omitted")
    submit.add_argument("--received-at", help="ISO 8601 (default: now, Asia/Tokyo); for back-filling")
    submit.add_argument("--user", default="", help="who submits")
    submit.add_argument("--json", action="store_true", help="print the outcome as one JSON object")
    submit.add_argument("--lang", choices=["ja", "en"], default="ja", help="language of the text report")

    batch = commands.add_parser("submit-manifest", help="submit every file listed in a demo-data manifest.csv")
    batch.add_argument("manifest", type=Path)

    commands.add_parser("refresh", help="ingest → dbt build → publish, in-process")

    serve = commands.add_parser("serve", help="serve the dashboards")
    serve.add_argument("--port", type=int, default=5006)
    serve.add_argument("--address", default="127.0.0.1")

    demo = commands.add_parser("demo-data", help="write a realistic synthetic national data set")
    demo.add_argument("--out", type=Path, required=True)
    demo.add_argument("--seed", type=int, default=7)
    demo.add_argument("--survey-rows", type=int, default=200_000)

    export = commands.add_parser("export", help="write a published table for analysts")
    export.add_argument("table")
    export.add_argument("--format", choices=["csv", "xlsx"], required=True)
    export.add_argument("--out", type=Path, required=True)

    add_portal_commands(commands)
    return parser


def _submit(args: argparse.Namespace) -> int:
    from pipelines import store
    from pipelines.intake import format_report, normalize_prefecture

    prefecture = normalize_prefecture(args.prefecture)
    if prefecture is None:
        print(f"都道府県コードが不正です / unknown prefecture: {args.prefecture!r}", file=sys.stderr)
        return EXIT_USAGE
    if not args.path.is_file():
        print(f"ファイルがありません / no such file: {args.path}", file=sys.stderr)
        return EXIT_USAGE
    try:
        received_at = store.parse_received_at(args.received_at)
    except ValueError:
        print(f"日時が不正です / not an ISO 8601 time: {args.received_at!r}", file=sys.stderr)
        return EXIT_USAGE
    outcome = store.submit(args.path, prefecture, form=args.form, received_at=received_at, user=args.user)
    if args.json:
        print(json.dumps(outcome.as_json(), ensure_ascii=False))
    else:
        print(_summary_line(outcome, args.lang))
        report = format_report(outcome.result, lang=args.lang)
        if report:
            print(report)
    return EXIT_REJECTED if outcome.submission.outcome == store.REJECTED else EXIT_OK


def _summary_line(outcome, lang: str) -> str:
    s = outcome.submission
    if lang == "en":
        text = {"accepted": "accepted", "rejected": "rejected", "duplicate": "duplicate (already stored)"}
        line = f"{text[s.outcome]}: {s.submission_id} form={s.form} prefecture={s.prefecture_code} "
        line += f"period={s.period} rows={s.rows} errors={s.errors} warnings={s.warnings}"
        return line + (f" replaces={outcome.replaces}" if outcome.replaces else "")
    text = {
        "accepted": "受理しました",
        "rejected": "受理できません（差し戻し）",
        "duplicate": "同一ファイルが提出済みです",
    }
    line = f"{text[s.outcome]}: 提出ID {s.submission_id} 様式={s.form} 都道府県={s.prefecture_code} "
    line += f"期間={s.period} 行数={s.rows} エラー={s.errors} 警告={s.warnings}"
    return line + (f" 置き換え対象={outcome.replaces}" if outcome.replaces else "")


def _submit_manifest(args: argparse.Namespace) -> int:
    from pipelines import store

    base = args.manifest.parent
    with open(args.manifest, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    counts: dict[str, int] = {}
    for row in rows:
        outcome = store.submit(
            base / row["file"],
            row["prefecture_code"],
            form=row.get("form") or None,
            received_at=store.parse_received_at(row["received_at"]),
            user=row.get("user", ""),
        )
        counts[outcome.submission.outcome] = counts.get(outcome.submission.outcome, 0) + 1
    print(" ".join(f"{status}={count}" for status, count in sorted(counts.items())))
    return EXIT_OK


def _refresh() -> int:
    from pipelines.refresh import run_refresh

    ok = run_refresh()
    print("公開しました / published" if ok else "更新に失敗しました（前回のスナップショットを維持） / refresh failed")
    return EXIT_OK if ok else 1


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


def _demo_data(args: argparse.Namespace) -> int:
    from pipelines.demo import generate_demo_data

    manifest = generate_demo_data(args.out, seed=args.seed, survey_rows=args.survey_rows)
    print(manifest)
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    from dashboards.app import serve

    serve(port=args.port, address=args.address)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    args = _build_parser().parse_args(argv)
    handlers = {
        "submit": lambda: _submit(args),
        "submit-manifest": lambda: _submit_manifest(args),
        "refresh": _refresh,
        "serve": lambda: _serve(args),
        "demo-data": lambda: _demo_data(args),
        "export": lambda: _export(args),
        "users": lambda: run_portal_command(args),
        "template": lambda: run_portal_command(args),
    }
    return handlers[args.command]()


if __name__ == "__main__":
    sys.exit(main())
