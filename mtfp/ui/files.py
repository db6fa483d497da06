"""Scenario files from the app: safe names for saving, and uploads read with limits.

Pure functions (no streamlit). Errors are ScenarioError with one readable message each.
"""
from __future__ import annotations

import re
from pathlib import Path

from mtfp.scenario import Scenario, ScenarioError, loads_scenario, save_scenario
from mtfp.scenario.files import MAX_FILE_BYTES, decode_text

MAX_UPLOAD_BYTES = MAX_FILE_BYTES  # a scenario file is ~10 kB; anything near 1 MB is not one


def safe_name(name: str) -> str:
    """A file name stem made only of [a-z0-9-_]: 'CSR 30% (Autumn)' -> 'csr-30-autumn'."""
    stem = re.sub(r"[^a-z0-9_-]+", "-", name.strip().lower())
    return re.sub(r"-{2,}", "-", stem).strip("-_")


CHANGED_NOTE = re.compile(r"\s*Changed in mtfp from .*?\(listed in the change log\)\.$", re.S)


def changed_description(description: str, came_from: str, new_changes: int) -> str:
    """The description with one closing sentence saying what changed from the file the
    scenario came from: "Changed in mtfp from upload plan.yaml: 3 changes (listed in the change
    log)." A description saved again keeps one such sentence, not a pile of them."""
    kept = CHANGED_NOTE.sub("", description or "").rstrip()
    if new_changes <= 0:
        return kept
    noun = "change" if new_changes == 1 else "changes"
    note = f"Changed in mtfp from {came_from}: {new_changes:,} {noun} (listed in the change log)."
    return f"{kept} {note}" if kept else note


def save_as(scenario: Scenario, name: str, folder: Path, replace: bool = False,
            came_from: str = "", new_changes: int = 0) -> Path:
    """Save under folder/<safe name>.yaml, atomically; refuses to overwrite unless `replace`.

    Raises ScenarioError for an unusable name and FileExistsError for an existing file.
    The scenario's own `name` becomes the name typed (kept as it is when the name typed is
    only its file-name form, e.g. 'csr-25-real-terms-cut'), so the file says what it is;
    with `new_changes` edits since it came from `came_from`, its description says so.
    """
    stem = safe_name(name)
    if not stem:
        raise ScenarioError([f"scenario name {name!r}: use letters, digits, '-' or '_' (nothing else is kept)"])
    path = Path(folder) / f"{stem}.yaml"
    update = {}
    if scenario.name != name.strip() and stem != safe_name(scenario.name):
        update["name"] = name.strip()
    description = changed_description(scenario.description, came_from, new_changes)
    if description != scenario.description:
        update["description"] = description
    return save_scenario(scenario.model_copy(update=update) if update else scenario, path, overwrite=replace)


def read_upload(data: bytes, filename: str) -> Scenario:
    """Validate an uploaded scenario file (YAML, UTF-8, at most MAX_UPLOAD_BYTES).

    The same limits as a file on disk (depth, aliases, sizes: mtfp.scenario.files), so a
    hostile upload is refused in a moment with a ScenarioError and the app keeps the scenario
    it had; `extends` is refused (an upload has no folder)."""
    name = "".join(c if c.isprintable() else "?" for c in str(filename))[:120] or "<upload>"
    if len(data) > MAX_UPLOAD_BYTES:
        raise ScenarioError([f"{name}: the file is {len(data):,} bytes; a scenario file may be at most "
                             f"{MAX_UPLOAD_BYTES:,} bytes"])
    return loads_scenario(decode_text(data, name), name)
