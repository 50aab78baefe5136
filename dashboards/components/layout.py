"""Small layout pieces: headings, notes, rows that wrap on a narrow screen."""

from __future__ import annotations

import html

import panel as pn


def wrapping(*objects, css_class: str = "filters") -> pn.FlexBox:
    """A row that wraps onto the next line on a narrow screen (selectors, side-by-side charts)."""
    return pn.FlexBox(*objects, flex_wrap="wrap", sizing_mode="stretch_width", css_classes=[css_class])


def heading(text: str, level: int = 2) -> pn.pane.HTML:
    return pn.pane.HTML(f"<h{level} class='section-heading'>{html.escape(text)}</h{level}>",
                        sizing_mode="stretch_width", margin=(12, 5, 0, 5))


def note(text: str) -> pn.pane.HTML:
    return pn.pane.HTML(f"<p class='note'>{html.escape(text)}</p>", sizing_mode="stretch_width", margin=(0, 5))
