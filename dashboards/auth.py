"""Login through Panel's authentication hooks: a bilingual login page and signed session cookies.

Passwords are checked by `pipelines.portal.accounts.authenticate` (scrypt hashes, failed logins throttled per
client address, every attempt audited). Without KYOSO_REQUIRE_LOGIN the dashboards stay open to guests and
only the upload page asks for a login; with it, every page does.

Besides Panel's signed `user` cookie, a signed `kyoso_session` cookie carries the account's session version
and the time of the last request: on every request (and every 30 s in an open page, see the shell) the
session ends when the version changed (password reset, disabled, role changed) or it was idle longer than
KYOSO_SESSION_IDLE_MIN minutes (default 60). The login form carries a CSRF token (double-submit cookie).
"""

from __future__ import annotations

import functools
import hmac
import json
import os
import secrets
import time
from pathlib import Path

import panel as pn
import tornado.escape
import tornado.websocket
from jinja2 import Template
from panel.auth import BasicAuthProvider, BasicLoginHandler, LogoutHandler
from panel.config import config as panel_config
from panel.io.state import state
from tornado.ioloop import IOLoop
from tornado.web import create_signed_value, decode_signed_value

from dashboards.data import GUEST_AUDIENCE, Audience
from pipelines.core import config
from pipelines.portal import service

GUEST = "guest"
LOGIN_TEMPLATE = Path(__file__).with_name("login.html")
SESSION_COOKIE, CSRF_COOKIE = "kyoso_session", "kyoso_login_csrf"
COOKIE_MAX_AGE_DAYS = 1


def idle_minutes() -> float:
    return float(os.environ.get("KYOSO_SESSION_IDLE_MIN", "60"))


def login_required() -> bool:
    return os.environ.get("KYOSO_REQUIRE_LOGIN", "").lower() in {"1", "true", "yes"}


def cookie_secret() -> str:
    """KYOSO_COOKIE_SECRET, else a random secret kept (owner-only) in the data folder across restarts."""
    if os.environ.get("KYOSO_COOKIE_SECRET"):
        return os.environ["KYOSO_COOKIE_SECRET"]
    path = config.data_dir() / "cookie_secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".cookie_secret.{os.getpid()}")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
        try:  # several dashboard processes starting at once: the first link wins, all read the same secret
            os.link(partial, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(partial)
    return path.read_text().strip()


def session_cookie_value(name: str, version: int, now: float | None = None) -> str:
    """The signed `kyoso_session` value for an account's session version, stamped with the time now."""
    payload = json.dumps({"user": name, "v": version, "seen": now or time.time()})
    return create_signed_value(panel_config.cookie_secret, SESSION_COOKIE, payload).decode()


def session_problem(name: str, signed_session: str | None, now: float | None = None,
                    last_activity: float = 0) -> str | None:
    """Why the session of `name` has ended (audit outcome), or None while it is valid. Idle time counts from
    the last request that carried the cookie or, in an open page, its `last_activity`."""
    raw = decode_signed_value(panel_config.cookie_secret, SESSION_COOKIE, signed_session,
                              max_age_days=COOKIE_MAX_AGE_DAYS) if signed_session else None
    session = json.loads(raw) if raw else {}
    if session.get("user") != name:
        return "no_session"
    current = service.session_version(name)
    if current is None:
        return "account_disabled_or_removed"
    if session.get("v") != current:
        return "account_changed"
    if (now or time.time()) - max(session.get("seen", 0), last_activity) > idle_minutes() * 60:
        return "idle_timeout"
    return None


def open_session_problem(last_activity: float) -> str | None:
    """For an open page of a logged-in session: why its session has ended since, or None."""
    user = state.user
    if not user or user == GUEST or state.cookies.get("is_guest"):
        return None
    return session_problem(user, state.cookies.get(SESSION_COOKIE), last_activity=last_activity)


def current_account() -> service.Account | None:
    """The logged-in account of this browser session, as stored now (None for guests and ended sessions)."""
    user = state.user
    if not user or user == GUEST or state.cookies.get("is_guest"):
        return None
    if session_problem(user, state.cookies.get(SESSION_COOKIE)) is not None:
        return None
    return service.get_account(user)


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


def _cookie_options(handler) -> dict:
    """httponly, same-site, and `secure` when the browser came over HTTPS (also behind the proxy)."""
    return {"httponly": True, "samesite": "Lax", "secure": handler.request.protocol == "https",
            "path": panel_config.cookie_path}


class KyosoLoginHandler(BasicLoginHandler):
    _login_template = Template(LOGIN_TEMPLATE.read_text(encoding="utf-8"))

    def get(self):
        next_url = self.get_argument("next", "")
        if next_url:
            self.set_cookie("next_url", _same_site_path(next_url), path=panel_config.cookie_path)
        token = secrets.token_urlsafe(32)
        self.set_secure_cookie(CSRF_COOKIE, token, expires_days=None, **_cookie_options(self))
        self.set_header("Cache-Control", "no-store")
        self.write(self._login_template.render(login_endpoint=self._login_endpoint, csrf_token=token,
                                               errormessage=self.get_argument("error", "")))

    def set_current_user(self, user: str) -> None:
        self.clear_cookie("is_guest", path=panel_config.cookie_path)
        self.set_secure_cookie("user", user, expires_days=COOKIE_MAX_AGE_DAYS, **_cookie_options(self))

    def _csrf_ok(self) -> bool:
        expected = self.get_secure_cookie(CSRF_COOKIE, max_age_days=COOKIE_MAX_AGE_DAYS)
        given = self.get_argument("csrf_token", "")
        return bool(expected and given) and hmac.compare_digest(expected.decode(), given)

    def _back_to_login(self, message: str) -> None:
        self.redirect(f"{self._login_endpoint}?error={tornado.escape.url_escape(message)}")

    async def post(self):
        if not self._csrf_ok():
            self.set_status(403)
            self.write(self._login_template.render(
                login_endpoint=self._login_endpoint, csrf_token="",
                errormessage="フォームの有効期限が切れました。ページを再読み込みしてください / "
                             "The form expired or was not sent by this site: reload the page and try again"))
            return
        username = self.get_argument("username", "")
        # in a thread: the password's scrypt hash and the user table's locked, fsync'd write take 50-200 ms, in
        # which the process's event loop would answer none of its other sessions (hashlib and file I/O release
        # the GIL; every table is behind its own file lock, so threads are as safe as processes)
        account = await IOLoop.current().run_in_executor(None, functools.partial(
            service.authenticate, username, self.get_argument("password", ""), address=self.request.remote_ip))
        if account is None:
            self._back_to_login(
                "ユーザー名またはパスワードが違います（続けて失敗すると、この端末からはしばらくログインできません） / "
                "Wrong user name or password (after repeated failures, logins from this address pause for a while)")
            return
        self.set_current_user(username)
        self.set_cookie(SESSION_COOKIE, session_cookie_value(username, service.session_version(username)),
                        expires_days=COOKIE_MAX_AGE_DAYS, **_cookie_options(self))
        self.clear_cookie(CSRF_COOKIE, path=panel_config.cookie_path)
        target = _same_site_path(self.get_cookie("next_url", "/"))
        if target == "/" and not account.is_ministry:  # a prefecture officer comes to submit data
            target = "/?page=upload"
        self.redirect(target)


class KyosoLogoutHandler(LogoutHandler):
    def get(self):
        user = self.get_secure_cookie("user")
        if user:
            service.record_session(user.decode("utf-8"), "logout", outcome="ok")
        self.clear_cookie(SESSION_COOKIE, path=panel_config.cookie_path)
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

    @property
    def get_user(self):
        """Panel's user from the signed cookie, checked against the session (every HTTP and websocket
        request): an ended session is logged out; a valid one has its idle clock restarted."""
        panel_get_user = super().get_user

        def get_user(handler):
            user = panel_get_user(handler)
            if not user or user == GUEST:
                return user
            problem = session_problem(user, handler.get_cookie(SESSION_COOKIE))
            is_page = not isinstance(handler, tornado.websocket.WebSocketHandler)
            if problem is None:
                if is_page:
                    handler.set_cookie(SESSION_COOKIE, session_cookie_value(user, service.session_version(user)),
                                       expires_days=COOKIE_MAX_AGE_DAYS, **_cookie_options(handler))
                return user
            if is_page:
                service.record_session(user, "session_ended", outcome=problem)
                for name in ("user", "id_token", SESSION_COOKIE):
                    handler.clear_cookie(name, path=panel_config.cookie_path)
            return GUEST if self._allow_guest(handler.request.uri) else None
        return get_user


def server_options() -> dict:
    """Keyword arguments for pn.serve that install the login page and cookie."""
    pn.config.oauth_optional = not login_required()
    return {"auth_provider": KyosoAuthProvider(), "cookie_secret": cookie_secret()}
