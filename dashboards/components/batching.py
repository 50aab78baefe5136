"""One update of a session: its events sent together, Bokeh's model graph recomputed at most once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import panel as pn
import param
from bokeh.models import CellEditor, CellFormatter, TableColumn
from panel.io.document import hold


class _Deferred:
    """Stands in for `doc.models.invalidate` during a batch: remembers that the model graph changed."""

    def __init__(self):
        self.dirty = False

    def __call__(self) -> None:
        self.dirty = True


@contextmanager
def _one_recompute(doc) -> Iterator[None]:
    """Recompute the document's model graph once at the end, and only if an update attached or detached models.

    Bokeh recomputes the whole graph (all pages a session keeps: 1,300–1,800 models, 0.2–0.5 s on the 2-core
    VM once a few pages are open) on every change of a property that
    holds models (new table columns, a tick formatter), and `freeze()` recomputes on exit even when nothing
    changed; most updates here change data, titles and visibility only. Where Panel makes new models (a page,
    a table made on first show) `attaching` lifts the deferral, as Panel needs them in the document at once."""
    models = getattr(doc, "models", None)
    if models is None or getattr(models, "_freeze_count", 1) or "invalidate" in vars(models):
        yield  # no document, or an outer batch already defers the recompute
        return
    deferred = models.invalidate = _Deferred()
    models._push_freeze()
    try:
        yield
    finally:
        del models.invalidate
        models._freeze_count -= 1
        if deferred.dirty and models._freeze_count == 0:
            models.recompute()


@contextmanager
def attaching() -> Iterator[None]:
    """Around changes that make new Panel components render (layout children, a pane's object): the models
    join the document right away, as without a batch (their stylesheets are resolved against it)."""
    deferred = _deferral()
    if deferred is None:
        yield
        return
    models = pn.state.curdoc.models
    del models.invalidate
    models._freeze_count -= 1
    if deferred.dirty and models._freeze_count == 0:
        models.recompute()
        deferred.dirty = False
    try:
        yield
    finally:
        models._freeze_count += 1
        models.invalidate = deferred


def set_objects(layout, objects: list) -> None:
    """Replace a layout's children (if they differ), letting new components join the document at once.

    When children are only added (a page's first opening adds it to the shell's content), their models join
    the document by themselves instead of by Bokeh's walk of the session's whole model graph (~60 ms with
    five pages open on the 2-core VM, most of a small page's first opening). A child removed may leave the
    graph, which only the walk can tell."""
    if list(layout.objects) == list(objects):
        return
    deferred = _deferral()
    removed = any(all(child is not kept for kept in objects) for child in layout.objects)
    if deferred is None or removed:
        with attaching():
            layout.objects = objects
        return
    doc = pn.state.curdoc
    was_dirty = deferred.dirty
    layout.objects = objects
    deferred.dirty = was_dirty
    for model, _ in layout._models.values():
        if model.document is doc:
            for child in model.children:
                if child.document is None:
                    _attach(doc, child.references())


def show_only(layout, shown: list) -> None:
    """Show `shown`, in this order, and hide the layout's other children, which stay in it for the next time.

    For a view that switches between components it keeps (its table; a note that there is nothing to show): a
    child removed from a layout makes Bokeh walk the session's whole model graph (60–110 ms once a few pages
    are open: a third of the prefecture profile's switches, from a prefecture with changes to one without),
    a hidden child does not."""
    hidden = [child for child in layout.objects if all(child is not kept for kept in shown)]
    for child in shown:
        child.visible = True
    for child in hidden:
        child.visible = False
    set_objects(layout, [*shown, *hidden])


def _deferral() -> _Deferred | None:
    models = getattr(pn.state.curdoc, "models", None)
    deferred = vars(models).get("invalidate") if models is not None else None
    return deferred if isinstance(deferred, _Deferred) else None


def _attach(doc, new_models) -> None:
    """Attach models to the document as `DocumentModelManager.recompute` does: sent in full with the change."""
    models = doc.models
    for model in new_models:
        if model.document is None:
            model._attach_document(doc)
            models._models[model.id] = model
            if model.name is not None:
                models._models_by_name.add_value(model.name, model)
            models._new_models.add(model)


@contextmanager
def batched() -> Iterator[None]:
    """One update of the session: its events are sent together, the model graph is recomputed at most once."""
    doc = pn.state.curdoc
    with hold(doc), _one_recompute(doc):
        yield


# the models Panel makes for each column of a table (formatters and editors are cloned per column): no other
# model refers to them, so the ones a table stops using leave the document with it
_COLUMN_PARTS = (TableColumn, CellEditor, CellFormatter)


def update_table(grid: pn.widgets.Tabulator, value, **column_changes) -> None:
    """Put `value` (a pandas frame) in the table, with new `titles`, `formatters` or `editors` if given.

    Panel builds the table's column models anew for each of those changes (three times for a new indicator);
    here they are set silently and the columns built once. Bokeh would then re-walk the session's whole model
    graph (1,300–1,800 models once a few pages are open: 0.2–0.5 s) to find the new column models: they are
    attached to the document here by themselves, as `DocumentModelManager.recompute` would."""
    if not column_changes:
        grid.value = value
        return
    doc = pn.state.curdoc
    deferred = _deferral()
    tables = [model for model, _ in grid._models.values() if model.document is doc]
    attach_here = deferred is not None and bool(tables)  # otherwise Bokeh recomputes the graph itself
    before = _column_models(tables) if attach_here else set()
    was_dirty = attach_here and deferred.dirty
    same_fields = list(value.columns) == list(grid.value.columns)
    with param.parameterized.discard_events(grid):
        grid.param.update(**column_changes)
    grid.value = value  # builds the columns when the fields change
    if same_fields:
        grid.param.trigger("formatters")  # builds the columns (and follows the formatters' own changes)
    if not attach_here:
        return
    deferred.dirty = was_dirty
    after = _column_models(tables)
    _attach(doc, after - before)
    models = doc.models
    for model in before - after:
        if isinstance(model, _COLUMN_PARTS) and model.document is doc:
            models._seen_model_ids.add(model.id)
            model._detach_document()
            del models._models[model.id]


def _column_models(tables: list) -> set:
    return {model for table in tables for column in table.columns for model in column.references()}
