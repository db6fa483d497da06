"""`python -m mtfp validate FILE ...`: check scenario files against the schema and report
every problem, one line each (file, field path, value, what is allowed). Exit 2 if any.
"""
from __future__ import annotations

import argparse

import mtfp
from mtfp.scenario import ScenarioError


def _validate(args: argparse.Namespace) -> int:
    problems = []
    for file in args.files:
        try:
            mtfp.load_scenario(file)
        except ScenarioError as exc:
            problems += exc.problems
        else:
            print(f"{file}: valid")
    if problems:
        raise ScenarioError(problems)  # main() prints one line each on stderr, exit 2
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("validate", help="check scenario files and list every problem",
                                   description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", metavar="FILE", help="scenario YAML files")
    parser.set_defaults(func=_validate)
