"""ReactiveHTML templates (FlexBox's) are compiled once per text and render exactly as Panel's own compile."""

from __future__ import annotations

import jinja2
import panel as pn
import panel.reactive

from dashboards.templates_cache import _compiled, remember_templates


def _box(wrap: str, children: int = 3) -> pn.FlexBox:
    parts = [pn.pane.HTML("<p>一</p>"), pn.pane.Markdown("二"), pn.widgets.Button(name="三")]
    return pn.FlexBox(*parts[:children], flex_wrap=wrap)


def test_every_flexbox_renders_as_with_a_fresh_compile(monkeypatch):
    remember_templates()
    boxes = [_box("wrap"), _box("nowrap", children=1), _box("wrap", children=2)]
    remembered = [box._get_template() for box in boxes]
    monkeypatch.setattr(panel.reactive, "jinja2", jinja2)
    assert [box._get_template() for box in boxes] == remembered
    # one slot per child: the loop is rendered per instance, only its compile is shared
    assert [html.count("flex-item-") for html, *_ in remembered] == [3, 1, 2]


def test_one_compile_serves_every_instance():
    remember_templates()
    _box("wrap")._get_template()
    before = _compiled.cache_info()
    for wrap in ("wrap", "nowrap", "wrap-reverse"):
        _box(wrap)._get_template()
    after = _compiled.cache_info()
    assert (after.misses, after.hits) == (before.misses, before.hits + 3)
