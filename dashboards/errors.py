"""Unexpected errors: the page gets a short bilingual message with an error id; the traceback goes to the
server log only (never a server path or a stack on the page)."""

from __future__ import annotations

import logging
import secrets
import weakref

import panel as pn

logger = logging.getLogger("kyoso.dashboards")
_message_sinks: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # Bokeh document → show(html)


def log_exception(error: BaseException, context: str) -> str:
    """Log the traceback under a new short error id and return the id."""
    error_id = secrets.token_hex(4).upper()
    logger.error("error id %s (%s): %s", error_id, context, type(error).__name__, exc_info=error)
    return error_id


def message_html(error_id: str) -> str:
    return ("<div class='app-error' role='alert'><b>予期しないエラーが発生しました。</b>"
            f"お手数ですが、エラーID <code>{error_id}</code> を添えて担当者にお知らせください。<br>"
            "<b>An unexpected error occurred.</b> "
            f"Please report error ID <code>{error_id}</code> to the administrator.</div>")


def error_view(error_id: str) -> pn.pane.HTML:
    return pn.pane.HTML(message_html(error_id), sizing_mode="stretch_width")


def show_messages_in(doc, show) -> None:
    """Where errors of this session's callbacks are shown (`show` takes the message HTML)."""
    if doc is not None:
        _message_sinks[doc] = show


def handle_callback_error(error: BaseException) -> None:
    """pn.config.exception_handler: an interaction failed; log it and tell the session, with the id."""
    error_id = log_exception(error, "callback")
    show = _message_sinks.get(pn.state.curdoc)
    if show is not None:
        show(message_html(error_id))
