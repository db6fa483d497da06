"""Session state of the app: the current Scenario, cached model runs and error display.

The Scenario in st.session_state is the only setting the app has: every widget edits a
field of it (mtfp.ui.editing.edit_scenario), so whatever is on screen can be saved as a
file and reproduced with `python -m mtfp run`. Model runs are cached on the scenario's
content, so a rerun that changes nothing costs a dictionary look-up.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

import mtfp
from mtfp.data import default_scenario_file, scenarios_dir
from mtfp.model.lines import Projection
from mtfp.scenario import Param, Scenario, ScenarioError, dumps_scenario, iter_params, load_scenario
from mtfp.ui.editing import edit_fields
from mtfp.ui.text import plain

BUILTIN_DIR = scenarios_dir()
DEFAULT_FILE = default_scenario_file()
CSR_SET = ["csr-25.yaml", "csr-30.yaml", "csr-35.yaml", "csr-40.yaml"]

_SCENARIO = "mtfp_scenario"
_SOURCE = "mtfp_scenario_source"
_ERRORS = "mtfp_errors"
_NOTICE = "mtfp_notice"
_WIDGETS = "mtfp_widget_keys"
_VERSION = "mtfp_scenario_version"
_DERIVED = "mtfp_derived"
_BASE_CHANGES = "mtfp_base_changes"  # change-log length when the scenario came from its file
_HISTORY = "mtfp_history"  # earlier versions of the current scenario, newest last (Undo)
_FILE_SCENARIO = "mtfp_file_scenario"  # the scenario as it came from its file (Reset to file)
MAX_UNDO = 50
SAVE_NAME = "save_name"  # the Save-as box: follows the scenario each time one is loaded


def scenario_dir() -> Path:
    """Folder where the app saves and lists scenarios: $MTFP_SCENARIO_DIR, else scenarios/."""
    return Path(os.environ.get("MTFP_SCENARIO_DIR") or BUILTIN_DIR)


@st.cache_resource(show_spinner=False)
def _builtin_default() -> Scenario:
    return load_scenario(DEFAULT_FILE)


def current_scenario() -> Scenario:
    """The scenario the user is working on (the built-in default on first visit)."""
    if _SCENARIO not in st.session_state:
        st.session_state[_SCENARIO] = _builtin_default()
        st.session_state[_SOURCE] = "built-in default (scenarios/default.yaml)"
        st.session_state[_VERSION] = 0
        st.session_state[_BASE_CHANGES] = len(st.session_state[_SCENARIO].changes)
        st.session_state[_FILE_SCENARIO] = st.session_state[_SCENARIO]
    return st.session_state[_SCENARIO]


def scenario_source() -> str:
    current_scenario()
    return st.session_state[_SOURCE]


def scenario_version() -> int:
    """Goes up each time a whole scenario is loaded; tables keyed on it start afresh."""
    current_scenario()
    return st.session_state[_VERSION]


def set_scenario(scenario: Scenario, reason: str) -> None:
    """Replace the current scenario (load, upload, baseline) and reset every widget to it."""
    st.session_state[_SCENARIO] = scenario
    st.session_state[_SOURCE] = reason
    st.session_state[_VERSION] = st.session_state.get(_VERSION, 0) + 1
    st.session_state[_NOTICE] = reason
    st.session_state[_BASE_CHANGES] = len(scenario.changes)
    st.session_state[_FILE_SCENARIO] = scenario
    st.session_state[_HISTORY] = []
    st.session_state.pop(SAVE_NAME, None)
    # Widgets are keyed (identity = key), so they keep their old values unless dropped.
    for key in st.session_state.get(_WIDGETS, set()):
        st.session_state.pop(key, None)


def _remember() -> None:
    """Keep the current scenario so Undo can go back to it."""
    history = st.session_state.setdefault(_HISTORY, [])
    history.append(current_scenario())
    del history[:-MAX_UNDO]


def can_undo() -> bool:
    return bool(st.session_state.get(_HISTORY))


def undo() -> None:
    """Go back to the scenario before the last change (an edit, a table, an applied answer)."""
    if can_undo():
        _show(st.session_state[_HISTORY].pop(), "the last change was undone")


def reset_to_file() -> None:
    """Back to the scenario as it came from its file; Undo brings the edits back."""
    original = st.session_state.get(_FILE_SCENARIO)
    if original is not None and original is not current_scenario():
        _remember()
        _show(original, f"reset to {scenario_source()}")


def is_edited() -> bool:
    """True when the current scenario differs from the file it came from."""
    original = st.session_state.get(_FILE_SCENARIO)
    return original is not None and original is not current_scenario()


def _show(scenario: Scenario, notice: str) -> None:
    st.session_state[_SCENARIO] = scenario
    st.session_state[_VERSION] = st.session_state.get(_VERSION, 0) + 1
    st.session_state[_NOTICE] = notice
    st.session_state.pop(_ERRORS, None)
    for key in st.session_state.get(_WIDGETS, set()):
        st.session_state.pop(key, None)


def apply(scenario: Scenario, notice: str) -> None:
    """Make an edit of the current scenario built elsewhere (a goal-seek answer, logged by
    editing.adopt) current: same source file, widgets reset to show its values."""
    _remember()
    _show(scenario, notice)


def changes_since_loaded(scenario: Scenario | None = None) -> int:
    """Edits made in the app since the scenario came from its file (upload, load, import)."""
    scenario = scenario or current_scenario()
    return max(len(scenario.changes) - st.session_state.get(_BASE_CHANGES, 0), 0)


def register_widget(key: str) -> None:
    st.session_state.setdefault(_WIDGETS, set()).add(key)


def edit(path: str, value: Any) -> bool:
    """Apply one edit to the current scenario; on invalid input keep it and store the messages."""
    return edit_many({path: value})


def edit_many(edits: dict[str, Any]) -> bool:
    """Apply edits that must change together; on invalid input keep the scenario, store the messages."""
    before = current_scenario()
    try:
        edited = edit_fields(before, edits)
    except ScenarioError as exc:
        st.session_state[_ERRORS] = exc.problems
        return False
    if edited is not before:
        _remember()
    st.session_state[_SCENARIO] = edited
    st.session_state.pop(_ERRORS, None)
    return True


def replace(scenario: Scenario) -> None:
    """Store an already validated and logged edit of the current scenario (e.g. a table)."""
    if scenario is not current_scenario():
        _remember()
    st.session_state[_SCENARIO] = scenario
    st.session_state.pop(_ERRORS, None)


def pending_errors() -> list[str]:
    """The messages kept by the last refused edit (still shown at the top of the next run)."""
    return list(st.session_state.get(_ERRORS, []))


def report(problems: list[str]) -> None:
    """Keep validator messages to show at the top of the next run."""
    st.session_state[_ERRORS] = list(problems)


def show_errors(problems: list[str] | None = None, title: str = "The change was not applied:") -> None:
    """The error display: validator messages as a list, never a traceback.

    Without `problems`, shows (and clears) the messages kept by edit() or report().
    """
    if problems is None:
        problems = st.session_state.pop(_ERRORS, None)
    if not problems:
        return
    # A multi-line problem (a YAML syntax error) is its first line in the list and the rest as
    # code, so the caret stays under the column it points at.
    firsts = [str(p).split("\n", 1) for p in problems]
    st.error(plain(title) + "\n" + "\n".join(f"- {plain(first[0])}" for first in firsts), icon=":material/error:")
    for first in firsts:
        if len(first) == 2:
            st.code(first[1], language=None)


def show_notice() -> None:
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.toast(f"Scenario loaded: {plain(notice)}")


def _derived(scenario: Scenario) -> dict:
    # Worked out once per scenario object (the scenario is never changed in place).
    memo = st.session_state.get(_DERIVED)
    if memo is None or memo["scenario"] is not scenario:
        memo = {"scenario": scenario, "key": scenario.model_dump_json(), "params": dict(iter_params(scenario))}
        st.session_state[_DERIVED] = memo
    return memo


def content_key(scenario: Scenario) -> str:
    """The scenario's whole content as JSON: the cache key of its model run and charts.

    The same content as the YAML file (dumps_scenario) at a twentieth of the cost, which
    matters because every rerun needs it.
    """
    return _derived(scenario)["key"]


def scenario_text(scenario: Scenario) -> str:
    """The scenario as a YAML file (what a download or a save writes)."""
    return dumps_scenario(scenario)


def params(scenario: Scenario) -> dict[str, Param]:
    """Every assumption of the scenario by dotted field path."""
    return _derived(scenario)["params"]


@st.cache_resource(show_spinner=False, max_entries=64)
def _run(text: str, _scenario: Scenario) -> Projection:
    # Keyed on the text only; the Projection is shared, so callers treat it as read-only.
    return mtfp.run(_scenario)


def run_cached(scenario: Scenario) -> Projection:
    """The scenario's projection, run once per distinct scenario content."""
    return _run(content_key(scenario), scenario)


@st.cache_resource(show_spinner=False, max_entries=256)
def _figure(name: str, text: str, _build: Callable, _projection: Projection):
    return _build(_projection)


def chart(build: Callable, scenario: Scenario):
    """A chart of the scenario's projection (a function of mtfp.charts.plan), built once per content.

    The figure is shared between reruns and sessions: callers must not change it.
    """
    return _figure(f"{build.__module__}.{build.__name__}", content_key(scenario), build, run_cached(scenario))


@st.cache_resource(show_spinner=False, max_entries=256)
def _load(path: str, mtime_ns: int) -> Scenario:
    return load_scenario(path)


def load_cached(path: Path) -> Scenario:
    """A scenario file, parsed once per version of the file. Raises ScenarioError."""
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        raise ScenarioError([f"{path}: file not found"]) from None
    return _load(str(path), mtime)


def saved_scenarios() -> dict[str, Path]:
    """Scenario files the user can load or compare: label -> path (built-in ones first)."""
    found: dict[str, Path] = {}
    folders = [BUILTIN_DIR] + ([scenario_dir()] if scenario_dir().resolve() != BUILTIN_DIR.resolve() else [])
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                label = path.stem if folder == BUILTIN_DIR else f"{path.stem} (saved)"
                found.setdefault(label, path)
    return found
