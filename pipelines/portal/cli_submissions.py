"""`kyoso submit`, `kyoso submit-manifest` and `kyoso withdraw` (SPEC §1.3): the same guards, store and audit
as the upload page."""

from __future__ import annotations

import argparse
import csv
import getpass
import json
import sys
from pathlib import Path

from pipelines.core.vocab import REJECTED, STATUS_JA
from pipelines.intake.forms import FORMS

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def add_submission_commands(commands) -> None:
    submit = commands.add_parser("submit", help="validate one file and store it as a submission")
    submit.add_argument("path", type=Path)
    submit.add_argument("--prefecture", required=True, help="e.g. 13, 1, 130001, 東京都")
    submit.add_argument("--form", choices=sorted(FORMS), help="detected from the headers when omitted")
    submit.add_argument("--received-at", help="ISO 8601 (default: now, Asia/Tokyo); for back-filling")
    submit.add_argument("--user", default="", help="who submits")
    submit.add_argument("--note", help="the submitter's explanation (備考), at most 2,000 characters")
    submit.add_argument("--json", action="store_true", help="print the outcome as one JSON object")
    submit.add_argument("--lang", choices=["ja", "en"], default="ja", help="language of the text report")

    withdraw = commands.add_parser("withdraw", help="withdraw an accepted submission (取り下げ)")
    withdraw.add_argument("submission_id")
    withdraw.add_argument("--reason", required=True, help="why it is withdrawn")
    withdraw.add_argument("--user", default="", help="who withdraws (default: the operating-system login)")
    withdraw.add_argument("--json", action="store_true", help="print the outcome as one JSON object")

    batch = commands.add_parser("submit-manifest", help="submit every file listed in a demo-data manifest.csv")
    batch.add_argument("manifest", type=Path)


def run_submission_command(args: argparse.Namespace) -> int:
    handlers = {"submit": _submit, "submit-manifest": _submit_manifest, "withdraw": _withdraw}
    return handlers[args.command](args)


def _submit(args: argparse.Namespace) -> int:
    from pipelines import submissions
    from pipelines.intake import format_report, normalize_prefecture
    from pipelines.portal.service import guarded_submit
    from pipelines.portal.uploads import RejectedUpload, max_cli_upload_bytes

    prefecture = normalize_prefecture(args.prefecture)
    if prefecture is None:
        print(f"都道府県コードが不正です / unknown prefecture: {args.prefecture!r}", file=sys.stderr)
        return EXIT_USAGE
    if not args.path.is_file():
        print(f"ファイルがありません / no such file: {args.path}", file=sys.stderr)
        return EXIT_USAGE
    try:
        received_at = submissions.parse_received_at(args.received_at)
    except ValueError:
        print(f"日時が不正です / not an ISO 8601 time: {args.received_at!r}", file=sys.stderr)
        return EXIT_USAGE
    try:
        submissions.clean_note(args.note)
    except ValueError as error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
    try:
        outcome = guarded_submit(
            args.path,
            args.path.name,
            prefecture,
            actor=operator(args.user),
            action="submit_cli",
            user=args.user,
            max_bytes=max_cli_upload_bytes(),
            form=args.form,
            received_at=received_at,
            note=args.note,
        )
    except RejectedUpload as refused:
        _print_refusal(args, prefecture, refused)
        return EXIT_REJECTED
    if args.json:
        print(json.dumps(outcome.as_json(), ensure_ascii=False))
    else:
        print(_summary_line(outcome, args.lang))
        report = format_report(outcome.result, lang=args.lang)
        if report:
            print(report)
    return EXIT_REJECTED if outcome.submission.outcome == submissions.REJECTED else EXIT_OK


def operator(user: str) -> str:
    """Who acts on the command line, for the audit log: the --user given, and the operating-system login."""
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = "unknown"
    return f"operator:{login}" + (f" ({user})" if user else "")


def _print_refusal(args: argparse.Namespace, prefecture: str, refused) -> None:
    """A file refused by the upload guards: nothing stored, one file-level issue."""
    from pipelines.portal.uploads import display_name

    if not args.json:
        print(f"受け付けできません / refused: {refused.message_ja} / {refused.message_en}")
        return
    issue = {
        "severity": "error",
        "sheet": display_name(args.path.name),
        "row": None,
        "column": None,
        "value": None,
        "rule": refused.rule,
        "message_ja": refused.message_ja,
        "message_en": refused.message_en,
    }
    outcome = {"submission_id": None, "status": "rejected", "form": args.form, "prefecture_code": prefecture}
    print(json.dumps(outcome | {"period": None, "rows": 0, "note": None, "issues": [issue]}, ensure_ascii=False))


def _withdraw(args: argparse.Namespace) -> int:
    from pipelines import submissions
    from pipelines.portal import audit

    actor = operator(args.user)
    try:
        withdrawn = submissions.withdraw(args.submission_id, args.reason, args.user or actor)
    except submissions.SubmissionRefused as refused:
        audit.record(actor, "withdraw_cli", submission_id=args.submission_id, outcome=f"refused:{refused.rule}")
        if args.json:
            body = {"submission_id": args.submission_id, "status": "refused", "rule": refused.rule}
            body |= {"message_ja": refused.message_ja, "message_en": refused.message_en}
            print(json.dumps(body, ensure_ascii=False))
        else:
            print(f"取り下げできません / refused: {refused.message_ja} / {refused.message_en}", file=sys.stderr)
        return EXIT_REJECTED
    audit.record(
        actor,
        "withdraw_cli",
        prefecture=withdrawn.prefecture_code,
        submission_id=withdrawn.submission_id,
        outcome="withdrawn",
        detail=f"reason={withdrawn.withdrawal_reason!r}",
    )
    if args.json:
        fields = ("submission_id", "status", "form", "prefecture_code", "period")
        fields += ("withdrawn_at", "withdrawn_by", "withdrawal_reason")
        print(json.dumps({key: getattr(withdrawn, key) for key in fields}, ensure_ascii=False))
    else:
        print(
            f"取り下げました / withdrawn: {withdrawn.submission_id} 様式={withdrawn.form} "
            f"都道府県={withdrawn.prefecture_code} 期間={withdrawn.period} 理由={withdrawn.withdrawal_reason}"
        )
    return EXIT_OK


def _summary_line(outcome, lang: str) -> str:
    s = outcome.submission
    if lang == "en":
        text = {"accepted": "accepted", "rejected": "rejected", "duplicate": "duplicate (already stored)"}
        line = f"{text[s.outcome]}: {s.submission_id} form={s.form} prefecture={s.prefecture_code} "
        line += f"period={s.period} rows={s.rows} errors={s.errors} warnings={s.warnings}"
        return line + (f" replaces={outcome.replaces}" if outcome.replaces else "")
    text = {
        "accepted": "受理しました",
        "rejected": f"受理できません（{STATUS_JA[REJECTED]}）",
        "duplicate": "同一ファイルが提出済みです",
    }
    line = f"{text[s.outcome]}: 提出ID {s.submission_id} 様式={s.form} 都道府県={s.prefecture_code} "
    line += f"期間={s.period} 行数={s.rows} エラー={s.errors} 警告={s.warnings}"
    return line + (f" 置き換え対象={outcome.replaces}" if outcome.replaces else "")


def _submit_manifest(args: argparse.Namespace) -> int:
    from pipelines import submissions
    from pipelines.portal.service import guarded_submit
    from pipelines.portal.uploads import RejectedUpload, max_cli_upload_bytes

    base = args.manifest.parent
    with open(args.manifest, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    counts: dict[str, int] = {}
    for row in rows:
        path = base / row["file"]
        try:
            outcome = guarded_submit(
                path,
                path.name,
                row["prefecture_code"],
                actor=operator(row.get("user", "")),
                action="submit_cli",
                user=row.get("user", ""),
                max_bytes=max_cli_upload_bytes(),
                form=row.get("form") or None,
                received_at=submissions.parse_received_at(row["received_at"]),
            )
            status = outcome.submission.outcome
        except RejectedUpload:
            status = "refused"
        counts[status] = counts.get(status, 0) + 1
    print(" ".join(f"{status}={count}" for status, count in sorted(counts.items())))
    return EXIT_OK
