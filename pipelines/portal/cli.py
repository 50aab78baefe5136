"""`kyoso users add|list|disable|reset-password|set-role` and `kyoso template FORM --prefecture PP --out PATH`.

`pipelines.cli` registers these with `add_portal_commands(subparsers)` and dispatches the `users` and
`template` commands to `run_portal_command(args)`. Generated passwords are printed once, to stdout only.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from pipelines.core.reference import prefectures
from pipelines.intake.codes import normalize_prefecture
from pipelines.intake.forms import FORMS
from pipelines.portal import accounts

PORTAL_COMMANDS = ("users", "template")
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_portal_commands(subparsers: argparse._SubParsersAction) -> None:
    users = subparsers.add_parser("users", help="manage upload-portal accounts")
    actions = users.add_subparsers(dest="users_command", required=True)
    add = actions.add_parser("add", help="create an account and print its initial password once")
    add.add_argument("name")
    add.add_argument("--role", choices=accounts.ROLES, required=True)
    add.add_argument("--prefecture", help="2-digit prefecture code (prefecture accounts only)")
    actions.add_parser("list", help="list accounts (no password data)")
    for action, text in (("disable", "disable an account"), ("reset-password", "print a new password once")):
        actions.add_parser(action, help=text).add_argument("name")
    set_role = actions.add_parser("set-role", help="change an account's role (its open sessions end)")
    set_role.add_argument("name")
    set_role.add_argument("--role", choices=accounts.ROLES, required=True)
    set_role.add_argument("--prefecture", help="2-digit prefecture code (prefecture accounts only)")

    template = subparsers.add_parser("template", help="write the .xlsx template of a form for a prefecture")
    template.add_argument("form", choices=sorted(FORMS))
    template.add_argument("--prefecture", required=True, help="2-digit prefecture code")
    template.add_argument("--out", type=Path, required=True)
    template.add_argument("--fiscal-year", type=int, help="prefill 年度 (e.g. 2025)")
    template.add_argument("--quarter", type=int, choices=[1, 2, 3, 4], help="prefill 四半期")


def _operator() -> str:
    try:
        return f"operator:{getpass.getuser()}"
    except (KeyError, OSError):
        return "operator:unknown"


def _prefecture(text: str | None) -> str | None:
    """'31', '1', '310000' or 鳥取県 → the 2-digit code; anything else is passed on to be refused."""
    return None if text is None else normalize_prefecture(text) or text


def _users(args: argparse.Namespace) -> int:
    if args.users_command == "list":
        for account in accounts.list_accounts():
            state = "無効 / disabled" if account.disabled else "有効 / active"
            print(f"{account.name}\t{account.role}\t{account.prefecture_code or '-'}\t{state}\t{account.created_at}")
        return EXIT_OK
    if args.users_command == "disable":
        accounts.disable_account(args.name, _operator())
        print(f"無効にしました / disabled: {args.name}")
        return EXIT_OK
    if args.users_command == "set-role":
        accounts.change_role(args.name, args.role, _prefecture(args.prefecture), _operator())
        print(f"役割を変更しました（セッションは終了します） / role changed, open sessions ended: {args.name}")
        return EXIT_OK
    if args.users_command == "add":
        account, password = accounts.add_account(args.name, args.role, _prefecture(args.prefecture), _operator())
        print(f"作成しました / created: {account.name} ({account.role} {account.prefecture_code or 'all'})")
    else:
        password = accounts.reset_password(args.name, _operator())
    print(f"パスワード / password: {password}")
    print("この表示限りです。安全な方法で本人に伝えてください / shown only once; hand it over securely")
    return EXIT_OK


def _template(args: argparse.Namespace) -> int:
    from pipelines.portal.templates import write_template

    prefecture = _prefecture(args.prefecture)
    if prefecture not in prefectures():
        print(f"都道府県コードが不正です / unknown prefecture code: {args.prefecture!r}", file=sys.stderr)
        return EXIT_USAGE
    path = write_template(args.form, prefecture, args.out, fiscal_year=args.fiscal_year, quarter=args.quarter)
    print(path)
    return EXIT_OK


def run_portal_command(args: argparse.Namespace) -> int:
    """Exit status: 0 done, 1 no such account, 2 invalid name, role or prefecture, or account already exists."""
    try:
        return _users(args) if args.command == "users" else _template(args)
    except KeyError as error:
        print(error.args[0], file=sys.stderr)
        return EXIT_FAILED
    except ValueError as error:
        print(error, file=sys.stderr)
        return EXIT_USAGE
