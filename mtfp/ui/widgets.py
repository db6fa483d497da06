"""Sidebar widgets that edit one field of the current scenario each.

A widget shows the scenario's value and, when moved, writes it back through
state.edit (validated, logged in the change log). Widget keys are stable (e.g.
"csr_cut") so tests and the browser can find them. Assumptions that vary by year show
the value of the final year; changing one sets it for every projected year (the base
year's known figure is kept). An amount in named years only (a collection-fund surplus)
shows and sets the budget year's (first projected year's) amount, other years kept.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from mtfp.scenario.paths import get_param
from mtfp.ui import state
from mtfp.ui.editing import field_value, year_value
from mtfp.ui.text import plain
from mtfp.units import unit_label


def every_projected_year(old: Any, new: Any, years: list[str], kind: str = "level") -> Any:
    """New value for a field that may be a {year: value} mapping: `new` from the first projected
    year (a level), or `new` in the first projected year with the other years kept (an in-year amount)."""
    if not isinstance(old, dict):
        return new
    if kind == "in_year":
        return {**old, years[1]: new}
    kept = {years[0]: old[years[0]]} if years[0] in old else {}
    return {**kept, years[1]: new}


def shown_value(path: str) -> Any:
    """What a widget shows: a number, or the final year's value of a per-year mapping."""
    sc = state.current_scenario()
    value, kind = field_value(sc, path), _kind(sc, path)
    return year_value(value, sc.years[1 if kind == "in_year" else -1], sc.years, kind)


def _kind(sc: Any, path: str) -> str:
    """The field's per-year kind ("level" for a field not set)."""
    try:
        return get_param(sc, path).KIND
    except KeyError:
        return "level"


def _by_year_note(path: str) -> str:
    value = field_value(state.current_scenario(), path)
    if not isinstance(value, dict):
        return ""
    shown = ", ".join(f"{y}: {'none' if v is None else f'{v:g}'}" for y, v in value.items())
    if _kind(state.current_scenario(), path) == "in_year":
        return f" Given by year in this scenario ({shown}; 0 in other years); a change here sets the budget year's amount."
    return f" Varies by year in this scenario ({shown}); a change here applies to every projected year."


def _changed(key: str, path: str, convert: Callable[[Any], Any], partner: str | None = None) -> None:
    if not state.edit(path, convert(st.session_state[key])):
        # Invalid: the scenario is unchanged, so the widget goes back to the scenario's value,
        # and the message is kept to show beside it (as well as at the top of the page).
        st.session_state.pop(key, None)
        st.session_state[_problem_key(key if partner is None else min(key, partner))] = state.pending_errors()
    elif partner is not None:
        st.session_state.pop(partner, None)  # the slider and its number box show the same value
        st.session_state.pop(_problem_key(min(key, partner)), None)


def _problem_key(key: str) -> str:
    return f"{key}__problem"


def _help(path: str, text: str | None) -> str:
    p = state.params(state.current_scenario()).get(path)
    unit = f"Unit: {unit_label(p.UNIT)}; allowed {p.LOW:g} to {p.HIGH:g}." if p is not None else ""
    return " ".join(t for t in (text, unit) if t) + _by_year_note(path) + f" (field `{path}`)"


def _convert(path: str, cast: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def convert(new: Any) -> Any:
        sc = state.current_scenario()
        new = None if new is None else cast(new)
        return every_projected_year(field_value(sc, path), new, sc.years, _kind(sc, path))
    return convert


def slider(label: str, path: str, key: str, step: float, help: str | None = None) -> None:
    """A slider over a % or £ assumption (float), across the field's allowed range, with a
    number box beside it bound to the same field, so 40 can be typed rather than dragged to.
    `step` is the field's precision in the app (the scenario's own value is always reachable:
    the range starts at the field's lower limit and the step divides the file's figures)."""
    state.register_widget(key)
    box_key = f"{key}_box"
    state.register_widget(box_key)
    p = state.params(state.current_scenario())[path]
    value = float(shown_value(path))
    convert = _convert(path, float)
    slide, box = st.columns([3, 2], vertical_alignment="bottom")
    slide.slider(label, min_value=float(min(p.LOW, value)), max_value=float(max(p.HIGH, value)), value=value,
                 step=float(step), key=key, help=_help(path, help), on_change=_changed,
                 args=(key, path, convert, box_key))
    # Unbounded on purpose: a value outside the range is refused by the schema with its message.
    box.number_input(f"{label} (type a value)", value=value, step=float(step), format="%.2f", key=box_key,
                     label_visibility="collapsed", on_change=_changed, args=(box_key, path, convert, key))
    problems = st.session_state.pop(_problem_key(min(key, box_key)), None)
    if problems:
        st.error("Not applied: " + "; ".join(plain(p) for p in problems), icon=":material/error:")


def number(label: str, path: str, key: str, step: float = 0.1, fmt: str = "%.2f", optional: bool = False,
           help: str | None = None, integer: bool = False) -> None:
    """A number box for an assumption; `optional` allows an empty box (no value)."""
    state.register_widget(key)
    value = shown_value(path)
    cast = int if integer else float
    st.number_input(label, value=None if value is None else cast(value), step=cast(step), format=None if integer else fmt,
                    key=key, help=_help(path, help), on_change=_changed, args=(key, path, _convert(path, cast)),
                    placeholder="none" if optional else None)


def whole_number(label: str, path: str, key: str, low: int, high: int, help: str | None = None) -> None:
    """A number box for a plain whole-number field (e.g. the years a cut is spread over)."""
    state.register_widget(key)
    value = int(field_value(state.current_scenario(), path))
    st.number_input(label, min_value=low, max_value=max(high, value), value=value, step=1, key=key,
                    help=_help(path, help), on_change=_changed, args=(key, path, int))


def choice(label: str, path: str, key: str, options: list, labels: dict | None = None,
           help: str | None = None) -> None:
    """A select box for a plain field (a profile, a policy, a month)."""
    state.register_widget(key)
    value = field_value(state.current_scenario(), path)
    st.selectbox(label, options, index=options.index(value), key=key,
                 format_func=(lambda o: labels.get(o, str(o))) if labels else str,
                 help=_help(path, help), on_change=_changed, args=(key, path, lambda v: v))


def toggle(label: str, path: str, key: str, help: str | None = None) -> None:
    """A checkbox for a yes/no field."""
    state.register_widget(key)
    st.checkbox(label, value=bool(field_value(state.current_scenario(), path)), key=key, help=_help(path, help),
                on_change=_changed, args=(key, path, bool))


def switch_kind(label: str, key: str, paths: dict[str, str], defaults: dict[str, float],
                help: str | None = None) -> str:
    """Radio between two alternative fields (e.g. Band D rise in % or £); returns the chosen kind.

    Choosing the other kind removes the current field and creates the other one with its
    default, as the schema needs exactly one of them.
    """
    state.register_widget(key)
    sc = state.current_scenario()
    kinds = list(paths)
    current = next(k for k in kinds if field_value(sc, paths[k]) is not None)

    def switched() -> None:
        chosen = st.session_state[key]
        if chosen == current:
            return
        if not state.edit_many({paths[current]: None, paths[chosen]: defaults[chosen]}):
            st.session_state.pop(key, None)

    st.radio(label, kinds, index=kinds.index(current), key=key, horizontal=True, help=help, on_change=switched)
    return current
