"""Editing a scenario one field at a time, with the change kept in its change log.

Pure functions (no streamlit) so they can be tested alone. Every edit goes through the
scenario schema, so an invalid combination raises ScenarioError with the validator's
message instead of producing a scenario the model cannot run.
"""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from mtfp.scenario import Scenario, ScenarioError, format_validation_error

# A value created in the app has no published source until the user gives one.
APP_SOURCE = "illustrative"
APP_NOTE = "set in the app"


def now() -> str:
    """UTC time of an edit, to the second (ISO 8601)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def field_value(scenario: Scenario, path: str) -> Any:
    """The value at a dotted field path in file units: an assumption's `value`, or a plain field."""
    node: Any = scenario
    for part in path.split("."):
        node = node[part] if isinstance(node, dict) else getattr(node, part)
    return node.value if hasattr(node, "value") and hasattr(node, "source") else node


def year_value(value: Any, year: str, years: list[str]) -> Any:
    """The value that applies in `year` for a number or a {year: value} mapping (latest earlier year)."""
    if not isinstance(value, dict):
        return value
    applies = None
    for label in years[: years.index(year) + 1]:
        if label in value:
            applies = value[label]
    return applies


def edit_scenario(scenario: Scenario, path: str, value: Any, when: str | None = None) -> Scenario:
    """A copy of the scenario with the field at `path` set to `value` (file units), logged.

    For an assumption the new value replaces its `value` and keeps its source; `None`
    removes an optional assumption; a number given to an absent optional assumption
    creates it, marked illustrative. Raises ScenarioError naming the field when the
    result is not a valid scenario. An edit that changes nothing returns the scenario.
    """
    return edit_fields(scenario, {path: value}, when)


def edit_fields(scenario: Scenario, edits: dict[str, Any], when: str | None = None) -> Scenario:
    """Several edits validated together (fields the schema needs to change at once, e.g. % -> £)."""
    when = when or now()
    data = scenario.model_dump(mode="python")
    changes = []
    for path, value in edits.items():
        old = field_value(scenario, path)
        if old == value:
            continue
        parts = path.split(".")
        node = data
        for part in parts[:-1]:
            node = node[part]
        leaf = parts[-1]
        current = node.get(leaf)
        if isinstance(current, dict) and "value" in current and "source" in current and value is not None:
            current["value"] = value
            current.pop("basis", None)  # set here: the force's own figure, no longer a national default
            if current.get("source") == "estimate":  # a placeholder replaced by the user's figure
                current.update(source=APP_SOURCE, note=APP_NOTE)
        elif current is None and isinstance(value, (int, float, dict)) and not isinstance(value, bool):
            node[leaf] = {"value": value, "source": APP_SOURCE, "note": APP_NOTE}
        else:
            node[leaf] = value
        changes.append({"when": when, "field": path, "old": old, "new": value})
    if not changes:
        return scenario
    data["changes"] = [*data.get("changes", []), *changes]
    return validated(data)


def validated(data: dict, where: str = "scenario") -> Scenario:
    """Validate a scenario mapping, raising ScenarioError with one message per problem."""
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(format_validation_error(exc, where)) from None

