"""Panel's ReactiveHTML components (FlexBox among them) compile their Jinja template once, not per instance.

`ReactiveHTML._get_template` compiles its class's template with `jinja2.Template` for every instance it renders:
~5 ms each, 13 FlexBoxes on the prefecture profile. The template's text is the same for every instance of a
class, and a compiled template is only rendered, never changed, so one compiled template per text serves all
sessions. Panel's module keeps its own name for jinja2; only that name is replaced.
"""

from __future__ import annotations

import functools
import types

import jinja2
import panel.reactive


@functools.lru_cache(maxsize=256)
def _compiled(source: str) -> jinja2.Template:
    return jinja2.Template(source)


def remember_templates() -> None:
    """Install the remembering compile in Panel's ReactiveHTML (idempotent)."""
    panel.reactive.jinja2 = types.SimpleNamespace(Template=_compiled)
