"""A table block refills its grid only when it is given other rows, another name or other headers."""

from __future__ import annotations

import polars as pl
from bokeh.document import Document
from panel.io.state import set_curdoc

from dashboards.catalog import Catalog
from dashboards.components import tables
from dashboards.components.tables import TableBlock


def test_the_grid_is_refilled_only_when_something_shown_changed(monkeypatch):
    refills = []
    monkeypatch.setattr(tables, "update_table", lambda grid, frame, **changes: refills.append(frame["n"].tolist()))
    rows = pl.DataFrame({"period": ["FY2025Q1"], "n": [3]})
    with set_curdoc(Document()):
        block = TableBlock(rows, "actors_13", Catalog(pl.DataFrame()), "ja", titles={"n": "件数"})
        block.grid  # noqa: B018 — made, as on screen
        block.update(rows, "actors_13", titles={"n": "件数"})  # what a view's first refresh gives
        assert refills == []
        block.update(rows, "actors_13", sheet="東京都")  # only the downloads' sheet name
        assert refills == []
        block.update(pl.DataFrame({"period": ["FY2025Q1"], "n": [3]}), "actors_13")  # equal rows, a new frame
        block.update(rows, "actors_27")
        block.update(rows, "actors_27", titles={"n": "主体数"})
    assert refills == [[3], [3], [3]]
    assert [button.filename for button in block.buttons] == ["actors_27.csv", "actors_27.xlsx"]
