"""Scenario field paths: the one place that walks "workforce.groups.police_officers.drift".

A field path is the dotted route from the top of a scenario to a field, with mapping keys
(a group, a grant, a savings item) as parts. The same path works on a Scenario (pydantic
objects) and on its `model_dump()` mapping, so the UI editor, goal seek, sampling, the
driver attribution and `diff` all read and write fields through these functions:

- `iter_params(scenario)`: every assumption (Param) with its path, in file order;
- `get_param(scenario, path)` / `get_at(node, path)`: the assumption or any field at a path;
- `owner_name(scenario, path)`: the display name of the entry a field belongs to;
- `set_at(data, path, value)`: write into a dumped mapping; `set_value` writes an
  assumption's value (keeping its source, or creating it marked as given);
- `with_value(scenario, path, value)` / `with_values`: a validated copy with values set.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from pydantic import BaseModel

from mtfp.scenario.params import Param, YearValues

MISSING = object()  # get_at's default: raise KeyError when a path does not exist


def parts(path: str | tuple) -> tuple[str, ...]:
    """'a.b.c' -> ('a', 'b', 'c'); a tuple of parts is returned as it is."""
    return tuple(path) if isinstance(path, tuple) else tuple(path.split("."))


def iter_params(model: BaseModel, prefix: str = "") -> Iterator[tuple[str, Param]]:
    """Every assumption in a scenario with its dotted field path, in file order."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        path = f"{prefix}{name}"
        if isinstance(value, Param):
            yield path, value
        elif isinstance(value, BaseModel):
            yield from iter_params(value, path + ".")
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, BaseModel):
                    yield from iter_params(item, f"{path}.{key}.")


def get_at(node: Any, path: str | tuple, default: Any = MISSING) -> Any:
    """The field at `path` of a Scenario or of its dumped mapping (`default` if absent)."""
    for part in parts(path):
        if isinstance(node, Mapping):
            node = node.get(part, MISSING)
        else:
            node = getattr(node, part, MISSING) if isinstance(node, BaseModel) else MISSING
        if node is MISSING or node is None:
            if default is MISSING:
                raise KeyError(f"{'.'.join(parts(path))!r} is not a field of this scenario")
            return default
    return node


def get_param(scenario: BaseModel, path: str) -> Param:
    """The assumption at a dotted field path, e.g. 'workforce.groups.police_officers.drift'."""
    found = get_at(scenario, path, None)
    if not isinstance(found, Param):
        raise KeyError(f"{path!r} is not a numeric assumption of this scenario")
    return found


def field_value(scenario: BaseModel, path: str) -> Any:
    """The value at a path in file units: an assumption's `value`, or a plain field (None if unset)."""
    node = get_at(scenario, path, None)
    return node.value if isinstance(node, Param) else node


def owner_name(scenario: BaseModel, path: str | tuple) -> str | None:
    """The `name` of the innermost entry (group, grant, item...) that holds the field, or None."""
    owner = None
    node: Any = scenario
    for part in parts(path)[:-1]:
        node = get_at(node, (part,), None)
        if node is None:
            break
        name = node.get("name") if isinstance(node, Mapping) else getattr(node, "name", None)
        if isinstance(name, str) and node is not scenario:
            owner = name
    return owner


def set_at(data: dict, path: str | tuple, value: Any, create: bool = False) -> None:
    """Write `value` at `path` in a dumped scenario mapping (missing parents made if `create`)."""
    *parents, leaf = parts(path)
    node = data
    for part in parents:
        if create and node.get(part) is None:
            node[part] = {}
        node = node[part]
    node[leaf] = value


def set_value(data: dict, path: str, value: YearValues, source: str = "illustrative", note: str | None = None) -> None:
    """Set an assumption's value in a dumped mapping: its source is kept if it exists, else it
    is created with `source` (and `note`)."""
    current = get_at(data, path, None)
    if isinstance(current, Mapping) and "value" in current and "source" in current:
        current["value"] = value
        current.pop("basis", None)  # a value set here is the force's own, no longer the national default
    else:
        set_at(data, path, {"value": value, "source": source, **({"note": note} if note else {})})


def with_values(scenario: BaseModel, values: Mapping[str, YearValues]) -> BaseModel:
    """A validated copy of the scenario with each assumption at a path given a new value (file units)."""
    data = scenario.model_dump(mode="python")
    for path, value in values.items():
        set_value(data, path, value)
    return type(scenario).model_validate(data)


def with_value(scenario: BaseModel, path: str, value: YearValues) -> BaseModel:
    """A copy of the scenario with the assumption at `path` given a new value (file units)."""
    return with_values(scenario, {path: value})


def is_param_data(node: Any) -> bool:
    """True for an assumption in a dumped mapping ({'value': ..., 'source': ...})."""
    return isinstance(node, Mapping) and "value" in node and "source" in node


def flatten_settings(node: Any, prefix: tuple = ()) -> dict[tuple, Any]:
    """Every setting of a dumped scenario by its path (a tuple of parts): an assumption
    (value + source, kept whole) or a plain setting."""
    if isinstance(node, Mapping) and not is_param_data(node) and node:
        out = {}
        for key, value in node.items():
            out.update(flatten_settings(value, prefix + (key,)))
        return out
    return {prefix: node}
