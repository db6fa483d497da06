"""`python -m mtfp validate FILE ...`: check scenario files against the schema and report
every problem, one line each (file, field path, value, what is allowed). Exit 2 if any.
"""
from __future__ import annotations

import argparse

import mtfp
from mtfp.scenario import ScenarioError
from mtfp.scenario.national import figures_by_basis, nation_name


def basis_report(scenario) -> list[str]:
    """Lines saying which figures are national defaults and which are estimates still to replace."""
    groups = figures_by_basis(scenario)
    lines = []
    if groups["national"]:
        lines.append(f"  {len(groups['national'])} figures inherited from the national rules ({nation_name(scenario)}):")
        lines += [f"    {path}" for path in groups["national"]]
    if groups["estimate"]:
        lines.append(f"  {len(groups['estimate'])} figures are estimates awaiting your force's figure:")
        lines += [f"    {path}" for path in groups["estimate"]]
    return lines


def _validate(args: argparse.Namespace) -> int:
    problems = []
    for file in args.files:
        try:
            scenario = mtfp.load_scenario(file)
        except ScenarioError as exc:
            problems += exc.problems
        else:
            print(f"{file}: valid")
            for line in basis_report(scenario):
                print(line)
    if problems:
        raise ScenarioError(problems)  # main() prints one line each on stderr, exit 2
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("validate", help="check scenario files and list every problem",
                                   description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", metavar="FILE", help="scenario YAML files")
    parser.set_defaults(func=_validate)
