"""Login through Panel's authentication hooks: a bilingual login page and a signed session cookie.

Passwords are checked by `pipelines.accounts.authenticate` (scrypt hashes, lock-out after repeated
failures, every attempt audited). Without KYOSO_REQUIRE_LOGIN the dashboards stay open to guests and
only the upload page asks for a login; with it, every page does.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import panel as pn
import tornado.escape
from jinja2 import Template
from panel.auth import BasicAuthProvider, BasicLoginHandler, LogoutHandler
from panel.io.state import state

from dashboards.data import GUEST_AUDIENCE, Audience
from pipelines import accounts, audit, config

GUEST = "guest"
LOGIN_TEMPLATE = Path(__file__).with_name("login.html")


def login_required() -> bool:
    return os.environ.get("KYOSO_REQUIRE_LOGIN", "").lower() in {"1", "true", "yes"}


def cookie_secret() -> str:
    """KYOSO_COOKIE_SECRET, else a random secret kept (owner-only) in the data folder across restarts."""
    if os.environ.get("KYOSO_COOKIE_SECRET"):
        return os.environ["KYOSO_COOKIE_SECRET"]
    path = config.data_dir() / "cookie_secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def current_account() -> accounts.Account | None:
    """The logged-in account of this browser session, as stored now (None for guests)."""
    user = state.user
    if not user or user == GUEST or state.cookies.get("is_guest"):
        return None
    return accounts.get_account(user)


def current_audience() -> Audience:
    """Whose submission details this session may see (SPEC §4.5): none for guests and disabled accounts."""
    account = current_account()
    if account is None or account.disabled:
        return GUEST_AUDIENCE
    return Audience(account.role, account.prefecture_code)


def _same_site_path(url: str | None) -> str:
    """Only redirect within this site after login (no open redirect to another host)."""
    if not url or not url.startswith("/") or url.startswith("//") or "\\" in url:
        return "/"
    return url


class KyosoLoginHandler(BasicLoginHandler):
    _login_template = Template(LOGIN_TEMPLATE.read_text(encoding="utf-8"))

    def _validate(self, username: str, password: str) -> bool:
        return accounts.authenticate(username, password) is not None

    def post(self):
        username = self.get_argument("username", "")
        if self._validate(username, self.get_argument("password", "")):
            self.set_current_user(username)
            self.redirect(_same_site_path(self.get_cookie("next_url", "/")))
            return
        message = (
            "ユーザー名またはパスワードが違います（続けて失敗するとしばらくログインできません） / "
            "Wrong user name or password (repeated failures lock the account for a while)"
        )
        self.redirect(f"{self._login_endpoint}?error={tornado.escape.url_escape(message)}")


class KyosoLogoutHandler(LogoutHandler):
    def get(self):
        user = self.get_secure_cookie("user")
        if user:
            audit.record(user.decode("utf-8"), "logout", outcome="ok")
        super().get()


class KyosoAuthProvider(BasicAuthProvider):
    @property
    def login_handler(self):
        KyosoLoginHandler._login_endpoint = self._login_endpoint
        return KyosoLoginHandler

    @property
    def logout_handler(self):
        KyosoLogoutHandler._login_endpoint = self._login_endpoint
        return KyosoLogoutHandler


def server_options() -> dict:
    """Keyword arguments for pn.serve that install the login page and cookie."""
    pn.config.oauth_optional = not login_required()
    return {"auth_provider": KyosoAuthProvider(), "cookie_secret": cookie_secret()}
