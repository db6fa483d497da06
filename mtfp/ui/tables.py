"""The savings plan and collaboration projects as editable tables, and back.

Pure functions (no streamlit). A table row is one savings item or collaboration project;
numbers are in file units (£m, %). Writing a table back keeps each assumption's source
when its value is unchanged; a changed value gets the same provenance as a slider edit
("Edited in mtfp on <when>, was <old> from <source>", editing.edited_source) and a new one is
marked illustrative (the app cannot know its source); one change per changed cell is logged
with the old value's source, and the result is validated through the scenario schema
(ScenarioError naming the row and field otherwise).
"""
from __future__ import annotations

import math
import re
from typing import Any

import pandas as pd

from mtfp.scenario import Scenario
from mtfp.ui.editing import APP_NOTE, APP_SOURCE, edited_source, now, source_line, validated

# (column, field, kind); kind: text, choice, int, param, list, reduces. Units are in the column names.
# "reduces" is one column for what a saving comes off and, for pay, whose: "pay:police_staff",
# "non_pay" or "income" (a finance lead picks "Pay: Police staff", not a code and a group).
SAVINGS_COLUMNS = [
    ("key", None, "key"), ("name", "name", "text"), ("theme", "theme", "choice"), ("reduces", "reduces", "reduces"),
    ("fte", "fte", "param"), ("amount_gbp_m", "amount", "param"),
    ("start_year", "start_year", "choice"), ("ramp_years", "ramp_years", "int"),
    ("confidence_pct", "confidence", "param"), ("one_off_cost_gbp_m", "one_off_cost", "param"),
]
COLLABORATION_COLUMNS = [
    ("key", None, "key"), ("name", "name", "text"), ("partners", "partners", "list"),
    ("joint_cost_base_gbp_m", "joint_cost_base", "param"), ("saving_pct", "saving_pct", "param"),
    ("force_share_pct", "force_share", "param"), ("start_year", "start_year", "choice"),
    ("ramp_years", "ramp_years", "int"), ("implementation_cost_gbp_m", "implementation_cost", "param"),
    ("confidence_pct", "confidence", "param"),
]
SECTIONS = {"items": SAVINGS_COLUMNS, "collaboration": COLLABORATION_COLUMNS}


def slug(text: str) -> str:
    """A scenario key from a name: lower case, [a-z0-9_] only."""
    return re.sub(r"[^a-z0-9]+", "_", str(text).lower()).strip("_")


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def reduces_value(reduces: str, group: str | None) -> str:
    """The table's "reduces" cell: 'pay:<group>' for a pay saving, else 'non_pay' or 'income'."""
    return f"pay:{group}" if reduces == "pay" else reduces


def reduces_options(scenario: Scenario) -> dict[str, str]:
    """What a saving may come off, cell value -> label: 'pay:police_staff' -> 'Pay: Police staff', then
    'Non-pay' and 'Income'."""
    pay = {f"pay:{key}": f"Pay: {group.name}" for key, group in scenario.workforce.groups.items()}
    return {**pay, "non_pay": "Non-pay", "income": "Income"}


def section_frame(scenario: Scenario, section: str) -> pd.DataFrame:
    """The savings `items` or `collaboration` of a scenario as a table, one row per entry."""
    columns = SECTIONS[section]
    rows = []
    for key, entry in getattr(scenario.savings, section).items():
        row = {}
        for column, field, kind in columns:
            if kind == "key":
                row[column] = key
                continue
            value = getattr(entry, field)
            if kind == "reduces":
                value = reduces_value(entry.reduces, entry.group)
            elif kind == "param":
                value = None if value is None else value.value
            elif kind == "list":
                value = ", ".join(value)
            row[column] = value
        rows.append(row)
    frame = pd.DataFrame(rows, columns=[c for c, _, _ in columns])
    for column, _, kind in columns:
        if kind == "param":
            frame[column] = frame[column].astype(float)
    return frame


def apply_section(scenario: Scenario, section: str, frame: pd.DataFrame, when: str | None = None) -> Scenario:
    """The scenario with its savings `items` or `collaboration` replaced by the table's rows."""
    when = when or now()
    columns = SECTIONS[section]
    data = scenario.model_dump(mode="python")
    before: dict[str, dict] = data["savings"][section]
    after: dict[str, dict] = {}
    changes = []
    for index, row in enumerate(frame.to_dict("records"), start=1):
        if all(_blank(row.get(c)) for c, _, _ in columns):
            continue  # an empty row the editor added
        key = row.get("key")
        key = slug(row.get("name") or f"row_{index}") if _blank(key) else slug(key)
        old = before.get(key, {})
        entry: dict[str, Any] = {k: v for k, v in old.items()}
        for column, field, kind in columns:
            if kind == "key":
                continue
            value = row.get(column)
            if kind == "param":
                old_param = old.get(field)
                old_source = None if old_param is None else source_line(old_param.get("source"))
                if _blank(value):
                    entry[field] = None
                    new_value = None
                elif old_param is not None and old_param["value"] == float(value):
                    entry[field] = old_param
                    new_value = old_param["value"]
                elif old_param is not None:  # edited: when, what it was and where that came from
                    new_value = float(value)
                    entry[field] = {**old_param, "value": new_value, "basis": "force",
                                    "source": edited_source(old_param["value"], old_param.get("source"), when)}
                else:
                    new_value = float(value)
                    entry[field] = {"value": new_value, "source": APP_SOURCE, "note": APP_NOTE}
                old_value = None if old_param is None else old_param["value"]
            elif kind == "reduces":
                reduces, group = ("pay", str(value)[4:]) if str(value).startswith("pay:") else (value, old.get("group"))
                if _blank(reduces):
                    reduces = None
                for part, part_value in (("reduces", reduces), ("group", group)):
                    if key in before and old.get(part) != part_value:
                        changes.append({"when": when, "field": f"savings.{section}.{key}.{part}",
                                        "old": old.get(part), "new": part_value, "old_source": None})
                    entry[part] = part_value
                continue
            else:
                if _blank(value):
                    new_value = None
                elif kind == "int":
                    new_value = int(value)
                elif kind == "list":
                    new_value = [p.strip() for p in str(value).split(",") if p.strip()]
                else:
                    new_value = str(value)
                old_value, old_source = old.get(field), None
                entry[field] = new_value
            if key in before and old_value != new_value:
                changes.append({"when": when, "field": f"savings.{section}.{key}.{field}", "old": old_value,
                                "new": new_value, "old_source": old_source})
        if key in after:
            key = f"{key}_{index}"
        if key not in before:
            changes.append({"when": when, "field": f"savings.{section}.{key}", "old": None, "new": "added"})
        after[key] = entry
    for key in before:
        if key not in after:
            changes.append({"when": when, "field": f"savings.{section}.{key}", "old": "present", "new": None})
    if after == before:
        return scenario
    data["savings"][section] = after
    data["changes"] = [*data.get("changes", []), *changes]
    return validated(data, f"savings {section} table")


# --- the plan by year (read-only) ------------------------------------------------------------------

def plan_display_frame(p, draw: int = 0) -> pd.DataFrame:
    """The plan by year (mtfp.results.plan_by_year) as the Scenario page shows it: one row per
    line, "label (unit)" then one text column per year, in the cells `mtfp run` prints
    (outputs.tables.format_value: money £m to 1 dp, FTE and the tax base whole, Band D £ to the
    penny, rates as %, the cap flag yes/no)."""
    from mtfp.outputs.tables import DISPLAY, format_value
    from mtfp.results import plan_by_year

    rows = []
    for row in plan_by_year(p, draw):
        suffix = DISPLAY.get(row.unit, (row.unit,))[0]
        label = row.label if row.unit == "flag" else f"{row.label} ({suffix})"
        cells = ["" if math.isnan(v) else format_value(v, row.unit) for v in row.values]
        rows.append([label, *cells])
    return pd.DataFrame(rows, columns=["Line", *p.years])
