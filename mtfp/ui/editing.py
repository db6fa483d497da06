"""Editing a scenario one field at a time, with the change kept in its change log.

Pure functions (no streamlit) so they can be tested alone. Every edit goes through the
scenario schema, so an invalid combination raises ScenarioError with the validator's
message instead of producing a scenario the model cannot run.
"""
from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from mtfp.results import EDITED_DOCUMENT
from mtfp.scenario import Scenario, ScenarioError, format_validation_error, params
from mtfp.scenario.paths import field_value, flatten_settings, get_at, is_param_data, set_at, set_value
from mtfp.units import fmt_when

# A value created in the app has no published source until the user gives one.
APP_SOURCE = "illustrative"
APP_NOTE = "set in the app"


def now() -> str:
    """UTC time of an edit, to the second (ISO 8601)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


EDIT_TITLE = "Edited in mtfp on {when}, was {old} from {origin}"
EDIT_DOCUMENT = EDITED_DOCUMENT  # keeps the published source once (results.is_edited reads it)


shown_time = fmt_when


def _origin(source: Any) -> str:
    """The source a value had before any edit in mtfp (a title, 'illustrative' or 'an estimate')."""
    if isinstance(source, dict):
        document = source.get("document") or ""
        if document.startswith(EDIT_DOCUMENT):
            return document.removeprefix(EDIT_DOCUMENT)
        return str(source.get("title"))
    return "an estimate" if source == "estimate" else str(source)


def _shown_old(old: Any) -> str:
    if isinstance(old, (int, float)) and not isinstance(old, bool):
        return f"{old:g}"
    return "per-year values" if isinstance(old, dict) else str(old)


def source_line(source: Any) -> str | None:
    """A source as one line for the change log: 'Title (https://...)', 'illustrative', 'an estimate'."""
    if source is None:
        return None
    if isinstance(source, dict):
        where = source.get("url") or source.get("document")
        return f"{source.get('title')} ({where})" if where else str(source.get("title"))
    return "an estimate" if source == "estimate" else str(source)


def edited_source(old_value: Any, old_source: Any, when: str) -> dict:
    """The source of a value typed or moved in mtfp: when, what it was and where that came from
    (the published source is kept through later edits, never nested)."""
    origin = _origin(old_source)
    url = old_source.get("url") if isinstance(old_source, dict) else None  # the published figure's link
    return {"title": EDIT_TITLE.format(when=shown_time(when), old=_shown_old(old_value), origin=origin)[:1_000],
            "url": url, "document": EDIT_DOCUMENT + origin}


def year_value(value: Any, year: str, years: list[str], kind: str = "level") -> Any:
    """The value that applies in `year` for a number or a {year: value} mapping of a field of
    `kind` ("level" or "in_year"), by the model's own rule (Param.year_values); None where a
    limit is not set that year."""
    if not isinstance(value, dict):
        return value
    applies = float(params.year_values(value, years, kind)[years.index(year)])
    return None if math.isnan(applies) else applies


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
        current = get_at(data, path, None)
        old_source = source_line(current.get("source")) if is_param_data(current) else None
        if is_param_data(current) and value is not None:
            if current.get("source") == "estimate":  # a placeholder replaced by the user's figure
                current["note"] = APP_NOTE
            current["source"] = edited_source(old, current.get("source"), when)
            current["value"] = value
            current["basis"] = "force"  # set here: the force's own figure, no longer a national default
        elif current is None and isinstance(value, (int, float, dict)) and not isinstance(value, bool):
            set_value(data, path, value, source=APP_SOURCE, note=APP_NOTE)
        else:
            set_at(data, path, value)
        changes.append({"when": when, "field": path, "old": old, "new": value, "old_source": old_source})
    if not changes:
        return scenario
    data["changes"] = [*data.get("changes", []), *changes]
    return validated(data)


def adopt(current: Scenario, proposed: Scenario, when: str | None = None) -> Scenario:
    """`proposed` (e.g. a goal-seek answer built from `current`) as the current scenario, with
    every setting it changed recorded in the change log after `current`'s own entries: one
    entry per setting (an assumption's value, or a new savings item's amount), old -> new.
    The same log an edit in the sidebar writes, so the saved file says what the answer set."""
    when = when or now()
    before = flatten_settings({k: v for k, v in current.model_dump(mode="python").items() if k != "changes"})
    data = proposed.model_dump(mode="python")
    after = flatten_settings({k: v for k, v in data.items() if k != "changes"})

    def shown(node: Any) -> Any:
        return node.get("value") if is_param_data(node) else node

    def old_source(node: Any) -> str | None:
        return source_line(node.get("source")) if is_param_data(node) else None

    changes = [{"when": when, "field": ".".join(map(str, path)), "old": shown(before.get(path)), "new": shown(node),
                "old_source": old_source(before.get(path))}
               for path, node in after.items() if shown(before.get(path)) != shown(node)]
    data["changes"] = [*current.model_dump(mode="python").get("changes", []), *changes]
    return validated(data)


def validated(data: dict, where: str = "scenario") -> Scenario:
    """Validate a scenario mapping, raising ScenarioError with one message per problem."""
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(format_validation_error(exc, where)) from None

