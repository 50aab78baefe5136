"""One session's app built into a Bokeh document, as the server builds it (and as the benchmark does)."""

from __future__ import annotations

import panel as pn
from bokeh.document import Document
from panel.io.state import set_curdoc

from dashboards.app import PAGE_FACTORIES
from dashboards.shell import Shell
from dashboards.state import AppState


def build_session(page: str, **state) -> tuple[Document, Shell]:
    doc = Document()
    with set_curdoc(doc):
        shell = Shell(PAGE_FACTORIES, state=AppState(page=page, **state))
        doc.add_root(pn.panel(shell).get_root(doc))
    return doc, shell
