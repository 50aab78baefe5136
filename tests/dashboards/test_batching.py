"""A table's new columns, and a layout's new children, join the session's document by themselves, exactly as
Bokeh's own recompute would."""

from __future__ import annotations

import panel as pn
import polars as pl
from bokeh.document import Document
from bokeh.document.models import DocumentModelManager
from bokeh.models import TableColumn
from panel.io.state import set_curdoc

from dashboards.catalog import Catalog
from dashboards.components.batching import batched, set_objects, show_only
from dashboards.components.tables import TableBlock


def _rendered_block(doc: Document) -> TableBlock:
    frame = pl.DataFrame({"prefecture_code": ["31", "32"], "share": [0.25, 0.5]})
    block = TableBlock(frame, "t", Catalog(pl.DataFrame()), "ja", titles={"share": "割合"}, units={"share": "ratio"})
    doc.add_root(pn.Column(block.layout, pn.pane.Markdown("他の部品")).get_root(doc))
    return block


def _columns(doc: Document) -> list[TableColumn]:
    return [model for model in doc.models if isinstance(model, TableColumn)]


def test_new_columns_are_attached_and_old_ones_dropped_as_a_full_recompute_would():
    doc = Document()
    with set_curdoc(doc):
        block = _rendered_block(doc)
        old_columns = _columns(doc)
        doc.models.flush_synced()  # the browser has the page
        with batched():
            block.update(pl.DataFrame({"prefecture_code": ["31", "32"], "members": [3, 1234]}), "t2",
                         titles={"members": "会員数"}, units={"members": "count"})
        ours = {model.id for model in doc.models}
        new_columns = _columns(doc)
        doc.models.recompute()
        assert {model.id for model in doc.models} == ours
    assert sorted(column.field for column in new_columns) == ["members", "prefecture_code"]
    assert [column.title for column in new_columns if column.field == "members"] == ["会員数"]
    assert all(column.document is None for column in old_columns)
    # not yet in the browser: the change sends them in full
    assert not set(new_columns) & doc.models.synced_references


def test_each_update_builds_the_columns_once(monkeypatch):
    doc = Document()
    with set_curdoc(doc):
        block = _rendered_block(doc)
        (table,) = [model for model, _ in block.grid._models.values()]
        builds = []
        build = pn.widgets.Tabulator._get_columns
        monkeypatch.setattr(pn.widgets.Tabulator, "_get_columns", lambda grid: builds.append(1) or build(grid))
        with batched():  # a count where a ratio was: the same fields, another number format
            block.update(pl.DataFrame({"prefecture_code": ["31", "32"], "share": [3.0, 4.0]}), "t",
                         units={"share": "count"})
        (share,) = [column for column in table.columns if column.field == "share"]
        assert share.formatter.format != "0.0%" and share.document is doc
        assert len(builds) == 1
        with batched():  # another indicator: new field, title and format
            block.update(pl.DataFrame({"prefecture_code": ["31", "32"], "rate": [0.1, 0.2]}), "t",
                         titles={"rate": "率"}, units={"rate": "ratio"})
        assert len(builds) == 2
    (rate,) = [column for column in table.columns if column.field == "rate"]
    assert (rate.title, rate.formatter.format, rate.document) == ("率", "0.0%", doc)


def _page() -> pn.Column:
    frame = pl.DataFrame({"prefecture_code": ["31"], "share": [0.25]})
    block = TableBlock(frame, "p", Catalog(pl.DataFrame()), "ja", titles={"share": "割合"}, units={"share": "ratio"})
    period = pn.widgets.Select(name="期間", options=["a", "b"])
    return pn.Column(pn.pane.Markdown("## 新しいページ"), block.layout, period)


def _recomputes(monkeypatch) -> list[int]:
    calls = []
    recompute = DocumentModelManager.recompute
    monkeypatch.setattr(DocumentModelManager, "recompute", lambda models: calls.append(1) or recompute(models))
    return calls


def test_a_child_added_joins_the_document_without_walking_the_whole_graph(monkeypatch):
    doc = Document()
    with set_curdoc(doc):
        first = pn.pane.Markdown("最初のページ")
        content = pn.Column(first)
        doc.add_root(content.get_root(doc))
        doc.models.flush_synced()
        calls = _recomputes(monkeypatch)
        with batched():
            set_objects(content, [first, _page()])
        assert calls == []
        ours = {model.id for model in doc.models}
        names = {model.name: model.id for model in doc.models if model.name}
        new = set(doc.models) - doc.models.synced_references
        doc.models.recompute()
        assert {model.id for model in doc.models} == ours
        assert {model.name: model.id for model in doc.models if model.name} == names
    assert any(isinstance(model, TableColumn) for model in new)  # the new page's table, sent in full
    assert first._models and all(model not in new for model, _ in first._models.values())


def test_a_child_removed_leaves_the_document_by_bokehs_own_walk(monkeypatch):
    doc = Document()
    with set_curdoc(doc):
        kept, page = pn.pane.Markdown("残る"), _page()
        content = pn.Column(kept, page)
        doc.add_root(content.get_root(doc))
        gone = [model for model in doc.models if isinstance(model, TableColumn)]
        calls = _recomputes(monkeypatch)
        with batched():
            set_objects(content, [kept])
        assert calls == [1]
    assert gone and all(column.document is None for column in gone)


def test_a_view_switching_between_its_children_hides_them_without_walking_the_graph(monkeypatch):
    doc = Document()
    with set_curdoc(doc):
        nothing, table = pn.pane.Markdown("データがありません"), _page()
        view = pn.Column(nothing)
        doc.add_root(view.get_root(doc))
        calls = _recomputes(monkeypatch)
        for shown in ([table], [nothing], [table]):
            with batched():
                show_only(view, shown)
        assert calls == []
        assert list(view.objects) == [table, nothing]
        assert (table.visible, nothing.visible) == (True, False)
        ours = {model.id for model in doc.models}
        doc.models.recompute()
        assert {model.id for model in doc.models} == ours
