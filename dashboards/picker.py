"""Prefectures as real buttons (keyboard-operable, read by screen readers): the tile-grid map and the list of
prefectures behind schedule. Each is a link to the prefecture's profile (Enter opens it, as any link)."""

from __future__ import annotations

import html


def picker_html(items: list[dict], layout: str, label: str) -> str:
    """`items`: dicts of code, href, name, detail, spoken (the sentence read out), colour, ink, x, y (grid)."""
    buttons = []
    for item in items:
        place = f"grid-column:{item['x'] + 1};grid-row:{item['y'] + 1};" if layout == "grid" else ""
        spoken = html.escape(item["spoken"], quote=True)
        button = (f"<a class='picker-button' data-pick='{item['code']}' data-link='pick' "
                  f"href='{html.escape(item['href'], quote=True)}' aria-label='{spoken}' title='{spoken}' "
                  f"style='{place}background:{item['colour']};color:{item['ink']}'>"
                  f"<span class='picker-name'>{html.escape(item['name'])}</span>"
                  f"<span class='picker-detail'>{html.escape(item['detail'])}</span></a>")
        buttons.append(button if layout == "grid" else f"<li>{button}</li>")
    inner = "".join(buttons) if layout == "grid" else f"<ol>{''.join(buttons)}</ol>"
    return f"<div class='picker-{layout}' role='group' aria-label='{html.escape(label, quote=True)}'>{inner}</div>"
