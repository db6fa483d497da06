"""Hostile and odd input: every file is refused cleanly or run correctly, in bounded time and memory.

Each case (tests/unit/hostile/cases.py: committed corpus files plus large ones, symlinks, FIFOs and zip
bombs made here) goes through the real CLI entry point (`mtfp.cli.main`), the app's upload
reader and the baseline-workbook reader, in a subprocess started under resource limits
(2 GiB address space, 30 s of CPU). A refusal must exit 2, name the file and the field or rule,
and show no traceback; the subprocess must not be killed by a limit. A sample also runs as
real `python -m mtfp COMMAND` processes, one per command that reads files.
"""
from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.unit.hostile import cases as corpus

MEMORY_LIMIT = 2 * 1024**3  # bytes of address space
CPU_LIMIT = 30  # seconds


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT))


def run_limited(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    """A subprocess under the memory and CPU limits. A negative return code = killed by a signal
    (SIGXCPU for the CPU limit; SIGKILL/SIGSEGV where memory ran out outside Python)."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONHASHSEED": "0", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
           "HOME": str(kwargs.pop("home", ROOT))}
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, preexec_fn=_limits, env=env,
                          stdin=subprocess.DEVNULL, **kwargs)


def scenario_cases(folder: Path) -> list[corpus.Case]:
    committed = [corpus.Case(name, corpus.CORPUS_DIR / name, expect, upload=name not in corpus.NOT_UPLOADABLE)
                 for name, expect in corpus.CORPUS_EXPECT.items()]
    return committed + corpus.build_generated(folder / "generated")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Every case run once through the CLI, the upload reader and the workbook reader, in one
    limited subprocess; returns ({(mode, case name): report}, cases, runner process)."""
    folder = tmp_path_factory.mktemp("hostile")
    scenarios = scenario_cases(folder)
    workbooks = corpus.build_workbooks(folder / "workbooks")
    jobs, keys = [], []
    for case in scenarios:
        jobs.append({"argv": ["validate", str(case.path)]})
        keys.append(("validate", case.name))
        if case.upload:
            jobs.append({"upload": str(case.path)})
            keys.append(("upload", case.name))
    for case in workbooks:
        jobs.append({"argv": ["template", "--read", str(case.path), "--out", str(folder / f"out-{case.name}.yaml")]})
        keys.append(("template", case.name))
        if case.upload:
            jobs.append({"workbook": str(case.path)})
            keys.append(("baseline_upload", case.name))
    jobs_file = folder / "jobs.json"
    jobs_file.write_text(json.dumps(jobs))
    process = run_limited([sys.executable, "-m", "tests.unit.hostile.runner", str(jobs_file)])
    assert process.returncode == 0, f"the runner was killed or failed (code {process.returncode}): {process.stderr[-3000:]}"
    reports = dict(zip(keys, json.loads(process.stdout)))
    return reports, {c.name: c for c in scenarios + workbooks}, process


SCENARIO_NAMES = list(corpus.CORPUS_EXPECT) + [
    "ten-megabytes.yaml", "list-100k-items.yaml", "deep-block-1200.yaml", "laughs-10-per-level.yaml",
    "extends-chain-1000", "extends-up.yaml", "extends-abs.yaml", "extends-via-link.yaml", "extends-inside-folder",
    "extends-bundled-absolute", "extends-circular", "extends-a-folder", "symlink-to-dev-zero", "fifo", "a-folder",
    "missing", "name-too-long", "valid-200-groups-200-items.yaml", "non-pay-201-lines.yaml",
]
WORKBOOK_NAMES = ["zip-bomb-1.3GB.xlsx", "cells-250k.xlsx", "zip-600-entries.xlsx", "not-a-zip.xlsx", "text-as-xlsx.xlsx",
                  "formula-no-cached-value.xlsx", "sheet-missing.xlsx", "xml-entity-bomb.xlsx", "workbook-fifo", "workbook-dev-zero",
                  "template-itself"]


def check(report: dict, case: corpus.Case, shown_name: str) -> None:
    assert report["traceback"] is None, f"{case.name} raised:\n{report['traceback']}"
    stderr = report["stderr"]
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    if case.expect is None:
        assert report["rc"] == 0, f"{case.name} is valid but was refused:\n{stderr}"
        return
    assert report["rc"] == 2, f"{case.name}: exit {report['rc']}, expected 2:\n{stderr}"
    # A workbook's cell problems name the cell ("Precept!B5: ..."), as the template's users know it.
    cell_addressed = case.kind == "workbook" and re.search(r"\b[A-Z][A-Za-z]+![A-Z]+\d+", stderr)
    assert shown_name in stderr or cell_addressed, f"the message does not name the file {shown_name}:\n{stderr}"
    for expected in case.expect:
        assert expected in stderr, f"{case.name}: {expected!r} not in the message:\n{stderr}"
    for secret in case.forbid:
        assert secret not in stderr, f"{case.name}: the message shows a refused file's content:\n{stderr}"
    for line in stderr.splitlines():
        assert len(line) < 600, f"{case.name}: a message line of {len(line):,} characters"


def test_every_generated_case_is_listed(hostile):
    _, cases, _ = hostile
    assert sorted(cases) == sorted(SCENARIO_NAMES + WORKBOOK_NAMES)


def test_the_committed_corpus_is_what_cases_py_writes():
    """tests/unit/hostile/corpus/ holds exactly the files CORPUS lists (regenerate: python -m tests.unit.hostile.cases)."""
    on_disk = {p.name: p.read_bytes() for p in corpus.CORPUS_DIR.glob("*.yaml")}
    assert sorted(on_disk) == sorted(corpus.CORPUS_EXPECT)
    assert all(on_disk[name] == content for name, (content, _) in corpus._corpus().items())


@pytest.mark.parametrize("name", SCENARIO_NAMES)
def test_validate_refuses_cleanly_or_runs(hostile, name):
    reports, cases, _ = hostile
    case = cases[name]
    shown = str(case.path) if name != "extends-chain-1000" else "c0999.yaml"
    if name == "name-too-long":
        shown = "nnnnnnnn"
    check(reports[("validate", name)], case, shown)


@pytest.mark.parametrize("name", [n for n in SCENARIO_NAMES if n.endswith(".yaml") and n not in corpus.NOT_UPLOADABLE
                                  and not n.startswith("extends-")])
def test_upload_refuses_cleanly_or_runs(hostile, name):
    """The app's upload reader (mtfp.ui.files.read_upload) gets the same bytes: a refusal is a
    ScenarioError naming the upload (so the page keeps the current scenario), never a crash."""
    reports, cases, _ = hostile
    case = cases[name]
    check(reports[("upload", name)], case, case.path.name)


@pytest.mark.parametrize("name", WORKBOOK_NAMES)
def test_template_read_refuses_cleanly_or_runs(hostile, name):
    reports, cases, _ = hostile
    case = cases[name]
    check(reports[("template", name)], case, case.path.name)


@pytest.mark.parametrize("name", [n for n in WORKBOOK_NAMES if n not in ("workbook-fifo", "workbook-dev-zero")])
def test_baseline_upload_refuses_cleanly_or_runs(hostile, name):
    reports, cases, _ = hostile
    case = cases[name]
    check(reports[("baseline_upload", name)], case, case.path.name)


CPU_PER_CASE = 5  # seconds: "refused within a few seconds", as CPU time the runner measured


def test_every_case_is_refused_within_a_few_seconds_of_cpu(hostile):
    """CPU seconds per job, measured by the runner (never wall-clock, which depends on the
    machine's load). The subprocess as a whole is also bounded by its CPU limit."""
    reports, _, _ = hostile
    slow = {key: r["cpu_seconds"] for key, r in reports.items() if r["cpu_seconds"] > CPU_PER_CASE}
    assert not slow, f"cases that took more than {CPU_PER_CASE} s of CPU: {slow}"
    slowest = max(reports.items(), key=lambda kv: kv[1]["cpu_seconds"])
    total = sum(r["cpu_seconds"] for r in reports.values())
    print(f"\n{len(reports)} hostile jobs, {total:.1f} s CPU in all, slowest {slowest[0]} {slowest[1]['cpu_seconds']} s")


# --- real processes, one per command that reads files --------------------------------------------

def _cli(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess:
    return run_limited([sys.executable, "-m", "mtfp", *args], home=tmp_path)


def _assert_refused(process: subprocess.CompletedProcess, *expected: str) -> None:
    assert process.returncode == 2, f"exit {process.returncode}:\n{process.stderr[-3000:]}"
    assert "Traceback" not in process.stderr and "internal error" not in process.stderr, process.stderr
    for text in expected:
        assert text in process.stderr, process.stderr


BOMB = str(corpus.CORPUS_DIR / "billion-laughs.yaml")
DEEP = str(corpus.CORPUS_DIR / "deep-flow-5000.yaml")
GOOD = str(ROOT / "scenarios" / "default.yaml")


@pytest.mark.parametrize("args,expected", [
    (["validate", BOMB, DEEP], ["billion-laughs.yaml", "deep-flow-5000.yaml", "aliases are expanded", "nested more"]),
    (["run", str(corpus.CORPUS_DIR / "award-month-true.yaml")], ["award_month", "valid integer"]),
    (["compare", GOOD, BOMB], ["billion-laughs.yaml", "aliases are expanded"]),
    (["diff", str(corpus.CORPUS_DIR / "key-is-a-list.yaml"), GOOD], ["key-is-a-list.yaml", "a key must be a name"]),
    (["mc", str(corpus.CORPUS_DIR / "projected-years-0.yaml"), "--quiet"], ["projected_years"]),
    (["sensitivity", str(corpus.CORPUS_DIR / "change-binary.yaml")], ["change-binary.yaml", "!!binary"]),
    (["solve", str(corpus.CORPUS_DIR / "integer-400-digits.yaml"), "--for", "precept"], ["more than 40 characters"]),
    (["pack", DEEP, "--out", "OUT", "--html-only"], ["deep-flow-5000.yaml", "nested more"]),
    (["pack", GOOD, "--options", BOMB, "--out", "OUT", "--html-only"], ["billion-laughs.yaml", "aliases"]),
])
def test_each_command_refuses_a_hostile_file(tmp_path, args, expected):
    args = [str(tmp_path / "out") if a == "OUT" else a for a in args]
    _assert_refused(_cli(args, tmp_path), *expected)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_template_read_refuses_a_zip_bomb_as_a_process(tmp_path):
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(corpus.zip_bomb())
    assert bomb.stat().st_size < 5_000_000
    process = _cli(["template", "--read", str(bomb), "--out", str(tmp_path / "new.yaml")], tmp_path)
    _assert_refused(process, "bomb.xlsx", "unpacks to")
    assert not (tmp_path / "new.yaml").exists()


def test_validate_refuses_a_fifo_and_dev_zero_as_a_process(tmp_path):
    import os

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    _assert_refused(_cli(["validate", str(fifo), str(zero)], tmp_path), "pipe (FIFO)", "a device")


@pytest.mark.parametrize("command", [["run", "--format", "json"], ["mc", "--quiet", "--draws", "200"],
                                     ["sensitivity"], ["solve", "--for", "precept"]])
def test_the_largest_valid_plan_runs_under_the_limits(tmp_path, command):
    """200 workforce groups and 200 savings items, the most the schema allows: odd but valid,
    so each command runs it to the end (exit 0) under the same memory and CPU limits."""
    path = tmp_path / "many.yaml"
    path.write_text(corpus.dump(corpus.many_groups()))
    process = _cli([command[0], str(path), *command[1:]], tmp_path)
    if command[0] == "solve" and process.returncode == 1:  # solve's answer "not feasible" is exit 1
        assert process.stdout.startswith("Not feasible: even a 50% Band D rise"), process.stdout
    else:
        assert process.returncode == 0, process.stderr[-3000:]
    assert "Traceback" not in process.stderr


def test_a_valid_file_still_runs_as_a_process(tmp_path):
    process = _cli(["run", str(corpus.CORPUS_DIR / "bom.yaml"), "--format", "json"], tmp_path)
    assert process.returncode == 0, process.stderr
    assert json.loads(process.stdout)
