"""Unexpected errors: the page gets a short bilingual message with an error id, the log gets the traceback."""

from __future__ import annotations

import html
import logging
import re

from bokeh.document import Document
from panel.io.state import set_curdoc

from dashboards import app, errors

SECRET_DETAIL = "/srv/kyoso/secret/path.py"


def _texts(doc: Document) -> str:
    return "\n".join(html.unescape(str(getattr(model, "text", ""))) for model in doc.models)


def test_a_session_that_fails_to_build_shows_only_an_error_id(monkeypatch, caplog, tmp_path):
    monkeypatch.setenv("KYOSO_DATA_DIR", str(tmp_path))

    def broken_shell(*args, **kwargs):
        raise RuntimeError(f"failed in {SECRET_DETAIL}")

    monkeypatch.setattr(app, "Shell", broken_shell)
    doc = Document()
    with caplog.at_level(logging.ERROR, logger="kyoso.dashboards"), set_curdoc(doc):
        app.session_document()
    shown = _texts(doc)
    error_id = re.search(r"エラーID <code>([0-9A-F]{8})</code>", shown).group(1)
    assert f"error ID <code>{error_id}</code>" in shown and "An unexpected error occurred" in shown
    assert SECRET_DETAIL not in shown and "Traceback" not in shown and "RuntimeError" not in shown
    logged = next(record for record in caplog.records if error_id in record.getMessage())
    assert logged.exc_info is not None and SECRET_DETAIL in str(logged.exc_info[1])


def test_a_failing_interaction_is_reported_in_its_own_session(caplog):
    doc, other, shown = Document(), Document(), []
    errors.show_messages_in(doc, shown.append)
    errors.show_messages_in(other, lambda message: shown.append(("other", message)))
    with caplog.at_level(logging.ERROR, logger="kyoso.dashboards"), set_curdoc(doc):
        errors.handle_callback_error(ValueError(SECRET_DETAIL))
    assert len(shown) == 1 and SECRET_DETAIL not in shown[0]
    error_id = re.search(r"<code>([0-9A-F]{8})</code>", shown[0]).group(1)
    assert any(error_id in record.getMessage() for record in caplog.records)
