"""A browser stand-in for the dashboards: one real Bokeh-server session over HTTP and the websocket.

What a browser does, minus rendering: GET the page (the server builds the session), open the websocket with the
page's session token, pull the document, say the document is ready (Panel's on-load callbacks run then), then
change widgets the way BokehJS does (a PATCH-DOC message with the new property value, or a button event).
The session keeps an index of the document's models (type, attributes, parent) from the pulled document and
from every patch the server sends, so it can find the widgets of the page now shown by their CSS classes.

The time of an interaction is from sending the change until the last message of the server's answer: the
server acknowledges the change (OK), runs the callbacks, and sends one or more patches; the answer is over when
no message has come for `QUIET_S` after the first patch that is more than a receipt (a component may
acknowledge a message at once, before the real answer: `dashboards.browser`).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from tornado.httpclient import AsyncHTTPClient, HTTPRequest
from tornado.websocket import websocket_connect

QUIET_S = 0.5
ANSWER_TIMEOUT_S = 60.0
OPTIONAL_ANSWER_S = 1.0  # document_ready: on-load callbacks answer at once, if the app has any
MAX_MESSAGE = 1 << 30
_TOKEN = re.compile(r'"token"\s*:\s*"([^"]+)"')
_HIDDEN_INPUT = re.compile(r"<input[^>]*type=[\"']hidden[\"'][^>]*>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"(name|value)=[\"']([^\"']*)[\"']")
_ids = itertools.count(1)
AsyncHTTPClient.configure(None, max_clients=64)  # (default 10) every simulated browser fetches its page at once
_trusted: dict[str, str] = {}  # {"ca_certs": file} once `trust` was called


def trust(certificate: Path) -> None:
    """Accept https servers whose certificate is this one (a deployment's self-signed certificate)."""
    _trusted["ca_certs"] = str(certificate)


def _plain(value):
    """A value as Bokeh serialized it (dicts as {"type": "map", "entries": [...]}) in plain Python."""
    if isinstance(value, dict) and value.get("type") == "map":
        return {key: _plain(item) for key, item in value.get("entries", [])}
    return value


def _event_content(model_id: str | None, name: str, data: dict | None) -> dict:
    entries = ([["model", {"id": model_id}]] if model_id else []) + ([["data", data]] if data is not None else [])
    values = {"type": "map", "entries": entries}
    return {"events": [{"kind": "MessageSent", "msg_type": "bokeh_event",
                        "msg_data": {"type": "event", "name": name, "values": values}}]}


class SessionError(RuntimeError):
    """The server refused or broke the session, or did not answer an interaction in time."""


@dataclass
class Model:
    name: str
    attributes: dict = field(default_factory=dict)
    parent: str | None = None


def _cookie_header(jar: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in jar.items())


def _store_cookies(jar: dict[str, str], headers) -> None:
    for line in headers.get_list("Set-Cookie"):
        name, _, rest = line.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]


class Session:
    """One dashboard session of one (simulated) browser."""

    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")
        self.cookies: dict[str, str] = {}
        self.models: dict[str, Model] = {}
        self.connection = None
        self.server_errors: list[str] = []
        self.messages: list[tuple[float, dict]] = []  # (when received, data) of every component message
        self._pending: dict[str, asyncio.Future] = {}
        self.last_message = 0.0
        self._first_patch_at: float | None = None
        self._patched = asyncio.Event()
        self.first_answer_s: float | None = None
        self.complete_s: float | None = None  # until a page's parts below its first screen were all made
        self._reader: asyncio.Task | None = None

    # -- HTTP -----------------------------------------------------------------------------------------
    async def _http(self, path: str, method: str = "GET", body: str | None = None) -> str:
        request = HTTPRequest(f"{self.base_url}{path}", method=method, body=body, follow_redirects=False,
                              headers={"Cookie": _cookie_header(self.cookies)} if self.cookies else {},
                              request_timeout=120, **_trusted)
        response = await AsyncHTTPClient().fetch(request, raise_error=False)
        _store_cookies(self.cookies, response.headers)
        if response.code >= 400:
            raise SessionError(f"{method} {path}: HTTP {response.code}")
        return response.body.decode("utf-8", errors="replace")

    async def log_in(self, user: str, password: str) -> None:
        """Through the login form, with whatever hidden fields (e.g. a CSRF token) it carries."""
        form = await self._http("/login")
        fields = {}
        for tag in _HIDDEN_INPUT.findall(form):
            found = dict(_ATTRIBUTE.findall(tag))
            if "name" in found:
                fields[found["name"]] = found.get("value", "")
        fields |= {"username": user, "password": password}
        await self._http("/login", method="POST", body=urllib.parse.urlencode(fields))
        if "user" not in self.cookies:
            raise SessionError(f"login as {user} refused")

    # -- session --------------------------------------------------------------------------------------
    async def open(self, query: str = "") -> float:
        """GET the page, connect, pull the document, send document_ready and wait for the server's answer.
        Seconds from the GET until the last message of that answer (or the document, if nothing followed)."""
        started = time.perf_counter()
        page = await self._http(f"/{query}")
        token = _TOKEN.search(page)
        if token is None:
            raise SessionError("no session token in the page")
        ws_url = self.base_url.replace("http", "ws", 1) + "/ws" + query  # as BokehJS does
        # as patient as a browser: under load the server may take longer than tornado's default 20 s to answer
        request = HTTPRequest(ws_url, headers={"Cookie": _cookie_header(self.cookies)} if self.cookies else {},
                              connect_timeout=ANSWER_TIMEOUT_S, request_timeout=ANSWER_TIMEOUT_S, **_trusted)
        self.connection = await websocket_connect(request, subprotocols=["bokeh", token.group(1)],
                                                  max_message_size=MAX_MESSAGE)
        self.connection.protocol.set_nodelay(True)  # as browsers do
        ack = await self._read_message()
        if ack is None or ack[0]["msgtype"] != "ACK":
            raise SessionError(f"expected ACK, got {ack and ack[0]}")
        reply = await self._request("PULL-DOC-REQ", {})
        self.last_message = time.perf_counter()
        self._index(reply["doc"]["roots"], None)
        self._reader = asyncio.create_task(self._read_forever())
        await self.event(None, "document_ready", patch_wait_s=OPTIONAL_ANSWER_S)
        return self.last_message - started

    async def close(self) -> None:
        if self._reader:
            self._reader.cancel()
        if self.connection:
            self.connection.close()

    # -- interactions ---------------------------------------------------------------------------------
    async def change(self, model_id: str, attr: str, value, *, extra: dict | None = None,
                     patch_wait_s: float | None = None) -> float:
        """Set one property (and optionally others in the same message) as BokehJS does; seconds until answered."""
        events = [{"kind": "ModelChanged", "model": {"id": model_id}, "attr": name, "new": new}
                  for name, new in {attr: value, **(extra or {})}.items()]
        for event in events:
            self.models[model_id].attributes[event["attr"]] = event["new"]
        return await self._interact({"events": events}, patch_wait_s)

    async def event(self, model_id: str | None, name: str, patch_wait_s: float | None = None,
                    data: dict | None = None) -> float:
        """A UI event (button_click on a model, document_ready, or a component's message with `data`)."""
        return await self._interact(_event_content(model_id, name, data), patch_wait_s)

    async def message(self, model_id: str, data: dict) -> None:
        """A component script's message to the server (`model.send_msg`), sent without waiting for the server
        to take it, as BokehJS does; its answer, if any, arrives in `messages`."""
        await self._send("PATCH-DOC", _event_content(model_id, "data_event", data))

    async def _interact(self, content: dict, patch_wait_s: float | None = None) -> float:
        """Send a change; wait for the server's patches (required unless `patch_wait_s` bounds the wait).
        Also keeps `first_answer_s`: seconds until the first patch (None if none came)."""
        self._first_patch_at = None
        self._patched.clear()
        started = time.perf_counter()
        await self._request("PATCH-DOC", content)
        if patch_wait_s != 0:
            try:
                await asyncio.wait_for(self._patched.wait(), patch_wait_s or ANSWER_TIMEOUT_S)
            except TimeoutError:
                if patch_wait_s is None:
                    raise SessionError("no answer from the server") from None
        while (remaining := QUIET_S - (time.perf_counter() - self.last_message)) > 0:
            await asyncio.sleep(remaining)
        self.first_answer_s = self._first_patch_at - started if self._first_patch_at else None
        self.complete_s = max(self.last_message - started, 0.0)
        return self.complete_s

    async def wait_until(self, condition, timeout_s: float, poll_s: float = 0.05) -> float:
        """Wait until `condition(session)` holds (checked every `poll_s`); seconds waited."""
        started = time.perf_counter()
        while not condition(self):
            if time.perf_counter() - started > timeout_s:
                raise SessionError("the awaited change never arrived")
            await asyncio.sleep(poll_s)
        return time.perf_counter() - started

    # -- the model index ------------------------------------------------------------------------------
    def find(self, css_class: str, visible_only: bool = True) -> list[str]:
        return [model_id for model_id, model in self.models.items()
                if css_class in (model.attributes.get("css_classes") or [])
                and (not visible_only or self.visible(model_id))]

    def visible(self, model_id: str) -> bool:
        seen = set()
        while model_id is not None and model_id not in seen:
            seen.add(model_id)
            model = self.models.get(model_id)
            if model is None or model.attributes.get("visible", True) is False:
                return False
            model_id = model.parent
        return True

    def _index(self, node, parent: str | None) -> str | None:
        """Record every model object inside `node` with its parent; return the id if `node` is a model."""
        if isinstance(node, list):
            for item in node:
                self._index(item, parent)
            return None
        if not isinstance(node, dict):
            return None
        if node.get("type") == "object" and "id" in node:
            model = self.models.setdefault(node["id"], Model(node.get("name", "")))
            model.parent = parent if parent is not None else model.parent
            attributes = node.get("attributes", {})
            model.attributes.update(attributes)
            self._index(list(attributes.values()), node["id"])
            return node["id"]
        if set(node) == {"id"} and parent is not None and node["id"] in self.models:
            self.models[node["id"]].parent = parent
            return node["id"]
        self._index(list(node.values()), parent)
        return None

    @staticmethod
    def _component_messages(content: dict) -> list[dict]:
        """What components sent to their browser script (Panel's `_send_msg`) in this patch."""
        found = []
        for event in content.get("events", []):
            values = (event.get("msg_data") or {}).get("values") if event.get("kind") == "MessageSent" else None
            data = _plain(values).get("data") if isinstance(values, dict) else None
            if isinstance(data, dict):
                found.append(data)
        return found

    def _only_receipt(self, content: dict) -> bool:
        """A patch that only acknowledges a message (sent at once, before the real answer)."""
        events, sent = content.get("events", []), self._component_messages(content)
        return bool(events) and len(sent) == len(events) and all(set(data) == {"received"} for data in sent)

    def _apply(self, content: dict) -> None:
        for event in content.get("events", []):
            kind = event.get("kind")
            if kind == "ModelChanged":
                model_id = event["model"]["id"]
                model = self.models.setdefault(model_id, Model(""))
                model.attributes[event["attr"]] = event["new"]
                self._index(event["new"], model_id)
            elif kind == "RootAdded":
                self._index(event["model"], None)

    # -- the protocol ---------------------------------------------------------------------------------
    async def _send(self, msgtype: str, content: dict) -> str:
        msgid = f"bench{next(_ids)}"
        await self.connection.write_message(json.dumps({"msgid": msgid, "msgtype": msgtype}))
        await self.connection.write_message("{}")
        await self.connection.write_message(json.dumps(content, ensure_ascii=False))
        return msgid

    async def _request(self, msgtype: str, content: dict) -> dict:
        """Send and wait for the reply that names this message (`reqid`)."""
        msgid = await self._send(msgtype, content)
        if self._reader is None:  # before the reader runs (opening): read inline
            while True:
                message = await self._read_message()
                if message is None:
                    raise SessionError("connection closed")
                if message[0].get("reqid") == msgid:
                    return self._check(message)
        future = asyncio.get_running_loop().create_future()
        self._pending[msgid] = future
        return self._check(await asyncio.wait_for(future, ANSWER_TIMEOUT_S))

    def _check(self, message: tuple[dict, dict]) -> dict:
        header, content = message
        if header["msgtype"] == "ERROR":
            raise SessionError(f"server error: {content.get('text', content)}")
        return content

    async def _read_message(self) -> tuple[dict, dict] | None:
        """One Bokeh message: header, metadata, content, then (header, payload) per binary buffer."""
        frames = []
        for _ in range(3):
            frame = await self.connection.read_message()
            if frame is None:
                return None
            frames.append(frame)
        header, content = json.loads(frames[0]), json.loads(frames[2])
        for _ in range(2 * header.get("num_buffers", 0)):
            if await self.connection.read_message() is None:
                return None
        return header, content

    async def _read_forever(self) -> None:
        while True:
            message = await self._read_message()
            if message is None:
                for future in self._pending.values():
                    if not future.done():
                        future.set_exception(SessionError("connection closed"))
                return
            self.last_message = time.perf_counter()
            header, content = message
            if header["msgtype"] == "PATCH-DOC":
                self.messages.extend((self.last_message, data) for data in self._component_messages(content))
                if not self._only_receipt(content):
                    self._first_patch_at = self._first_patch_at or self.last_message
                    self._patched.set()
                self._apply(content)
            elif header["msgtype"] == "ERROR":
                self.server_errors.append(str(content.get("text", content))[:300])
            future = self._pending.pop(header.get("reqid"), None)
            if future is not None and not future.done():
                future.set_result(message)
