"""The hostile-input corpus: every case the loader must refuse cleanly (or run correctly).

Small cases are committed under tests/unit/hostile/corpus/ (written by `python -m tests.unit.hostile.cases`
from CORPUS below, so each file's bytes are reviewable); large and environment-dependent ones
(alias bombs, deep nesting, a 1,000-file extends chain, a 10 MB file, symlinks, FIFOs, zip
bombs) are made at test time by `build_generated(folder)`.

Each case lists what the message must contain: the field path or the rule, so a message that
only says "invalid" fails. `None` means the file is odd but valid and must run.
"""
from __future__ import annotations

import copy
import functools
import io
import os
import struct
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parents[2]  # cases.py also runs as a script (python -m tests.unit.hostile.cases)
CORPUS_DIR = HERE / "corpus"

_V = {"value": 0.0, "source": "illustrative"}
_TINY = None


def tiny() -> dict:
    """The tiny force of tests/conftest.py, with one pay saving and Monte Carlo settings."""
    global _TINY
    if _TINY is None:
        from tests.conftest import tiny_data

        _TINY = tiny_data({
            "savings": {"items": {"back_office": {
                "name": "Back office", "reduces": "pay", "group": "police_officers", "amount": {**_V, "value": 1.0},
                "start_year": "2016/17", "ramp_years": 2, "confidence": {**_V, "value": 80.0}}}},
            "uncertainty": {"seed": 1, "draws": 20},
        })
    return copy.deepcopy(_TINY)


class _NoAliases(yaml.SafeDumper):
    """Writes a value shared by two fields out twice, as a person would (no &anchors)."""

    def ignore_aliases(self, data) -> bool:
        return True


def dump(data: dict, **raw: str) -> str:
    """YAML text of `data`; each '@NAME@' string value is replaced by raw[NAME] unquoted
    (to write tokens such as `on` or `!!binary` that safe_dump would quote)."""
    text = yaml.dump(data, Dumper=_NoAliases, sort_keys=False, allow_unicode=True)
    for name, token in raw.items():
        text = text.replace(f"'@{name}@'", token)
    return text


def with_(path: str, value, data: dict | None = None) -> dict:
    """tiny() with the value at a dotted path replaced."""
    data = tiny() if data is None else data
    node = data
    parts = path.split(".")
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value
    return data


GROUP = "workforce.groups.police_officers"
ITEM = "savings.items.back_office"

# file name -> (content, what the message must contain; None = valid, must run)
def _corpus() -> dict[str, tuple[bytes, list[str] | None]]:
    t = lambda text: text.encode("utf-8")  # noqa: E731
    cases: dict[str, tuple[bytes, list[str] | None]] = {}

    def add(name, content, expect):
        cases[name] = (content if isinstance(content, bytes) else t(content), expect)

    # Strict whole numbers, booleans and choices (issue 8: coerced silently before).
    add("award-month-true.yaml", dump(with_(f"{GROUP}.award_month", "@X@"), X="true"),
        [f"{GROUP}.award_month", "valid integer"])
    add("ramp-years-on.yaml", dump(with_(f"{ITEM}.ramp_years", "@X@"), X="on"), [f"{ITEM}.ramp_years", "valid integer"])
    add("projected-years-string.yaml", dump(with_("projected_years", "4")), ["projected_years", "valid integer"])
    add("projected-years-float.yaml", dump(with_("projected_years", 4.0)), ["projected_years", "valid integer"])
    add("csr-applies-1.yaml", dump(with_("funding.grants.police_grant.csr_applies", 1)),
        ["funding.grants.police_grant.csr_applies", "valid boolean"])
    add("headcount-per-fte-half.yaml", dump(with_(f"{GROUP}.headcount_per_fte", {"value": 0.5, "source": "illustrative"})),
        [f"{GROUP}.headcount_per_fte.value", "0.5 is outside the allowed range 1 to 3 heads per FTE"])
    add("levy-applies-yes-string.yaml", dump(with_(f"{GROUP}.levy_applies", "yes")), [f"{GROUP}.levy_applies", "valid boolean"])
    add("schema-version-true.yaml", dump(with_("schema_version", "@X@"), X="true"), ["schema_version", "not supported"])
    add("schema-version-2.yaml", dump(with_("schema_version", 2)), ["schema_version: 2 is not supported"])
    add("draws-string.yaml", dump(with_("uncertainty.draws", "1000")), ["uncertainty.draws", "valid integer"])
    add("distribution-low-string.yaml", dump(with_("gdp_deflator.distribution", {"kind": "uniform", "low": "1", "high": 2})),
        ["gdp_deflator.distribution.low", "valid number"])
    add("profile-unknown.yaml", dump(with_("funding.spending_review.profile", "steep")),
        ["funding.spending_review.profile", "'even'"])
    # Plan length and base year (IndexError and labels 0/01, 10000/01 before).
    add("projected-years-0.yaml", dump(with_("projected_years", 0)), ["projected_years", "greater than or equal to 1"])
    add("projected-years-negative.yaml", dump(with_("projected_years", -3)), ["projected_years", "greater than or equal to 1"])
    add("projected-years-huge.yaml", dump(with_("projected_years", 10**6)), ["projected_years", "less than or equal to 10"])
    add("base-year-0000.yaml", dump(with_("base_year", "0000/01")), ["base_year", "from 1990/91 to 2090/91"])
    add("base-year-9999.yaml", dump(with_("base_year", "9999/00")), ["base_year", "from 1990/91 to 2090/91"])
    add("base-year-10000.yaml", dump(with_("base_year", "10000/01")), ["base_year", "not a financial year label"])
    # Numbers: too large for a float (OverflowError before), NaN, infinity, negative zero.
    add("integer-400-digits.yaml", dump(with_("precept.band_d.value", "@X@"), X="9" * 400),
        ["line", "more than 40 characters"])
    add("integer-39-digits.yaml", dump(with_("precept.band_d.value", "@X@"), X="9" * 39),
        ["precept.band_d.value", "1e+39 is outside the allowed range"])
    add("value-nan.yaml", dump(with_("precept.band_d.value", "@X@"), X=".nan"), ["precept.band_d.value", "nan is outside"])
    add("value-inf.yaml", dump(with_("gdp_deflator.value", "@X@"), X=".inf"), ["gdp_deflator.value", "inf is outside"])
    add("value-string-number.yaml", dump(with_("precept.band_d.value", "200")), ["precept.band_d.value", "expected a number"])
    add("value-negative-zero.yaml", dump(with_("gdp_deflator.value", -0.0)), None)
    add("per-year-many-years.yaml", dump(with_("gdp_deflator.value", {f"{y}/{(y + 1) % 100:02d}": 1.0 for y in range(1990, 2090)})),
        ["gdp_deflator.value", "at most 11"])
    # Keys: a list, a number, null, true (TypeError / "Keys should be strings" before); confusables.
    add("key-is-a-list.yaml", dump(tiny()) + "? [a, b]\n: 1\n", ["a key must be a name, not a list"])
    add("key-is-a-flow-list.yaml", dump(tiny()) + "extra: {[1, 2]: 3}\n", ["a key must be a name"])
    add("key-is-an-int.yaml", dump(tiny()) + "2016: 5\n", ["the key '2016' is read as int", "quotes"])
    add("key-is-null.yaml", dump(tiny()) + "null: 5\n", ["is read as null"])
    add("key-is-on.yaml", dump(tiny()) + "on: 5\n", ["the key 'on' is read as true/false", "quotes"])
    add("key-confusable.yaml", dump(tiny()).replace("name: Tiny force", "n\u0430me: Tiny force", 1),
        ["n\\u0430me: unknown key"])
    add("duplicate-key.yaml", dump(tiny()) + "name: Again\n", ["duplicate key 'name'"])
    add("three-hundred-unknown-keys.yaml", dump(tiny()) + "".join(f"junk_{i}: 1\n" for i in range(300)),
        ["junk_0: unknown key", "more problems"])
    # Tags: code, binary, timestamps, sets, merge keys (a !!binary change broke Save before).
    add("python-object-tag.yaml", dump(with_("name", "@X@"), X="!!python/object/apply:os.system ['echo pwned']"),
        ["python/object/apply:os.system"])
    change = {"when": "2026-12-01 14:05", "field": "gdp_deflator", "old": 1.0, "new": "@X@"}
    add("change-binary.yaml", dump(with_("changes", [change]), X="!!binary aGVsbG8="), ["binary data (!!binary) is not allowed"])
    add("change-timestamp.yaml", dump(with_("changes", [change]), X="!!timestamp 2015-11-01"), ["timestamp"])
    add("change-set.yaml", dump(with_("changes", [change]), X="!!set {a, b}"), ["a set (!!set)"])
    add("change-nan.yaml", dump(with_("changes", [change]), X=".nan"), ["changes.0.new", "finite number"])
    add("change-bare-date-is-text.yaml", dump(with_("changes", [{**change, "new": 2.0}])).replace(
        "'2026-12-01 14:05'", "2026-12-01 14:05"), None)
    add("change-old-source-number.yaml", dump(with_("changes", [{**change, "new": 2.0, "old_source": 5}])),
        ["changes.0.old_source", "string"])
    add("change-old-source-too-long.yaml", dump(with_("changes", [{**change, "new": 2.0, "old_source": "x" * 2_001}])),
        ["changes.0.old_source", "2000"])
    add("merge-key.yaml", "base: &b {name: x}\n" + dump(tiny()) + "other:\n  <<: *b\n", ["merge key"])
    # Text: control characters, NUL, invalid UTF-8, BOM, tabs, long names, empty, not a scenario.
    add("nul-byte.yaml", dump(tiny()).replace("Tiny force", "Tiny\x00force"), ["character 0x0000", "not allowed"])
    add("invalid-utf8.yaml", t(dump(tiny())).replace(b"Tiny", b"T\xffny"), ["not a UTF-8 text file", "byte"])
    add("bom.yaml", b"\xef\xbb\xbf" + t(dump(tiny())), None)
    add("tab-indent.yaml", dump(tiny()).replace("  grants:", "\tgrants:", 1), ["not valid YAML at line", "^"])
    add("syntax-error.yaml", dump(tiny()).replace("name: Tiny force", "name: Tiny: force", 1),
        ["not valid YAML at line 2, column 11", "\n", "^"])
    add("name-escape-sequence.yaml", dump(with_("name", "\x1b[31mRed")), ["name", "control characters"])
    add("name-rtl-override.yaml", dump(with_("funding.grants.police_grant.name", "Grant \u202eevil")), None)
    add("name-300-chars.yaml", dump(with_("name", "N" * 300)), ["name", "at most 200 characters"])
    add("description-20k-chars.yaml", dump(with_("description", "d" * 20_000)), ["a text of 20,000 characters"])
    add("empty.yaml", b"", ["this file is empty"])
    add("only-comments.yaml", "# nothing here\n", ["this file is empty"])
    add("a-list.yaml", "- a\n- b\n", ["this is not an mtfp scenario: it is a list"])
    add("no-schema-version.yaml", "title: Shopping\nitems: [milk, eggs]\n", ["this is not an mtfp scenario: it has no `schema_version`"])
    add("options-file-as-scenario.yaml", (REPOSITORY / "consultation" / "options.yaml").read_bytes(),
        ["this is not an mtfp scenario (it looks like a consultation options file"])
    add("crlf-line-ends.yaml", dump(tiny()).replace("\n", "\r\n"), None)
    add("utf16.yaml", dump(tiny()).encode("utf-16"), ["not a UTF-8 text file"])
    add("few-aliases-valid.yaml", dump(tiny()).replace("gdp_deflator:\n  value: 0.0\n  source: illustrative\n",
                                                         "gdp_deflator: &nil\n  value: 0.0\n  source: illustrative\n", 1)
        .replace("drift:\n        value: 0.0\n        source: illustrative\n", "drift: *nil\n", 1), None)
    add("name-is-a-number.yaml", dump(with_("name", 123)), ["name: Input should be a valid string"])
    add("value-is-a-list.yaml", dump(with_("precept.band_d.value", [1, 2])), ["precept.band_d.value", "expected a number"])
    # Recursion through aliases and small bombs (the large ones are generated).
    add("alias-self-reference.yaml", "loop: &a [*a]\n" + dump(tiny()), ["nested more than 20 levels deep"])
    bomb = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n"
        for i in range(1, 10))
    add("billion-laughs.yaml", bomb + dump(tiny()), ["more than 100,000 values once aliases are expanded"])
    add("many-aliases.yaml", "x: &x 1\nys: [" + ", ".join(["*x"] * 150) + "]\n" + dump(tiny()), ["more than 100 aliases"])
    add("deep-flow-5000.yaml", "deep: " + "[" * 5000 + "]" * 5000 + "\n" + dump(tiny()), ["nested more than 20 levels deep"])
    # Extends from an upload, and names that cannot be files.
    add("extends-long-name.yaml", dump({"extends": "a" * 5000, "name": "Long"}), ["extends", "not a usable file name"])
    add("extends-a-list.yaml", dump({"extends": ["default.yaml"], "name": "L"}), ["extends: expected a file name"])
    add("extends-absolute.yaml", dump({"extends": "/etc/passwd", "name": "Abs"}), ["extends", "leads outside"])
    add("extends-dotdot.yaml", dump({"extends": "../../../../../../etc/hostname", "name": "Up"}), ["extends", "leads outside"])
    # Grants and precept (issue 11 items 4-5): new input surface, each refused naming the field.
    grant = "funding.specific_grants.npg"
    npg = {"name": "NPG", "base": {**_V, "value": 4.0}, "condition": {
        "groups": ["police_officers"], "target": {**_V, "value": 1000}, "tested_from": "2016/17",
        "schedule": [{"at_least_pct": 100, "paid_pct": 100}], "source": "illustrative"}}

    def with_grant(**change):
        data = with_(grant, copy.deepcopy(npg))
        for path, value in change.items():
            with_(f"{grant}.{path}", value, data)
        return data

    add("grant-amounts-negative.yaml", dump(with_grant(amounts={**_V, "value": {"2016/17": -1.0}})),
        [f"{grant}.amounts.value", "-1 for 2016/17 is outside the allowed range 0 to 5000 £m"])
    add("grant-formula-share-150.yaml", dump(with_grant(national_total={**_V, "value": 100.0},
                                                        formula_share={**_V, "value": 150.0})),
        [f"{grant}.formula_share.value", "150 is outside the allowed range 0 to 100 %"])
    add("grant-share-without-total.yaml", dump(with_grant(formula_share={**_V, "value": 1.0})),
        [grant, "needs both national_total"])
    add("grant-ring-fenced-escape.yaml", dump(with_grant(ring_fenced_to="\x1b[2JVRU")),
        [f"{grant}.ring_fenced_to", "control characters"])
    add("grant-condition-paid-true.yaml", dump(with_grant(**{"condition.schedule": [{"at_least_pct": 100, "paid_pct": "@X@"}]}),
                                               X="true"), [f"{grant}.condition.schedule.0.paid_pct", "valid number"])
    add("grant-condition-target-nan.yaml", dump(with_grant(**{"condition.target.value": "@X@"}), X=".nan"),
        [f"{grant}.condition.target.value", "nan is outside"])
    add("grant-condition-group-unknown.yaml", dump(with_grant(**{"condition.groups": ["pcso"]})),
        [f"{grant}.condition.groups", "'pcso' is not one of the groups"])
    add("grant-condition-measure-heads.yaml", dump(with_grant(**{"condition.measure": "heads"})),
        [f"{grant}.condition.measure", "'headcount'"])
    add("grant-condition-tested-base-year.yaml", dump(with_grant(**{"condition.tested_from": "2015/16"})),
        [f"{grant}.condition.tested_from", "must be a projected year"])
    add("grant-condition-schedule-upside-down.yaml", dump(with_grant(**{"condition.schedule": [
        {"at_least_pct": 90, "paid_pct": 90}, {"at_least_pct": 100, "paid_pct": 100}]})),
        [f"{grant}.condition", "from the highest at_least_pct down"])
    add("precept-referendum-held-not-a-year.yaml", dump(with_("precept.referendum_held", {"soon": True})),
        ["precept.referendum_held", "not a financial year label"])
    add("precept-referendum-held-1.yaml", dump(with_("precept.referendum_held", {"2016/17": 1})),
        ["precept.referendum_held", "valid boolean"])
    add("precept-band-d-known-single.yaml", dump(with_("precept.band_d_known", {**_V, "value": 210.0})),
        ["precept", "band_d_known is a figure for a given year"])
    add("precept-both-rises-in-a-year.yaml", dump(with_("precept.band_d_rise_gbp", {**_V, "value": {"2016/17": 5.0}})),
        ["precept", "exactly one of band_d_rise_pct or band_d_rise_gbp"])
    add("precept-authority-tax-base-huge.yaml", dump(with_("precept.billing_authorities", {
        "a": {"name": "A", "tax_base": {**_V, "value": 1e12}}})),
        ["precept.billing_authorities.a.tax_base.value", "outside the allowed range 1 to 1e+07"])
    add("precept-authorities-do-not-sum.yaml", dump(with_("precept.billing_authorities", {
        "a": {"name": "A", "tax_base": {**_V, "value": 10.0}}})),
        ["precept", "is not the sum of the billing authorities' tax bases"])
    return cases


CORPUS_EXPECT = {name: expect for name, (_, expect) in _corpus().items()}
NOT_UPLOADABLE = {"extends-long-name.yaml", "extends-a-list.yaml", "extends-absolute.yaml", "extends-dotdot.yaml"}


def write_corpus() -> None:
    CORPUS_DIR.mkdir(exist_ok=True)
    for old in CORPUS_DIR.glob("*.yaml"):  # (.gitattributes keeps the bytes exact in git)
        old.unlink()
    for name, (content, _) in _corpus().items():
        (CORPUS_DIR / name).write_bytes(content)


@dataclass
class Case:
    """One hostile input: a file, how to give it to mtfp, and what the message must say."""

    name: str
    path: Path
    expect: list[str] | None
    kind: str = "scenario"  # scenario | workbook | options
    upload: bool = True  # also give its bytes to the app's upload reader
    forbid: list[str] = field(default_factory=list)  # text that must NOT appear (a foreign file's content)


SECRET = "SECRET-LINE-of-a-file-outside-the-folder"


def build_generated(folder: Path) -> list[Case]:
    """Cases made at test time: large, or symlinks and FIFOs, or relative to other files."""
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def file(name: str, content: bytes | str) -> Path:
        path = folder / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
        return path

    text = dump(tiny())
    big = file("ten-megabytes.yaml", text + "# " + "x" * 10_000_000 + "\n")
    cases.append(Case("ten-megabytes.yaml", big, ["10,0", "at most 1,000,000 bytes"]))
    items = file("list-100k-items.yaml", text + "extra: [" + ",".join("1" * 100_000) + "]\n")
    cases.append(Case("list-100k-items.yaml", items, ["more than 5,000 entries in one list or mapping"]))
    deep_block = "".join(" " * i + f"k{i}:\n" for i in range(1200)) + " " * 1200 + "v\n"
    cases.append(Case("deep-block-1200.yaml", file("deep-block-1200.yaml", deep_block + text),
                      ["nested more than 20 levels deep"]))
    laughs = "a0: &a0 [" + ", ".join(["lol"] * 50) + "]\n" + "".join(
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 10))
    cases.append(Case("laughs-10-per-level.yaml", file("laughs-10-per-level.yaml", laughs + text),
                      ["more than 100,000 values once aliases are expanded"]))
    # A chain of 1,000 files extending each other (RecursionError before).
    chain = folder / "chain"
    chain.mkdir(exist_ok=True)
    (chain / "c0000.yaml").write_text(text)
    for i in range(1, 1000):
        (chain / f"c{i:04d}.yaml").write_text(f"extends: c{i - 1:04d}.yaml\ndescription: link {i}\n")
    cases.append(Case("extends-chain-1000", chain / "c0999.yaml", ["chain of more than 10 files"], upload=False))
    # Extends that would read outside the folder; the foreign file's content must not be echoed.
    outside = folder / "outside"
    inside = folder / "inside"
    outside.mkdir(exist_ok=True)
    inside.mkdir(exist_ok=True)
    (outside / "secret.yaml").write_text(f"{SECRET}: [unclosed\n")
    (inside / "link.yaml").symlink_to(outside / "secret.yaml")
    for name, target in (("up.yaml", "../outside/secret.yaml"), ("abs.yaml", str(outside / "secret.yaml")),
                         ("via-link.yaml", "link.yaml")):
        path = inside / name
        path.write_text(f"extends: {target}\nname: Outside\n")
        cases.append(Case(f"extends-{name}", path, ["extends", "leads outside"], upload=False, forbid=[SECRET]))
    (inside / "base.yaml").write_text(text)
    (inside / "child.yaml").write_text("extends: base.yaml\nname: Child of base\n")
    cases.append(Case("extends-inside-folder", inside / "child.yaml", None, upload=False))
    bundled = inside / "bundled.yaml"
    bundled.write_text(f"extends: {REPOSITORY / 'mtfp' / 'data' / 'scenarios' / 'default.yaml'}\nname: Bundled\n")
    cases.append(Case("extends-bundled-absolute", bundled, None, upload=False))
    loop = inside / "loop-a.yaml"
    loop.write_text("extends: loop-b.yaml\n")
    (inside / "loop-b.yaml").write_text("extends: loop-a.yaml\n")
    cases.append(Case("extends-circular", loop, ["circular chain"], upload=False))
    (inside / "to-dir.yaml").write_text("extends: .\n")
    cases.append(Case("extends-a-folder", inside / "to-dir.yaml", ["extends: '.' is a folder"], upload=False))
    # Special files: refused before reading (a hang on /dev/zero or a FIFO before).
    zero = folder / "dev-zero.yaml"
    zero.symlink_to("/dev/zero")
    cases.append(Case("symlink-to-dev-zero", zero, ["this is a device"], upload=False))
    fifo = folder / "fifo.yaml"
    os.mkfifo(fifo)
    cases.append(Case("fifo", fifo, ["this is a pipe (FIFO)"], upload=False))
    (folder / "a-folder.yaml").mkdir(exist_ok=True)
    cases.append(Case("a-folder", folder / "a-folder.yaml", ["this is a folder"], upload=False))
    cases.append(Case("missing", folder / "missing.yaml", ["file not found"], upload=False))
    cases.append(Case("name-too-long", folder / ("n" * 300 + ".yaml"), ["cannot open the file", "too long"], upload=False))
    many = many_groups()
    cases.append(Case("valid-200-groups-200-items.yaml", file("valid-200-groups-200-items.yaml", dump(many)), None))
    too_many = copy.deepcopy(many)
    too_many["non_pay"]["lines"] = {f"line_{i}": {"name": f"L{i}", "base": {**_V, "value": 0.01},
                                                  "inflation": _V} for i in range(201)}
    cases.append(Case("non-pay-201-lines.yaml", file("non-pay-201-lines.yaml", dump(too_many)),
                      ["non_pay.lines", "at most 200 items"]))
    return cases


def many_groups() -> dict:
    """Valid but large: 200 workforce groups and 200 savings items (the most the schema allows)."""
    many = tiny()
    group = many["workforce"]["groups"]["police_officers"]
    for i in range(199):
        many["workforce"]["groups"][f"group_{i}"] = {**copy.deepcopy(group), "name": f"Group {i}"}
    item = many["savings"]["items"]["back_office"]
    many["savings"]["items"] = {f"item_{i}": {**item, "name": f"Item {i}"} for i in range(200)}
    return many


# --- workbooks ------------------------------------------------------------------------------

def template_bytes() -> bytes:
    from mtfp.workbook.reader import template_xlsx

    return template_xlsx()


def _zip_raw(entries: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip from pre-compressed entries (name, data, crc, uncompressed size, method), so a
    test can write a bomb whose sheet decompresses to a gigabyte without compressing one."""
    out, central = io.BytesIO(), io.BytesIO()
    for name, data, crc, size, method in entries:
        offset = out.tell()
        encoded = name.encode()
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, method, 0, 0x21, crc, len(data), size,
                              len(encoded), 0) + encoded + data)
        central.write(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, method, 0, 0x21, crc, len(data), size,
                                  len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    count, start = len(entries), out.tell()
    out.write(central.getvalue())
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, count, count, len(central.getvalue()), start, 0))
    return out.getvalue()


@functools.lru_cache(maxsize=1)
def zip_bomb(total_bytes: int = 1_300_000_000) -> bytes:
    """The template with its Force sheet replaced by ~`total_bytes` of repeated rows, written as
    one deflate block repeated (each compressed after a full flush, so the blocks are identical):
    a ~1.3 MB file whose sheet unpacks to gigabytes, built in well under a second."""
    import zipfile

    row = b"".join(b'<row r="1">' + b'<c r="A1" t="n"><v>1</v></c>' * 200 + b"</row>" for _ in range(20))
    chunk = row * (1_000_000 // len(row) + 1)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    compressor.compress(chunk)
    compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeats = total_bytes // len(chunk)
    head = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    tail = b"</sheetData></worksheet>"
    first = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = first.compress(head) + first.flush(zlib.Z_FULL_FLUSH)
    data += block * repeats
    last = zlib.compressobj(9, zlib.DEFLATED, -15)
    data += last.compress(tail) + last.flush()
    crc = zlib.crc32(head)
    for _ in range(repeats):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + len(chunk) * repeats + len(tail)
    entries = []
    with zipfile.ZipFile(io.BytesIO(template_bytes())) as zf:
        sheet = _sheet_file(zf, "Force")
        for info in zf.infolist():
            if info.filename == sheet:
                entries.append((info.filename, data, crc, size, zipfile.ZIP_DEFLATED))
            else:
                raw = zf.read(info)
                packer = zlib.compressobj(6, zlib.DEFLATED, -15)
                entries.append((info.filename, packer.compress(raw) + packer.flush(), zlib.crc32(raw), len(raw),
                                zipfile.ZIP_DEFLATED))
    return _zip_raw(entries)


def _sheet_file(zf, title: str) -> str:
    """The zip entry of the sheet called `title` (workbook.xml names it, its rels give the file)."""
    import re

    workbook = zf.read("xl/workbook.xml").decode()
    rels = zf.read("xl/_rels/workbook.xml.rels").decode()
    rid = re.search(rf'<sheet [^>]*name="{title}"[^>]*r:id="([^"]+)"', workbook).group(1)
    target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels) or \
        re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
    return "xl/" + target.group(1).lstrip("/").removeprefix("xl/")


def build_workbooks(folder: Path) -> list[Case]:
    import zipfile

    import openpyxl

    folder.mkdir(parents=True, exist_ok=True)
    cases = []

    def file(name, content):
        path = folder / name
        path.write_bytes(content)
        return path

    cases.append(Case("zip-bomb-1.3GB.xlsx", file("zip-bomb.xlsx", zip_bomb()), ["unpacks to", "the limit is 50,000,000"],
                      kind="workbook"))
    # 250,000 cells in a sheet that unpacks to well under the size limit.
    template = template_bytes()
    with zipfile.ZipFile(io.BytesIO(template)) as zf:
        sheet = _sheet_file(zf, "Force")
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
            for info in zf.infolist():
                raw = zf.read(info)
                if info.filename == sheet:
                    raw = raw.replace(b"</sheetData>", b"<row r=\"999\">" + b'<c r="Z999"><v>1</v></c>' * 250_000
                                      + b"</row></sheetData>")
                new.writestr(info.filename, raw)
    cases.append(Case("cells-250k.xlsx", file("cells-250k.xlsx", out.getvalue()), ["over 100,000 cells"], kind="workbook"))
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as new:
        for i in range(600):
            new.writestr(f"junk/{i}.txt", b"")
    cases.append(Case("zip-600-entries.xlsx", file("zip-600-entries.xlsx", many.getvalue()), ["600 files", "limit is 500"],
                      kind="workbook"))
    cases.append(Case("not-a-zip.xlsx", file("not-a-zip.xlsx", b"PK\x03\x04 this is not really a zip" * 10),
                      ["not an Excel workbook"], kind="workbook"))
    cases.append(Case("text-as-xlsx.xlsx", file("text-as-xlsx.xlsx", dump(tiny()).encode()), ["not an Excel workbook"],
                      kind="workbook"))
    # A formula Excel never calculated: no cached value (was "the cell is empty").
    wb = openpyxl.load_workbook(io.BytesIO(template))
    ws = wb["Precept"]
    for row in ws.iter_rows(min_row=2):
        if row[0].value and "Band D" in str(row[0].value) and "rise" not in str(row[0].value).lower():
            row[1].value = "=SUM(C1:C2)*1000"
            address = f"Precept!{row[1].coordinate}"
            break
    buf = io.BytesIO()
    wb.save(buf)
    cases.append(Case("formula-no-cached-value.xlsx", file("formula-no-cached-value.xlsx", buf.getvalue()),
                      [f"{address} holds a formula (=SUM(C1:C2)*1000) with no saved value: type the number"],
                      kind="workbook"))
    wb = openpyxl.load_workbook(io.BytesIO(template))
    del wb["Workforce"]
    buf = io.BytesIO()
    wb.save(buf)
    cases.append(Case("sheet-missing.xlsx", file("sheet-missing.xlsx", buf.getvalue()), ["sheet 'Workforce' is missing"],
                      kind="workbook"))
    # Billion laughs in XML: entities in the shared strings (expat's amplification limit stops it).
    laughs = b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)) \
        + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>'
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(template)) as zf, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in zf.infolist():
            new.writestr(info.filename, laughs if info.filename == "xl/sharedStrings.xml" else zf.read(info))
    cases.append(Case("xml-entity-bomb.xlsx", file("xml-entity-bomb.xlsx", out.getvalue()),
                      ["not an Excel workbook", "amplification"], kind="workbook"))
    fifo = folder / "fifo.xlsx"
    os.mkfifo(fifo)
    cases.append(Case("workbook-fifo", fifo, ["this is a pipe (FIFO), not a workbook"], kind="workbook", upload=False))
    zero = folder / "zero.xlsx"
    zero.symlink_to("/dev/zero")
    cases.append(Case("workbook-dev-zero", zero, ["this is a device"], kind="workbook", upload=False))
    cases.append(Case("template-itself", file("template.xlsx", template), None, kind="workbook"))
    return cases


if __name__ == "__main__":
    write_corpus()
    print(f"wrote {len(CORPUS_EXPECT)} files to {CORPUS_DIR}")
