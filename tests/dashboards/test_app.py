"""The session's document as the server builds it (Panel's own `_eval_panel` around `session_document`)."""

from bokeh.document import Document
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
