"""Bokeh's property defaults, looked up once instead of on every read of an unset property.

Building a page makes 200–900 Bokeh models, and every read of a property not yet set walks the model class's
MRO to merge its overridden defaults (`HasProps._overridden_defaults`) and asks the property type, recursively
through its type parameters, whether its default may change (`_may_have_unstable_default`). Both answers are
fixed once the class or the property exists (Bokeh sets them when it creates them), yet they took ~15 % of the
server time of a page's first opening. Here each answer is remembered.

The default value itself is worse: Bokeh copies and validates it again on every read of an unset property
(`PropertyDescriptor._get_default`): a third of the server's samples with 20 sessions at once (py-spy). A default
that is stable (not made by a function, not a container) and immutable (None, a bool, a number, a string) is the
same value on every read, so it is remembered per property and model class (a session opening every page: ~20 %
less time); themed values still come from the theme. A parameterized property's name (`Dict(String, Any)`) is
remembered too: Bokeh spells it out, recursively, on every validation of a dict, to have it ready for an error
message (~5 % of a page's first opening). And to serialize a model Bokeh reads every one of its properties,
default or not, then keeps only those set (`query_properties_with_values(include_defaults=False)`): ~14 % of the
prefecture profile's first opening; here only the set ones are read. This replaces private methods of the
pinned Bokeh (constraints.txt); `tests/dashboards/test_model_defaults.py` checks every answer against Bokeh's own.
"""

from __future__ import annotations

from types import MappingProxyType

from bokeh.core.has_props import HasProps
from bokeh.core.property import bases
from bokeh.core.property.descriptors import PropertyDescriptor
from bokeh.core.property.wrappers import PropertyValueContainer

_MERGE_DEFAULTS = HasProps.__dict__["_overridden_defaults"].__func__
_UNSTABLE_DEFAULT = {cls: cls.__dict__["_may_have_unstable_default"]
                     for cls in (bases.Property, bases.ParameterizedProperty, bases.ContainerProperty)}
_BOKEH_GET_DEFAULT = PropertyDescriptor.__dict__["_get_default"]
_BOKEH_PROPERTY_NAME = bases.ParameterizedProperty.__dict__["__str__"]
_BOKEH_QUERY = HasProps.__dict__["query_properties_with_values"]
_IMMUTABLE = (type(None), bool, int, float, str)
_merged: dict[type, MappingProxyType] = {}
_stable_defaults: dict[tuple[int, type], object] = {}  # (id of the class-level descriptor, model class) → value


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


def _themed_values(self: HasProps) -> dict | None:
    return self.__dict__.get("__themed_values__")  # Bokeh's getattr raised and caught AttributeError when unthemed


def _get_default(self: PropertyDescriptor, obj: HasProps):
    themed = _themed_values(obj)
    if themed is not None and self.name in themed:
        return _BOKEH_GET_DEFAULT(self, obj)
    key = (id(self), obj.__class__)
    found = _stable_defaults.get(key, _stable_defaults)
    if found is not _stable_defaults:
        return found
    value = _BOKEH_GET_DEFAULT(self, obj)
    if type(value) in _IMMUTABLE and not self.has_unstable_default(obj):
        _stable_defaults[key] = value
    return value


def _property_name(self: bases.ParameterizedProperty) -> str:
    found = self.__dict__.get("_kyoso_name")
    if found is None:
        found = self.__dict__["_kyoso_name"] = _BOKEH_PROPERTY_NAME(self)
    return found


def _query_properties_with_values(self: HasProps, query, *, include_defaults: bool = True,
                                  include_undefined: bool = False) -> dict:
    """Bokeh's answer, reading only the properties it can keep when defaults are left out. Bokeh fixes that set
    before reading any property and then reads all of them: reading the others changes nothing in the answer
    (it could only raise, for a required property never given, which no model sent to a browser lacks)."""
    if include_defaults or include_undefined:
        return _BOKEH_QUERY(self, query, include_defaults=include_defaults, include_undefined=include_undefined)
    themed = self.themed_values()
    themed_keys = set(themed) if themed is not None else set()
    selected = set(self._property_values) | set(self._unstable_default_values) | themed_keys
    result = {}
    for key in self.properties(_with_props=True):
        if key not in selected:
            continue
        descriptor = self.lookup(key)
        if not query(descriptor):
            continue
        value = descriptor.get_value(self)
        if key not in themed_keys and isinstance(value, PropertyValueContainer) \
                and key in self._unstable_default_values:
            continue  # an unmodified container default, as Bokeh weeds them out
        result[key] = value
    return result


def remember_property_defaults() -> None:
    """Install the remembering lookups (idempotent)."""
    HasProps._overridden_defaults = classmethod(_overridden_defaults)
    HasProps.themed_values = _themed_values
    PropertyDescriptor._get_default = _get_default
    bases.ParameterizedProperty.__str__ = _property_name
    HasProps.query_properties_with_values = _query_properties_with_values
    for cls, answer in _UNSTABLE_DEFAULT.items():
        cls._may_have_unstable_default = _remembering(cls, answer)
