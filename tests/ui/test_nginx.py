"""The documented nginx configuration (docs/deploy.md, used verbatim but for host, ports and certificate) in
front of two `kyoso serve` processes: TLS, websocket upgrade, sticky and balanced routing (also past a process
that is down); an officer logs in through it, uploads a file and sees the dashboards."""

from __future__ import annotations

import os
import shutil
import ssl
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import REPO, _free_port, header_background, screenshot, start_server
from playwright.sync_api import expect

from bench import proxy
from pipelines.portal import accounts
from tests.builders import platform_rows, write_form_csv

NGINX = str(proxy.NGINX)
TOTTORI = "31"
pytestmark = pytest.mark.skipif(not Path(NGINX).exists(), reason="scripts/install_system.sh installs nginx")


@pytest.fixture(scope="module")
def proxied(demo_system, tmp_path_factory):
    """A copy of the demo system, a Tottori officer, two dashboard processes and nginx in front."""
    root = tmp_path_factory.mktemp("nginx")
    raw, data = root / "raw", root / "data"
    shutil.copytree(demo_system.raw_dir, raw)
    shutil.copytree(demo_system.published.parent, data / "published")
    env = {"KYOSO_RAW_DIR": str(raw), "KYOSO_DATA_DIR": str(data)}
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    password = accounts.add_account("tottori.proxy", "prefecture", TOTTORI, actor="test")[1]
    https_port, http_port = _free_port(), _free_port()

    def start_backend(log_name: str, port: int | None = None):
        return start_server(data, root / log_name, port=port, KYOSO_ALLOWED_ORIGINS=f"localhost:{https_port}",
                            KYOSO_BEHIND_PROXY="1", KYOSO_REQUIRE_LOGIN="1", **env)

    backends = [start_backend(f"serve-{n}.log") for n in (1, 2)]
    ports = tuple(int(url.rsplit(":", 1)[1].strip("/")) for url, _ in backends)
    cert, key = proxy.self_signed_certificate(root)
    conf = proxy.nginx_conf(root, proxy.documented_site(REPO / "docs" / "deploy.md", https_port, http_port, ports,
                                                        cert, key))
    nginx = subprocess.Popen([NGINX, "-e", str(root / "error.log"), "-p", str(root), "-c", str(conf)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    proxy.wait_for_port(https_port, nginx, root / "error.log")
    yield {"url": f"https://localhost:{https_port}/", "password": password, "root": root, "ports": ports,
           "backends": backends, "start_backend": start_backend}
    nginx.terminate()
    nginx.wait(timeout=10)
    for _, stop in backends:
        stop()
    for name, value in saved.items():
        os.environ.pop(name, None) if value is None else os.environ.__setitem__(name, value)


def _get(url: str, route: str | None = None) -> tuple[int, str]:
    """GET through nginx (its self-signed certificate accepted) as a browser with this route cookie, if any:
    the status and the route the answer's cookie names."""
    insecure = ssl.create_default_context()
    insecure.check_hostname, insecure.verify_mode = False, ssl.CERT_NONE
    request = urllib.request.Request(url, headers={"Cookie": f"kyoso_route={route}"} if route else {})
    with urllib.request.urlopen(request, context=insecure, timeout=30) as response:
        cookies = [c for c in response.headers.get_all("Set-Cookie") if c.startswith("kyoso_route=")]
        assert len(cookies) == 1
        return response.status, cookies[0].split(";")[0].removeprefix("kyoso_route=")


def test_new_browsers_are_balanced_and_each_cookie_names_the_process_that_answered(proxied):
    routes = [_get(proxied["url"] + "login") for _ in range(12)]  # fresh clients, one after another
    assert {status for status, _ in routes} == {200}
    assert sorted(route for _, route in routes) == ["d1"] * 6 + ["d2"] * 6
    logged = proxy.routed_requests(proxied["root"] / "access.log")[-12:]
    answered = [upstream.rsplit(":", 1)[1] for _, upstream, _ in logged]
    port_of = dict(zip(("d1", "d2"), map(str, proxied["ports"]), strict=True))
    assert answered == [port_of[route] for _, route in routes]
    for route in ("d1", "d2"):  # a browser with a route stays on its process
        assert [_get(proxied["url"] + "login", route)[1] for _ in range(3)] == [route] * 3


def test_officer_logs_in_uploads_and_sees_the_dashboards_through_nginx(proxied, browser):
    url, root = proxied["url"], proxied["root"]
    # the session's browser (a second Playwright instance cannot start in the same thread)
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url + "?page=upload")
    expect(page.locator("#username")).to_be_visible()  # KYOSO_REQUIRE_LOGIN: the login page first
    page.fill("#username", "tottori.proxy")
    page.fill("#password", proxied["password"])
    page.click("button[type=submit]")
    page.goto(url + "?page=upload")
    expect(page.locator(".signed-in")).to_contain_text("tottori.proxy", timeout=30_000)
    upload = write_form_csv(root / "platform.csv", "platform_status", platform_rows(TOTTORI, 2025, 1, 2))
    page.locator(".upload-file input[type=file]").set_input_files(str(upload))
    page.locator(".upload-submit button").click()
    expect(page.locator(".upload-accepted")).to_contain_text("受理しました", timeout=60_000)
    screenshot(page, "nginx_upload_accepted")
    page.goto(url + f"?page=prefecture&pref={TOTTORI}")
    expect(page.locator(".summary").first).to_contain_text("鳥取県", timeout=30_000)
    assert header_background(page) == "rgb(11, 79, 138)"  # the app's stylesheet came through nginx with the login
    screenshot(page, "nginx_prefecture")
    cookies = {c["name"]: c for c in context.cookies()}
    context.close()
    assert cookies["kyoso_session"]["secure"] and cookies["kyoso_session"]["httpOnly"]  # https seen via the proxy
    route = cookies["kyoso_route"]["value"]
    deadline = time.monotonic() + 15  # nginx logs a websocket when it closes
    while not any(uri.startswith("/ws") and key == route for uri, _, key in proxy.routed_requests(root / "access.log")):
        assert time.monotonic() < deadline, proxy.routed_requests(root / "access.log")
        time.sleep(0.3)
    mine = [(uri, upstream) for uri, upstream, key in proxy.routed_requests(root / "access.log") if key == route]
    assert any(uri.startswith("/ws") for uri, _ in mine)  # the websocket went through nginx …
    assert len({upstream for _, upstream in mine}) == 1  # … to the process that made the page
    assert errors == []


def test_a_browser_whose_process_is_down_is_served_by_the_other(proxied):
    """A restart (docs/deploy.md, upgrade step 4) takes one process down: its browsers reach the other one,
    whose name their cookie then carries, instead of an error page."""
    url, stop = proxied["backends"][1]
    stop()
    try:
        assert _get(proxied["url"] + "login", "d2") == (200, "d1")
        assert _get(proxied["url"] + "login") == (200, "d1")  # a new browser too
    finally:
        proxied["backends"][1] = proxied["start_backend"]("serve-2b.log", port=int(url.rsplit(":", 1)[1].strip("/")))
