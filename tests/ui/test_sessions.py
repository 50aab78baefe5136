"""Sessions through the real server: CSRF on the login form, the session version (reset, disable, role
change), the idle timeout, and failed logins throttled per client address rather than per account."""

from __future__ import annotations

import http.cookiejar
import os
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from conftest import REPO, start_server

from dashboards.app import stylesheet_url
from pipelines.portal import accounts

STRANGER, OFFICE = "203.0.113.9", "198.51.100.7"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A cookie-keeping HTTP client that does not follow redirects (so each answer can be checked)."""

    def __init__(self, base: str, address: str | None = None):
        self.base, self.jar = base, http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)
        self.headers = {"X-Forwarded-For": address} if address else {}

    def request(self, path: str, form: dict | None = None) -> tuple[int, str, str]:
        """(status, Location header, body)."""
        body = urllib.parse.urlencode(form).encode() if form is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=self.headers)
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.headers.get("Location", ""), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", ""), error.read().decode(errors="replace")

    def login_form_token(self) -> str:
        status, _, page = self.request("login")
        assert status == 200
        return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)

    def log_in(self, name: str, password: str) -> tuple[int, str]:
        status, location, _ = self.request("login", {"username": name, "password": password,
                                                     "csrf_token": self.login_form_token()})
        return status, location

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.jar if c.name == name), None)


@pytest.fixture(scope="module")
def secured(tmp_path_factory):
    """A login-only server (no snapshot needed) trusting X-Forwarded-For, with a 5-second idle limit."""
    root = tmp_path_factory.mktemp("sessions")
    env = {"KYOSO_RAW_DIR": str(root / "raw"), "KYOSO_DATA_DIR": str(root / "data")}
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    officer, password = accounts.add_account("tokyo.officer", "prefecture", "13", actor="test")
    url, stop = start_server(root / "data", root / "server.log", KYOSO_REQUIRE_LOGIN="1", KYOSO_BEHIND_PROXY="1",
                             KYOSO_SESSION_IDLE_MIN=str(5 / 60), **env)
    yield {"url": url, "name": officer.name, "password": password, "log": root / "server.log"}
    stop()
    for name, value in saved.items():
        os.environ.pop(name, None) if value is None else os.environ.__setitem__(name, value)


def _fresh_password(secured) -> str:
    secured["password"] = accounts.reset_password(secured["name"], actor="operator:test")
    return secured["password"]


def test_login_without_or_with_a_foreign_csrf_token_is_refused(secured):
    browser = Browser(secured["url"], "192.0.2.10")
    status, _, page = browser.request("login", {"username": secured["name"], "password": secured["password"]})
    assert status == 403 and "The form expired or was not sent by this site" in page
    other = Browser(secured["url"], "192.0.2.10")
    status, _, _ = browser.request("login", {"username": secured["name"], "password": secured["password"],
                                             "csrf_token": other.login_form_token()})
    assert status == 403
    assert browser.cookie("user") is None
    assert browser.log_in(secured["name"], secured["password"]) == (302, "/?page=upload")  # officers land on upload


def test_password_reset_ends_open_sessions(secured):
    browser = Browser(secured["url"], "192.0.2.11")
    assert browser.log_in(secured["name"], secured["password"])[0] == 302
    assert browser.request("?page=overview")[0] == 200
    old_cookies = [(c.name, c.value) for c in browser.jar]
    new_password = _fresh_password(secured)
    status, location, _ = browser.request("?page=overview")
    assert status == 302 and location.startswith("./login")  # the old cookie is refused
    replay = Browser(secured["url"], "192.0.2.11")
    replay.headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in old_cookies)
    assert replay.request("?page=overview")[0] == 302  # also when the cookie is replayed as it was
    assert browser.log_in(secured["name"], new_password)[0] == 302
    assert browser.request("?page=overview")[0] == 200


def test_role_change_and_disable_end_open_sessions(secured):
    browser = Browser(secured["url"], "192.0.2.12")
    assert browser.log_in(secured["name"], secured["password"])[0] == 302
    accounts.change_role(secured["name"], "prefecture", "14", actor="operator:test")
    assert browser.request("?page=overview")[0] == 302
    accounts.change_role(secured["name"], "prefecture", "13", actor="operator:test")
    assert browser.log_in(secured["name"], secured["password"])[0] == 302
    assert browser.request("?page=overview")[0] == 200


def test_idle_session_ends(secured):
    browser = Browser(secured["url"], "192.0.2.13")
    assert browser.log_in(secured["name"], secured["password"])[0] == 302
    time.sleep(3)
    assert browser.request("?page=overview")[0] == 200  # a request restarts the idle clock …
    time.sleep(3)
    assert browser.request("?page=overview")[0] == 200
    time.sleep(6)
    assert browser.request("?page=overview")[0] == 302  # … 5 s without one ends the session


def test_five_wrong_passwords_throttle_that_address_only(secured):
    stranger, officer = Browser(secured["url"], STRANGER), Browser(secured["url"], OFFICE)
    for _ in range(5):
        status, location = stranger.log_in(secured["name"], "guess")
        assert status == 302 and "error=" in location
    status, location = stranger.log_in(secured["name"], secured["password"])
    assert "error=" in location  # the right password, but from the throttled address
    assert stranger.cookie("user") is None
    assert officer.log_in(secured["name"], secured["password"]) == (302, "/?page=upload")  # officers land on upload
    assert officer.request("?page=overview")[0] == 200


def test_a_page_asked_for_during_a_login_is_answered_before_the_password_check_ends(secured):
    """The password check (scrypt, then the user table's locked write) runs beside the server's event loop:
    while one officer's login is being checked, the process still answers everyone else."""
    password = _fresh_password(secured)
    # the stored hash's own cost parameters are used to check it: these make one check take about a second
    slow_hash = accounts.hash_password(password, params={"n": 2**14, "r": 8, "p": 32})
    with accounts._locked_users() as users:
        users[secured["name"]]["password"] = slow_hash
    officer, other = Browser(secured["url"], "192.0.2.20"), Browser(secured["url"], "192.0.2.21")
    form = {"username": secured["name"], "password": password, "csrf_token": officer.login_form_token()}
    finished: list[str] = []

    def log_in() -> None:
        status, location, _ = officer.request("login", form)
        finished.append(f"login {status} {location}")

    login = threading.Thread(target=log_in)
    login.start()
    time.sleep(0.3)  # the login is being checked now
    status, _, _ = other.request("login")
    finished.append(f"page {status}")
    login.join(timeout=60)
    assert finished == ["page 200", "login 302 /?page=upload"]
    _fresh_password(secured)


def test_the_stylesheet_is_served_to_a_logged_in_user_like_the_pages(secured):
    """Where every page needs a login, so does the app's stylesheet; once logged in the browser gets it."""
    browser = Browser(secured["url"], "192.0.2.14")
    path = stylesheet_url().lstrip("/")
    status, location, _ = browser.request(path)
    assert status == 302 and "login" in location
    assert browser.log_in(secured["name"], secured["password"])[0] == 302
    status, _, css = browser.request(path)
    assert status == 200
    assert css == (REPO / "dashboards" / "static" / "style.css").read_text(encoding="utf-8")
