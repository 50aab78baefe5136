"""The remembered Bokeh property defaults (and property names) give Bokeh's own answers, for every model class the
dashboards use."""

import json
import subprocess
import sys
import textwrap

# Run in a fresh interpreter: other tests in this process may have installed the remembering lookups already.
COMPARE = textwrap.dedent("""
    import json
    import re

    import panel as pn
    from bokeh.core.has_props import HasProps
    from bokeh.core.property.descriptors import UnsetValueError
    from bokeh.models import ColumnDataSource, TableColumn
    from bokeh.plotting import figure

    pn.extension("tabulator")

    def every_class(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from every_class(sub)

    def answers():
        found = {}
        for cls in set(every_class(HasProps)):
            properties = {name: cls.lookup(name).property for name in cls.properties(_with_props=True)}
            found[f"{cls.__module__}.{cls.__qualname__}"] = [
                repr(sorted(cls._overridden_defaults().items(), key=lambda item: item[0])),
                sorted(name for name, prop in properties.items() if prop._may_have_unstable_default()),
                [f"{name}: {prop}" for name, prop in sorted(properties.items())],
            ]
        return found

    def made():  # every property value of the models of a small chart and a table column, ids left out
        plot = figure(title="t")
        plot.vbar(x="x", top="top", source=ColumnDataSource({"x": [1, 2], "top": [3, 4]}))
        return sorted([type(m).__name__, sorted([k, re.sub(r"id='p\\d+'", "", repr(v))]
                                                for k, v in m.properties_with_values().items() if k != "id")]
                      for m in [*plot.references(), TableColumn(field="a")])

    def instances():
        for cls in sorted(set(every_class(HasProps)), key=lambda c: f"{c.__module__}.{c.__qualname__}"):
            try:
                yield cls()
            except Exception:  # abstract, or needs arguments
                pass

    def read(model, name):
        try:
            return getattr(model, name)
        except UnsetValueError:  # a property the model must be given
            return UnsetValueError

    def read_defaults():  # every unset property of a fresh model of every class, read twice
        found = []
        for model in instances():
            for name in sorted(model.properties()):
                first, second = read(model, name), read(model, name)
                shown = re.sub(r"p\\d+", "", repr(first))
                found.append([type(model).__name__, name, shown, repr(first) == repr(second)])
        return found

    def themed():  # a theme still decides a stable default, and leaves other classes alone
        from bokeh.models import Title
        from bokeh.themes import Theme
        plain, dark = Title(), Title()
        Theme(json={"attrs": {"Title": {"text_color": "#ff0000", "text_font_size": "20px"}}}).apply_to_model(dark)
        return [plain.text_color, dark.text_color, dark.text_font_size, Title().text_color]

    before, made_before, defaults_before, themed_before = answers(), made(), read_defaults(), themed()
    from dashboards.model_defaults import remember_property_defaults
    remember_property_defaults()
    remember_property_defaults()
    after, again = answers(), answers()
    made_after = made()
    defaults_after, themed_after = read_defaults(), themed()
    print(json.dumps({"defaults": len(defaults_before),
                      "defaults_differ": [a for a, b in zip(defaults_before, defaults_after) if a != b],
                      "themed": [themed_before, themed_after], "classes": len(before),
                      "differ": [name for name in before if before[name] != after[name]],
                      "same_twice": after == again, "models": len(made_before),
                      "models_differ": [a for a, b in zip(made_before, made_after) if a != b]}))
""")


def test_remembered_defaults_are_bokehs_own():
    result = subprocess.run([sys.executable, "-c", COMPARE], capture_output=True, text=True, check=True)
    outcome = json.loads(result.stdout)
    assert outcome["classes"] > 300  # Bokeh's and Panel's models, Tabulator's among them
    assert outcome["differ"] == []
    assert outcome["same_twice"]
    assert outcome["models"] > 20
    assert outcome["models_differ"] == []
    assert outcome["defaults"] > 5000
    assert outcome["defaults_differ"] == []
    assert outcome["themed"] == [["#444444", "#ff0000", "20px", "#444444"]] * 2
