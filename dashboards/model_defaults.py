"""Bokeh's property defaults, looked up once instead of on every read of an unset property.

Building a page makes 200–900 Bokeh models, and every read of a property not yet set walks the model class's
MRO to merge its overridden defaults (`HasProps._overridden_defaults`) and asks the property type, recursively
through its type parameters, whether its default may change (`_may_have_unstable_default`). Both answers are
fixed once the class or the property exists (Bokeh sets them when it creates them), yet they took ~15 % of the
server time of a page's first opening. Here each answer is remembered. This replaces private methods of the
pinned Bokeh (constraints.txt); `tests/dashboards/test_model_defaults.py` checks every answer against
Bokeh's own.
"""

from __future__ import annotations

from types import MappingProxyType

from bokeh.core.has_props import HasProps
from bokeh.core.property import bases

_MERGE_DEFAULTS = HasProps.__dict__["_overridden_defaults"].__func__
_UNSTABLE_DEFAULT = {cls: cls.__dict__["_may_have_unstable_default"]
                     for cls in (bases.Property, bases.ParameterizedProperty, bases.ContainerProperty)}
_merged: dict[type, MappingProxyType] = {}


def _overridden_defaults(cls: type[HasProps]) -> MappingProxyType:
    found = _merged.get(cls)
    if found is None:
        found = _merged[cls] = MappingProxyType(_MERGE_DEFAULTS(cls))
    return found


def _remembering(cls: type, answer):
    slot = f"_kyoso_unstable_default_{cls.__name__}"

    def may_have_unstable_default(self) -> bool:
        found = self.__dict__.get(slot)
        if found is None:
            found = self.__dict__[slot] = answer(self)
        return found

    return may_have_unstable_default


def remember_property_defaults() -> None:
    """Install the remembering lookups (idempotent)."""
    HasProps._overridden_defaults = classmethod(_overridden_defaults)
    for cls, answer in _UNSTABLE_DEFAULT.items():
        cls._may_have_unstable_default = _remembering(cls, answer)
