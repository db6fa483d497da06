"""`python -m mtfp compare A.yaml B.yaml ...`: funding gap by year side by side, then each
scenario's final-year and cumulative gap. Same --format/--out/--force options as `run`.
"""
from __future__ import annotations

import argparse
from pathlib import Path

import mtfp
from mtfp.cli.run import add_output_options, emit
from mtfp.scenario import ScenarioError


def load_all(files: list[str]) -> dict:
    """Load every file, reporting the problems of all of them at once. Keyed by scenario
    name, or by file name where two scenarios share a name."""
    loaded, problems = [], []
    for file in files:
        try:
            loaded.append((file, mtfp.load_scenario(file)))
        except ScenarioError as exc:
            problems += exc.problems
    if problems:
        raise ScenarioError(problems)
    names = [sc.name for _, sc in loaded]
    out: dict = {}
    for file, sc in loaded:
        key = sc.name if names.count(sc.name) == 1 else Path(file).name
        while key in out:  # the same file given twice
            key += " (again)"
        out[key] = sc
    return out


def _compare(args: argparse.Namespace) -> int:
    scenarios = load_all(args.files)
    projections = {name: mtfp.run(sc) for name, sc in scenarios.items()}
    from mtfp.outputs import tables as export

    return emit(args, {
        "table": lambda: export.compare_text(projections),
        "csv": lambda: export.compare_csv(projections),
        "json": lambda: export.compare_json(projections),
        "xlsx": lambda: export.compare_xlsx(projections),
    })


def register(subparsers) -> None:
    parser = subparsers.add_parser("compare", help="funding gap of several scenarios side by side",
                                   description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", metavar="FILE", help="scenario YAML files")
    add_output_options(parser)
    parser.set_defaults(func=_compare)
