"""One update of a session: its events sent together, Bokeh's model graph recomputed at most once."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import panel as pn
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

    Bokeh recomputes the whole graph (all pages a session keeps, ~50 ms) on every change of a property that
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
    models = getattr(pn.state.curdoc, "models", None)
    deferred = vars(models).get("invalidate") if models is not None else None
    if not isinstance(deferred, _Deferred):
        yield
        return
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
    """Replace a layout's children (if they differ), letting new components join the document at once."""
    if list(layout.objects) != list(objects):
        with attaching():
            layout.objects = objects


@contextmanager
def batched() -> Iterator[None]:
    """One update of the session: its events are sent together, the model graph is recomputed at most once."""
    doc = pn.state.curdoc
    with hold(doc), _one_recompute(doc):
        yield
