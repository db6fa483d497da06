"""Scenario files: a safe and strict YAML loader with `extends`, clear errors, atomic save."""
from __future__ import annotations

import copy
import os
import stat
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from mtfp.atomic import write_atomic
from mtfp.data import scenarios_dir
from mtfp.scenario.national import inherit_national
from mtfp.scenario.params import SCHEMA_VERSION, ScenarioError, shown
from mtfp.scenario.schema import Scenario, cross_check

# Limits on a file before it is parsed (listed in docs/scenario-format.md, "Limits"). A real
# scenario is ~10 kB, ~2,000 values, nested 7 deep; these are far above that and keep a hostile
# file (an alias bomb, a file nested thousands deep, a device) to a moment's work to refuse.
MAX_FILE_BYTES = 1_000_000  # a scenario or options file, read or uploaded
MAX_DEPTH = 20  # mappings and lists nested inside each other (after aliases are expanded)
MAX_ALIASES = 100  # YAML aliases (*name) in one file
MAX_VALUES = 100_000  # values (texts, numbers, lists, mappings) after aliases are expanded
MAX_ITEMS = 5_000  # entries in one mapping or list
MAX_STRING_CHARS = 10_000  # characters in one text (a description, a note)
MAX_NUMBER_CHARS = 40  # characters in one written number
MAX_EXTENDS_DEPTH = 10  # files in one `extends` chain
MAX_EXTENDS_NAME_CHARS = 255  # characters in an `extends` file name
MAX_PROBLEMS = 50  # messages listed for one file (then "and N more")

_REFUSED_TAGS = {
    "tag:yaml.org,2002:binary": "binary data (!!binary)",
    "tag:yaml.org,2002:timestamp": "a timestamp (!!timestamp); write dates as text",
    "tag:yaml.org,2002:set": "a set (!!set); use a list",
    "tag:yaml.org,2002:omap": "an ordered mapping (!!omap); use a plain mapping",
    "tag:yaml.org,2002:pairs": "pairs (!!pairs); use a plain mapping",
    "tag:yaml.org,2002:merge": "a merge key (<<); use `extends` or write the fields out",
}


class _LimitError(yaml.MarkedYAMLError):
    """A file past one of the limits above, or holding a value a scenario cannot hold."""


class _StrictLoader(yaml.SafeLoader):
    """Safe loader with limits: YAML's own types only (no Python objects, no binary, sets or
    timestamps: a date stays text), text keys, no duplicate keys (a silent overwrite
    otherwise), and bounded depth, alias count, size and string length."""

    def __init__(self, stream: str):
        super().__init__(stream)
        self._depth = 0
        self._aliases = 0

    def compose_node(self, parent, index):
        # The composer recurses once per level: refuse before a deep file exhausts the stack,
        # and count a list's or mapping's entries as they come (a 100,000-item list stops at 5,000).
        if parent is not None and len(parent.value) >= MAX_ITEMS:
            raise _LimitError(None, None, f"more than {MAX_ITEMS:,} entries in one list or mapping",
                              self.peek_event().start_mark)
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            if self._aliases > MAX_ALIASES:
                raise _LimitError(None, None, f"more than {MAX_ALIASES} aliases (*name); a scenario needs none",
                                  self.peek_event().start_mark)
            return super().compose_node(parent, index)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _LimitError(None, None, f"nested more than {MAX_DEPTH} levels deep",
                                  self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# Dates and times stay text: `when: 2015-11-01` is the text "2015-11-01", not a date object.
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _refuse_tag(loader: _StrictLoader, node: yaml.Node):
    raise _LimitError(None, None, f"{_REFUSED_TAGS[node.tag]} is not allowed: a scenario holds text, numbers, "
                      "true/false, lists and mappings only", node.start_mark)


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen = set()
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            _refuse_tag(loader, key_node)
        if not isinstance(key_node, yaml.ScalarNode):
            raise _LimitError(None, None, "a key must be a name, not a list or a mapping", key_node.start_mark)
        key = loader.construct_object(key_node, deep=deep)
        if not isinstance(key, str):
            raise _LimitError(None, None, f"the key {shown(key_node.value)} is read as "
                              f"{'true/false' if isinstance(key, bool) else type(key).__name__.replace('NoneType', 'null')}"
                              f", not a name; put it in quotes", key_node.start_mark)
        if key in seen:
            raise _LimitError(None, None, f"duplicate key {shown(key)}", key_node.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


def _construct_int(loader: _StrictLoader, node: yaml.ScalarNode) -> int:
    if len(node.value) > MAX_NUMBER_CHARS:
        raise _LimitError(None, None, f"a number written with more than {MAX_NUMBER_CHARS} characters",
                          node.start_mark)
    return yaml.SafeLoader.construct_yaml_int(loader, node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
for _tag in _REFUSED_TAGS:
    _StrictLoader.add_constructor(_tag, _refuse_tag)


def _measure(node: yaml.Node, depth: int, memo: dict, path: str = "") -> int:
    """Values under `node` counting every alias in full (an alias bomb is small as written and
    huge expanded), refusing too deep, too many or too long. Linear in the file as written.
    `path` is the field path so far, for the message."""
    def refuse(problem: str) -> None:
        error = _LimitError(None, None, problem, node.start_mark)
        error.field = path
        raise error

    if depth > MAX_DEPTH:
        refuse(f"nested more than {MAX_DEPTH} levels deep (counting aliases; an alias may refer to the "
               "mapping it is in)")
    if isinstance(node, yaml.ScalarNode):
        if len(node.value) > MAX_STRING_CHARS:
            refuse(f"a text of {len(node.value):,} characters; the limit is {MAX_STRING_CHARS:,}")
        return 1
    known = memo.get(id(node))
    if known is not None and known[1] + depth <= MAX_DEPTH:
        return known[0]
    count, height = 1, 0
    for index, child in enumerate(node.value):
        if isinstance(child, tuple):  # a mapping's (key, value)
            key, value = child
            name = key.value if isinstance(key, yaml.ScalarNode) else "?"
            parts = ((key, path), (value, f"{path}.{name}" if path else name))
        else:
            parts = ((child, f"{path}.{index}" if path else str(index)),)
        for part, part_path in parts:
            count += _measure(part, depth + 1, memo, part_path)
            height = max(height, 1 + memo.get(id(part), (0, 0))[1])
        if count > MAX_VALUES:
            refuse(f"more than {MAX_VALUES:,} values once aliases are expanded (a file built to expand, "
                   "like an alias bomb)")
    memo[id(node)] = (count, height)
    return count


def _problem_text(exc: yaml.YAMLError, where: str) -> str:
    """A YAML error as a finance reader can act on it: where, what, and the line with a caret
    under the column (the snippet keeps its line breaks)."""
    if isinstance(exc, yaml.reader.ReaderError):
        if isinstance(exc.character, int):
            return (f"{where}: character {exc.character:#06x} at position {exc.position:,} is not allowed in a "
                    "scenario file (control characters and NUL bytes cannot appear in YAML text)")
        return f"{where}: not readable text ({_clean(str(exc.reason))})"
    if not isinstance(exc, yaml.MarkedYAMLError) or exc.problem_mark is None:
        return f"{where}: not valid YAML: {_clean(str(exc))}"
    mark = exc.problem_mark
    what = _clean(exc.problem or "")
    if exc.context:
        started = exc.context_mark
        where_started = (f" started at line {started.line + 1}, column {started.column + 1}"
                         if started is not None and (started.line, started.column) != (mark.line, mark.column) else "")
        what += f" ({_clean(exc.context)}{where_started})"
    if isinstance(exc, _LimitError):
        field = getattr(exc, "field", "")
        at = f"{_clean(field[:120])} (line {mark.line + 1}, column {mark.column + 1})" if field \
            else f"line {mark.line + 1}, column {mark.column + 1}"
        return f"{where}: {at}: {what}"
    lines = [f"{where}: not valid YAML at line {mark.line + 1}, column {mark.column + 1}: {what}"]
    snippet = mark.get_snippet(indent=4, max_length=75)
    if snippet:
        lines.append(_clean(snippet, keep_lines=True))
    return "\n".join(lines)


def _clean(text: str, keep_lines: bool = False) -> str:
    """Control characters escaped (line breaks kept if asked, and tabs shown as one space so a
    caret stays under its column), so a message is plain text."""
    if keep_lines:
        text = text.replace("\t", " ")
    return "".join(c if c.isprintable() or (keep_lines and c == "\n")
                   else c.encode("unicode_escape").decode("ascii") for c in text)


def read_yaml(text: str, where: str = "<text>") -> Any:
    """Parse YAML text safely within the limits above. Raises ScenarioError naming `where`."""
    loader = None
    try:
        loader = _StrictLoader(text)  # checks the characters first
        node = loader.get_single_node()
        if node is None:
            return None
        _measure(node, 0, {})
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise ScenarioError([_problem_text(exc, where)]) from None
    finally:
        if loader is not None:
            loader.dispose()


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


def read_bytes(path: str | os.PathLike, limit: int = MAX_FILE_BYTES, what: str = "file") -> bytes:
    """A regular file's bytes, at most `limit` of them, or a ScenarioError saying why not.

    Opened without blocking and checked with fstat before anything is read, so a FIFO, a
    device (/dev/zero), a directory or a socket is refused at once, and a file that grows
    while it is read is cut at `limit` and refused.
    """
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ScenarioError([f"{path}: file not found"]) from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        raise ScenarioError([f"{_clean(str(path))}: cannot open the {what} "
                             f"({getattr(exc, 'strerror', None) or _clean(str(exc))})"]) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = ("a folder" if stat.S_ISDIR(info.st_mode) else "a pipe (FIFO)" if stat.S_ISFIFO(info.st_mode)
                    else "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
                    else "a socket" if stat.S_ISSOCK(info.st_mode) else "not a regular file")
            raise ScenarioError([f"{path}: this is {kind}, not a {what}; give a regular file"])
        if info.st_size > limit:
            raise ScenarioError([f"{path}: the {what} is {info.st_size:,} bytes; a {what} may be at most {limit:,} bytes"])
        with os.fdopen(os.dup(fd), "rb") as file:
            data = file.read(limit + 1)
    except OSError as exc:
        raise ScenarioError([f"{path}: cannot read the {what} ({exc.strerror or exc})"]) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise ScenarioError([f"{path}: the {what} is over {limit:,} bytes; a {what} may be at most {limit:,} bytes"])
    return data


def decode_text(data: bytes, where: str) -> str:
    """UTF-8 text (a byte-order mark is allowed), or a ScenarioError naming the bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError([f"{where}: not a UTF-8 text file (byte {exc.start:,} cannot be read); save the "
                             "file as UTF-8 text"]) from None


def read_text(path: Path) -> str:
    """A text file's contents, or a ScenarioError saying plainly why it cannot be read."""
    return decode_text(read_bytes(path), str(path))


def _scenario_mapping(data: Any, where: str) -> dict:
    """The top of a scenario file: a mapping, or a sentence saying what the file is instead."""
    if data is None:
        raise ScenarioError([f"{where}: this file is empty; a scenario starts with `schema_version: "
                             f"{SCHEMA_VERSION}` (see docs/scenario-format.md)"])
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise ScenarioError([f"{where}: this is not an mtfp scenario: it is {kind}, not a mapping of fields "
                             f"starting with `schema_version: {SCHEMA_VERSION}`"])
    return data


def _extends_path(path: Path, name: Any) -> Path:
    """The file `extends: name` in `path` refers to: a regular file in the same folder as `path`
    (or the bundled scenarios folder), symlinks resolved. Anything else is refused without
    reading it, so a message never shows what a file outside the folder holds."""
    if not isinstance(name, str) or not name.strip():
        raise ScenarioError([f"{path}: extends: expected a file name (a scenario in the same folder), got {shown(name)}"])
    if len(name) > MAX_EXTENDS_NAME_CHARS or "\x00" in name:
        raise ScenarioError([f"{path}: extends: {shown(name)} is not a usable file name (at most "
                             f"{MAX_EXTENDS_NAME_CHARS} characters)"])
    allowed = "a scenario file in the same folder (e.g. `extends: default.yaml`) or in mtfp's bundled scenarios"
    folder = Path(os.path.realpath(path.parent))
    target = Path(os.path.realpath(path.parent / name))
    roots = (folder, Path(os.path.realpath(scenarios_dir())))
    if not any(target == root or target.is_relative_to(root) for root in roots):
        raise ScenarioError([f"{path}: extends: {shown(name)} leads outside this file's folder; it must be {allowed}"])
    try:
        exists, regular = target.exists(), target.is_file()
    except OSError as exc:  # e.g. a path longer than the system allows
        raise ScenarioError([f"{path}: extends: {shown(name)} cannot be opened ({exc.strerror or exc})"]) from None
    if not exists:
        raise ScenarioError([f"{path}: extends: {path.parent / name}: file not found"])
    if not regular:
        raise ScenarioError([f"{path}: extends: {shown(name)} is {'a folder' if target.is_dir() else 'a special file'}, "
                             f"not a scenario file; it must be {allowed}"])
    return target


def load_raw(path: str | os.PathLike, _chain: tuple[Path, ...] = ()) -> dict:
    """Read a scenario file and the files it extends into one mapping (not yet validated)."""
    path = Path(path)
    real = Path(os.path.realpath(path))
    if real in _chain:
        raise ScenarioError([f"{path}: extends: circular chain {' -> '.join(str(p) for p in _chain + (path,))}"])
    if len(_chain) >= MAX_EXTENDS_DEPTH:
        raise ScenarioError([f"{_chain[0]}: extends: a chain of more than {MAX_EXTENDS_DEPTH} files; "
                             "extend the full scenario directly"])
    data = _scenario_mapping(read_yaml(read_text(path), str(path)), str(path))
    if "extends" not in data:
        return data
    base_path = _extends_path(path, data.pop("extends"))
    base = load_raw(base_path, _chain + (real,))
    return merge(base, data)


def _loc_part(part: Any) -> str:
    """One step of a field path, safe to print: non-ASCII letters escaped, so a key that only
    looks like a field ('nаme' with a Cyrillic а) shows why it is unknown."""
    text = str(part)
    if not text.isascii() or not text.isprintable():
        text = text.encode("unicode_escape").decode("ascii")
    return text if len(text) <= 60 else text[:57] + "..."


def format_validation_error(exc: ValidationError, where: str, top_level: bool = True) -> list[str]:
    """One line per problem: file, field path, the bad value and what is allowed.
    `top_level=False` leaves out errors of the whole model (reported another way)."""
    lines = []
    for err in exc.errors():
        if not err["loc"] and not top_level:
            continue
        loc = ".".join(_loc_part(p) for p in err["loc"] if not str(p).startswith("function-after"))
        loc = loc.replace(".float", "").replace(".dict[str,nullable[float]]", "")
        message = _clean(err["msg"].removeprefix("Value error, "))
        if len(message) > 400:
            message = message[:397] + "..."
        if err["type"] == "extra_forbidden":
            message = "unknown key (not part of the scenario format; see docs/scenario-format.md)"
        elif err["type"] == "missing":
            message = "required field is missing"
        value = err.get("input")
        quoted = "" if err["type"] == "missing" or isinstance(value, dict) else f" (value: {shown(value)})"
        lines.append(f"{where}: {loc or '(top level)'}: {message}{quoted}")
    return list(dict.fromkeys(lines))


def _at_most(problems: list[str], where: str) -> list[str]:
    if len(problems) <= MAX_PROBLEMS:
        return problems
    return problems[:MAX_PROBLEMS] + [f"{where}: ... and {len(problems) - MAX_PROBLEMS:,} more problems"]


def validate(data: Any, where: str = "<scenario>") -> Scenario:
    data = _scenario_mapping(data, where)
    if "schema_version" not in data:
        raise ScenarioError([f"{where}: this is not an mtfp scenario: it has no `schema_version` (a scenario file "
                             f"starts with `schema_version: {SCHEMA_VERSION}`; see docs/scenario-format.md)"])
    sections = ("base_year", "funding", "precept", "workforce", "non_pay", "reserves")
    if "scenario" in data and isinstance(data.get("savings"), list):
        raise ScenarioError([f"{where}: this is not an mtfp scenario (it looks like a consultation options file: "
                             "give it to `mtfp pack --options` or the consultation page)"])
    if not any(key in data for key in sections):
        hint = ""
        raise ScenarioError([f"{where}: this is not an mtfp scenario{hint}: it has none of the sections "
                             f"{', '.join(sections)} (see docs/scenario-format.md)"])
    version = data["schema_version"]
    if type(version) is not int or version != SCHEMA_VERSION:
        raise ScenarioError([f"{where}: schema_version: {shown(version)} is not supported; this mtfp reads "
                             f"version {SCHEMA_VERSION} (the whole number {SCHEMA_VERSION})"])
    data = inherit_national(data)  # national rules fill every figure the scenario does not set
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        # Rules spanning fields only run on a model whose fields are valid; check them on the
        # mapping too, so one pass reports every problem.
        problems = format_validation_error(exc, where, top_level=False)
        problems += [f"{where}: {problem}" for problem in cross_check(data)]
        raise ScenarioError(_at_most(problems or format_validation_error(exc, where), where)) from None
    from mtfp.model import lines  # the declared result lines: two ids must not fill the same line

    collisions = lines.collision_problems(lines.ids_by_kind(scenario))
    if collisions:
        raise ScenarioError([f"{where}: {problem}" for problem in collisions])
    return scenario


def load_scenario(path: str | os.PathLike) -> Scenario:
    """Load, merge `extends` and validate a scenario file. Raises ScenarioError."""
    return validate(load_raw(path), str(path))


def loads_scenario(text: str, where: str = "<upload>") -> Scenario:
    """Validate scenario YAML given as text (an upload). `extends` is not allowed here."""
    data = _scenario_mapping(read_yaml(text, where), where)
    if "extends" in data:
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
