"""The session's document as the server builds it (Panel's own `_eval_panel` around `session_document`)."""

import hashlib
from pathlib import Path

from bokeh.document import Document
from bokeh.models import ImportedStyleSheet
from panel.io.application import _eval_panel
from panel.io.state import set_curdoc

from dashboards import app


def test_a_session_is_the_app_only(monkeypatch, tmp_path):
    """Nothing else joins the page: `session_document` returned the Document, which Panel then showed as one
    more root, the text `<bokeh.document.document.Document object at 0x…>` under every page; and no Panel
    Location, whose sync emptied the session's stylesheet cache."""
    monkeypatch.setenv("KYOSO_DATA_DIR", str(tmp_path))
    app.configure()
    doc = Document()
    with set_curdoc(doc):
        built = _eval_panel(app.session_document, None, "共創モニター", True, False, doc)
    assert built is doc
    assert [type(root).__name__ for root in doc.roots] == ["Column"]
    assert not any("Document object" in str(getattr(model, "text", "")) for model in doc.models)


def test_every_model_refers_to_the_stylesheet_by_its_versioned_url(monkeypatch, tmp_path):
    """One stylesheet model per session, named by a URL that changes with the file's content; the CSS text is in
    no model (it went to the browser with every one)."""
    monkeypatch.setenv("KYOSO_DATA_DIR", str(tmp_path))
    app.configure()
    content = (Path(app.__file__).parent / "static" / "style.css").read_bytes()
    url = f"/kyoso-static/style.css?v={hashlib.sha256(content).hexdigest()[:16]}"
    doc = Document()
    with set_curdoc(doc):
        _eval_panel(app.session_document, None, "共創モニター", True, False, doc)
    panes = [model for model in doc.models if getattr(model, "stylesheets", None)]
    assert len(panes) > 5
    for model in panes:
        imported = [sheet for sheet in model.stylesheets if isinstance(sheet, ImportedStyleSheet)]
        assert [sheet.url for sheet in imported if "kyoso-static" in sheet.url] == [url]
        assert not any(isinstance(sheet, str) and ".app-header" in sheet for sheet in model.stylesheets)
    assert len({sheet.id for model in panes for sheet in model.stylesheets
                if isinstance(sheet, ImportedStyleSheet) and sheet.url == url}) == 1
