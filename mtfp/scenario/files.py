"""Scenario files: a safe and strict YAML loader with `extends`, clear errors, atomic save."""
from __future__ import annotations

import copy
import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from mtfp.atomic import write_atomic
from mtfp.scenario.national import inherit_national
from mtfp.scenario.params import SCHEMA_VERSION, ScenarioError
from mtfp.scenario.schema import Scenario, cross_check


class _StrictLoader(yaml.SafeLoader):
    """Safe loader that refuses duplicate keys (a silent overwrite otherwise)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(text: str, where: str = "<text>") -> Any:
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ScenarioError([f"{where}: not valid YAML: {exc}"]) from None


def merge(base: dict, overlay: dict) -> dict:
    """Overlay one scenario mapping on another.

    Mappings merge key by key; an assumption given in the overlay (a mapping with `value`)
    replaces the base one whole, so it never inherits the base's source; `null` removes a key.
    """
    result = copy.deepcopy(base)
    for key, value in overlay.items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, dict) and isinstance(result.get(key), dict) and "value" not in value:
            result[key] = merge(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def read_text(path: Path) -> str:
    """A text file's contents, or a ScenarioError saying plainly why it cannot be read."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError([f"{path}: file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError([f"{path}: cannot read the file ({exc})"]) from None


def load_raw(path: str | os.PathLike, _chain: tuple[Path, ...] = ()) -> dict:
    """Read a scenario file and the files it extends into one mapping (not yet validated)."""
    path = Path(path)
    if path.resolve() in _chain:
        raise ScenarioError([f"{path}: extends: circular chain {' -> '.join(str(p) for p in _chain + (path,))}"])
    data = read_yaml(read_text(path), str(path))
    if not isinstance(data, dict):
        raise ScenarioError([f"{path}: a scenario file must be a mapping of fields, got {type(data).__name__}"])
    base_name = data.pop("extends", None)
    if base_name is None:
        return data
    if not isinstance(base_name, str):
        raise ScenarioError([f"{path}: extends: expected a file name, got {base_name!r}"])
    base_path = path.parent / base_name
    if not base_path.is_file():
        # Names the file that extends and the base it cannot find ("<base>: file not found",
        # as for any missing file).
        raise ScenarioError([f"{path}: extends: {base_path}: file not found"])
    base = load_raw(base_path, _chain + (path.resolve(),))
    return merge(base, data)


def format_validation_error(exc: ValidationError, where: str, top_level: bool = True) -> list[str]:
    """One line per problem: file, field path, the bad value and what is allowed.
    `top_level=False` leaves out errors of the whole model (reported another way)."""
    lines = []
    for err in exc.errors():
        if not err["loc"] and not top_level:
            continue
        loc = ".".join(str(p) for p in err["loc"] if not str(p).startswith("function-after"))
        loc = loc.replace(".float", "").replace(".dict[str,nullable[float]]", "")
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = "unknown key (not part of the scenario format; see docs/scenario-format.md)"
        elif err["type"] == "missing":
            message = "required field is missing"
        value = err.get("input")
        shown = "" if err["type"] == "missing" or isinstance(value, dict) else f" (value: {value!r})"
        lines.append(f"{where}: {loc or '(top level)'}: {message}{shown}")
    return sorted(set(lines), key=lines.index)


def validate(data: Any, where: str = "<scenario>") -> Scenario:
    if isinstance(data, dict) and data.get("schema_version", SCHEMA_VERSION) != SCHEMA_VERSION:
        raise ScenarioError(
            [f"{where}: schema_version: {data.get('schema_version')!r} is not supported; this mtfp reads version {SCHEMA_VERSION}"]
        )
    data = inherit_national(data)  # national rules fill every figure the scenario does not set
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        # Rules spanning fields only run on a model whose fields are valid; check them on the
        # mapping too, so one pass reports every problem.
        problems = format_validation_error(exc, where, top_level=False)
        problems += [f"{where}: {problem}" for problem in cross_check(data)]
        raise ScenarioError(problems or format_validation_error(exc, where)) from None


def load_scenario(path: str | os.PathLike) -> Scenario:
    """Load, merge `extends` and validate a scenario file. Raises ScenarioError."""
    return validate(load_raw(path), str(path))


def loads_scenario(text: str, where: str = "<upload>") -> Scenario:
    """Validate scenario YAML given as text (an upload). `extends` is not allowed here."""
    data = read_yaml(text, where)
    if isinstance(data, dict) and "extends" in data:
        raise ScenarioError([f"{where}: extends: not allowed in an uploaded file; upload the full scenario"])
    return validate(data, where)


def dumps_scenario(scenario: Scenario) -> str:
    """The scenario as YAML text, every field written out (no `extends`)."""
    data = scenario.model_dump(mode="json", exclude_none=True)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def save_scenario(scenario: Scenario, path: str | os.PathLike, overwrite: bool = False) -> Path:
    """Write atomically (temp file in the same folder, then rename). Refuses to overwrite."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(path, dumps_scenario(scenario), overwrite=overwrite)
