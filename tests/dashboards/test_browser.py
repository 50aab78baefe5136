"""The server side of links followed inside the session (dashboards/browser.py): which messages it takes, and
that the browser always hears back."""

from __future__ import annotations

import pytest

from dashboards.browser import BrowserWindow


def _window(navigate) -> tuple[BrowserWindow, list]:
    sent: list = []
    window = BrowserWindow(navigate)
    window._send_msg = sent.append
    return window, sent


def test_a_link_is_received_at_once_then_shown():
    followed: list[str] = []
    window, sent = _window(followed.append)
    window._handle_msg({"search": "?page=definitions&pref=01", "number": 4})
    assert followed == ["?page=definitions&pref=01"]
    assert sent == [{"received": 4}, {"shown": 4}]


@pytest.mark.parametrize("message", ["?page=x", {"search": "?page=x"}, {"search": 1, "number": 2},
                                     {"search": "?page=x", "number": "2"}, None])
def test_other_messages_are_ignored(message):
    followed: list[str] = []
    window, sent = _window(followed.append)
    window._handle_msg(message)
    assert followed == [] and sent == []


def test_the_browser_stops_waiting_when_the_page_fails_to_build():
    def fail(search: str) -> None:
        raise RuntimeError("the page failed")

    window, sent = _window(fail)
    with pytest.raises(RuntimeError):
        window._show_link("?page=prefecture", 3)
    assert sent == [{"shown": 3}]
