"""Browser-test fixtures: the pipeline-built demo snapshot, the Panel server in a subprocess, Debian chromium."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def pytest_configure(config):
    from playwright.sync_api import expect

    # a page's first build in a session takes seconds on a loaded 2-core machine: links are followed inside the
    # session, so a click returns at once and the check itself must wait for the page
    expect.set_options(timeout=30_000)


def pytest_collection_modifyitems(items):
    for item in items:
        if Path(str(item.fspath)).parent == Path(__file__).parent:
            item.add_marker(pytest.mark.ui)


@pytest.fixture(scope="session")
def data_dir(demo_system) -> Path:
    """KYOSO_DATA_DIR of the demo system: the snapshot the real pipeline published."""
    return demo_system.data_dir


@pytest.fixture(scope="session")
def published_snapshot(data_dir) -> Path:
    return data_dir / "published" / "kyoso.duckdb"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(data_dir: Path, log_path: Path, *options: str, with_process: bool = False, port: int | None = None,
                 **environment: str):
    """Start `kyoso serve [options]` on a loopback port (a free one unless given) for KYOSO_DATA_DIR=data_dir;
    returns (url, stop) (and the server's process with `with_process`)."""
    port = port or _free_port()
    env = {**os.environ, "KYOSO_DATA_DIR": str(data_dir), "PYTHONPATH": str(REPO), **environment}
    log = open(log_path, "wb")  # noqa: SIM115 - closed by stop()
    process = subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "serve", "--port", str(port), *options],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 180
    while True:
        try:
            with urllib.request.urlopen(url, timeout=60) as response:  # a loaded machine builds slowly
                if response.status == 200:
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError(log_path.read_text(errors="replace")) from None
            time.sleep(0.3)

    def stop() -> None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a loaded CI machine: do not leave it serving into the next module
            process.kill()
            process.wait(timeout=30)
        log.close()

    return (url, stop, process) if with_process else (url, stop)


@pytest.fixture(scope="session")
def server(demo_system, published_snapshot) -> str:
    """Base URL of a dashboard server reading the demo snapshot (127.0.0.1 only)."""
    url, stop = start_server(demo_system.data_dir, demo_system.data_dir / "server.log",
                             KYOSO_RAW_DIR=str(demo_system.raw_dir))
    yield url
    stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh tab that records console errors and page errors in `page.console_errors`."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True, locale="ja-JP")
    tab = context.new_page()
    tab.console_errors = []
    tab.on("console", lambda message: message.type == "error" and tab.console_errors.append(message.text))
    tab.on("pageerror", lambda error: tab.console_errors.append(str(error)))
    yield tab
    context.close()


def open_dashboard(page, server: str, query: str) -> None:
    """Load a URL and wait until the page content is rendered and the websocket settled."""
    page.goto(server + query)
    page.wait_for_load_state("networkidle")
    page.locator(".app-header").wait_for()
    page.wait_for_timeout(800)


# Panel renders every component in a shadow root, which `inner_text()` of the body does not enter.
_SHADOW_TEXT = """() => {
    const parts = [];
    const walk = (node) => {
        if (node.nodeType === Node.TEXT_NODE) parts.push(node.textContent);
        if (node.nodeType === Node.ELEMENT_NODE) {
            if (node.tagName === "STYLE" || node.tagName === "SCRIPT") return;
            for (const name of ["title", "aria-label", "value"]) {
                if (node.getAttribute(name)) parts.push(node.getAttribute(name));
            }
        }
        if (node.shadowRoot) walk(node.shadowRoot);
        node.childNodes.forEach(walk);
    };
    walk(document.body);
    return parts.join("\\n");
}"""


def visible_text(page) -> str:
    """Every text node and title/aria-label/value attribute of the page, shadow roots included."""
    return page.evaluate(_SHADOW_TEXT)


# the same walk for element queries and the focus: every element in document order, a shadow root's right after its host
_DEEP = """const deepAll = (selector, root = document) => [...root.querySelectorAll('*')].flatMap((node) =>
        [...(node.matches(selector) ? [node] : []), ...(node.shadowRoot ? deepAll(selector, node.shadowRoot) : [])]);
    const deepFocus = () => { let e = document.activeElement;
        while (e && e.shadowRoot && e.shadowRoot.activeElement) { e = e.shadowRoot.activeElement; }
        return e; };"""


def through_shadow_roots(function: str) -> str:
    """A page function (for `evaluate` or `wait_for_function`, taking at most one argument) that may call
    `deepAll(selector)`, the matching elements inside shadow roots too, and `deepFocus()`, the focused one."""
    return f"(arg) => {{ {_DEEP}\n    return ({function})(arg); }}"


_DOCUMENT_DATA = """() => {
    const parts = [];
    const add = (value, depth) => {
        if (value == null || depth > 4) return;
        if (typeof value === "string" || typeof value === "number") parts.push(String(value));
        else if (Array.isArray(value) || ArrayBuffer.isView(value)) value.forEach((v) => add(v, depth + 1));
        else if (value instanceof Map) value.forEach((v) => add(v, depth + 1));
    };
    for (const doc of Bokeh.documents) {
        for (const model of doc.all_models) {
            for (const property of Object.values(model.properties)) {
                try { add(property.get_value(), 0); } catch (error) { /* unset property */ }
            }
        }
    }
    return parts.join("\\n");
}"""


def header_background(page) -> str:
    """The app header's computed background colour: the accent colour only when the app's stylesheet reached
    the page (its rules paint the header, a Panel HTML pane, inside its shadow root)."""
    return page.locator(".app-header").evaluate("element => getComputedStyle(element).backgroundColor")


def document_data(page) -> str:
    """Every string and number in the page's Bokeh models: table rows, chart sources (what tooltips show),
    texts, including parts not on screen."""
    return page.evaluate(_DOCUMENT_DATA)


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path

