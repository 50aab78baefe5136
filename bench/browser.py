"""What an analyst and a prefecture officer do in the dashboards, through `bench.wsclient` sessions.

Pages are links that the browser follows inside its session (`dashboards.browser`): a click sends the link's
query to the server, which answers with a receipt at once and says when the page is shown. The widgets are
found by the CSS classes the pages give them (`period-select`, …); a choice is always a value other than the
current one, so every interaction changes what the page shows.
"""

from __future__ import annotations

import base64
import html
import itertools
import random
import re
import time
import urllib.parse
from pathlib import Path

from bench.wsclient import Session, SessionError
from dashboards.pages.upload_file import CHUNK_BYTES, WINDOW

DATA_PAGES = ("overview", "prefecture", "municipalities", "submissions", "definitions")
SELECTS = {  # page → the choices an analyst changes there: (what, CSS class of its widget)
    "overview": (("period", "period-select"), ("indicator", "indicator-select")),
    "prefecture": (("prefecture", "prefecture-select"), ("period", "period-select"), ("indicator", "indicator-select")),
    "municipalities": (("period", "period-select"), ("indicator", "indicator-select")),
    "submissions": (("form", "form-select"),),
    "definitions": (),
}
UPLOAD_TIMEOUT_S = 600.0
LINK_TIMEOUT_S = 120.0
_clicks = itertools.count(1)
_uploads = itertools.count(1)


def _option_values(options: list) -> list[str]:
    return [option if isinstance(option, str) else option[0] for option in options or []]


def _only(session: Session, css_class: str) -> str:
    found = session.find(css_class)
    if not found:
        raise SessionError(f"no visible widget .{css_class}")
    return found[0]


def _page_link(session: Session, page: str) -> str:
    """The href of the navigation's link to `page`, as the page shows it."""
    text = html.unescape(str(session.models[_only(session, "page-nav")].attributes.get("text", "")))
    for escaped in re.findall(r"<a class='page-link[^']*' href='([^']*)'", text):
        href = html.unescape(escaped)
        if ("page", page) in urllib.parse.parse_qsl(urllib.parse.urlsplit(href).query):
            return href
    raise SessionError(f"no link to the page {page}")


async def open_page(session: Session, page: str) -> float:
    """A click on the navigation's link to `page`; seconds until the server said the page is shown (its first
    screen). Also keeps `complete_s`: seconds until the parts below the first screen are made too."""
    number = next(_clicks)
    sent = time.perf_counter()
    await session.event(_only(session, "browser-window"), "data_event", patch_wait_s=0.0,
                        data={"search": _page_link(session, page), "number": number})
    await session.wait_until(lambda s: any(data.get("shown") == number for _, data in s.messages), LINK_TIMEOUT_S)
    receipt = next((when for when, data in session.messages if data.get("received") == number), None)
    session.first_answer_s = receipt - sent if receipt else None
    shown = next(when for when, data in session.messages if data.get("shown") == number) - sent
    await session.wait_until(lambda s: not s.find("part-loading"), LINK_TIMEOUT_S, poll_s=0.01)
    session.complete_s = max(shown, session.last_message - sent)  # the message that made the last part
    return shown


async def choose(session: Session, css_class: str, rng: random.Random) -> float:
    """Pick another value in the visible selector (a drop-down, or a group of buttons) of this class."""
    widget = _only(session, css_class)
    attributes = session.models[widget].attributes
    if "labels" in attributes:  # buttons: the active one is an index
        others = [i for i in range(len(attributes["labels"])) if i != attributes.get("active", 0)]
        return await session.change(widget, "active", rng.choice(others))
    choices = [value for value in _option_values(attributes.get("options")) if value != attributes.get("value")]
    if not choices:
        raise SessionError(f"nothing else to choose in .{css_class}")
    return await session.change(widget, "value", rng.choice(choices))


async def step(session: Session, page: str, rng: random.Random) -> tuple[Session, str, str, float]:
    """One interaction of the mix: half the time another page, otherwise another value on this page.
    Returns (the session now shown, new page, interaction kind, seconds)."""
    choices = SELECTS[page]
    if choices and rng.random() < 0.5:
        what, css_class = rng.choice(choices)
        return session, page, f"{page}:switch_{what}", await choose(session, css_class, rng)
    target = rng.choice([p for p in DATA_PAGES if p != page])
    return session, target, f"open_page:{target}", await open_page(session, target)


async def _send_file(session: Session, file_input: str, name: str, content: bytes) -> None:
    """As the upload page's script does (`dashboards/pages/upload_file.py`): declare the file, then send it in
    chunks, at most WINDOW of them not yet answered, then say it is complete."""
    upload = next(_uploads)

    def answered(seq: int) -> dict | None:
        return next((data for _, data in session.messages
                     if data.get("upload") == upload and data.get("seq") == seq), None)

    async def answer(seq: int) -> None:
        await session.wait_until(lambda _: answered(seq) is not None, UPLOAD_TIMEOUT_S, poll_s=0.005)
        if answered(seq).get("refused"):
            raise SessionError("the upload page refused the file")

    await session.message(file_input, {"upload": upload, "seq": 0, "begin": {"name": name, "size": len(content)}})
    await answer(0)
    offsets = range(0, len(content), CHUNK_BYTES)
    for seq, offset in enumerate(offsets, start=1):
        if seq > WINDOW:
            await answer(seq - WINDOW)
        chunk = base64.b64encode(content[offset:offset + CHUNK_BYTES]).decode("ascii")
        await session.message(file_input, {"upload": upload, "seq": seq, "offset": offset, "data": chunk})
    for seq in range(max(1, len(offsets) - WINDOW + 1), len(offsets) + 1):
        await answer(seq)
    await session.message(file_input, {"upload": upload, "seq": len(offsets) + 1, "end": True})
    await answer(len(offsets) + 1)


OUTCOMES = ("accepted", "rejected", "duplicate", "error")  # the classes of the upload page's outcome message


def _outcome(session: Session) -> str | None:
    """The outcome shown in the page's result pane (not its progress message), if any."""
    found = session.find("upload-result", visible_only=False)
    text = str(session.models[found[0]].attributes.get("text", "")) if found else ""
    return next((kind for kind in OUTCOMES if f"upload-{kind}" in text), None)


async def upload(base_url: str, user: str, password: str, path: Path) -> dict:
    """Log in, open the upload page, choose the file, press 「検証して提出」, wait for the outcome.

    Returns the outcome (the class of the page's message: accepted, rejected, duplicate or error; the page's
    progress message meanwhile does not count) and the times:
    transfer (file into the page), validation (button until the outcome is shown) and the moment shown
    (time.perf_counter() and time.time())."""
    session = Session(base_url)
    try:
        await session.log_in(user, password)
        await session.open("?page=upload")
        content = path.read_bytes()
        file_input, button = _only(session, "upload-file"), _only(session, "upload-submit")
        started = time.perf_counter()
        await _send_file(session, file_input, path.name, content)
        transfer_s = time.perf_counter() - started
        if _outcome(session) is not None:
            raise SessionError("the upload page shows an outcome before anything was submitted")
        pressed = time.perf_counter()
        await session.event(button, "button_click", patch_wait_s=0.0)
        await session.wait_until(lambda s: _outcome(s) is not None, UPLOAD_TIMEOUT_S)
        shown, shown_wall = time.perf_counter(), time.time()
        return {"outcome": _outcome(session), "bytes": len(content), "transfer_s": transfer_s,
                "validation_s": shown - pressed, "shown_at": shown, "shown_wall": shown_wall}
    finally:
        await session.close()
