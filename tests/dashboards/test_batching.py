"""A table's new columns join the session's document by themselves, exactly as Bokeh's own recompute would."""

from __future__ import annotations

import panel as pn
import polars as pl
from bokeh.document import Document
from bokeh.models import TableColumn
from panel.io.state import set_curdoc

from dashboards.catalog import Catalog
from dashboards.components.batching import batched
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
