"""`python -m mtfp new --force NAME --base-year 2025/26 --out my-force.yaml`: start a scenario
from your force's published figures.

Written in: the 2025/26 core grant (Police Grant Report), Band D with its status, the 2025/26
precept (as tax base x Band D, the tax base derived and marked as an estimate), officer FTE
at 31 March 2026, each with its source; the national rules for the plan's years (inherited
when the file is read); neutral settings elsewhere (no savings plan, collaboration or growth
items). Every figure the shipped data does not hold is a placeholder `source: estimate`
with the reason: `python -m mtfp validate FILE` lists them. The file is never overwritten.
Names are forgiving ("avon & somerset police"); an unknown name lists the closest ones.
"""
from __future__ import annotations

import argparse
import sys

import yaml

import mtfp
from mtfp.atomic import write_atomic
from mtfp.cli import CliError
from mtfp.scenario.files import validate
from mtfp.scenario.forces import SUPPORTED_BASE_YEARS, all_forces, find_force, force_scenario
from mtfp.scenario.national import figures_by_basis
from mtfp.units import fmt_gbp_m


def scenario_text(data: dict) -> str:
    header = (f"# {data['name']}: started from the published figures shipped with mtfp (mtfp/data/forces/SOURCES.md).\n"
              "# National rules (referendum principle, employer NI, levy, officer pension, pay awards, deflator)\n"
              f"# are inherited from the {data['nation'].title()} table for the plan's years: set a field here to override it.\n"
              "# Every `source: estimate` is a placeholder awaiting your force's own figure (its note says why).\n")
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110)


def _new(args: argparse.Namespace) -> int:
    if args.list:
        for force in all_forces().values():
            print(f"{force.code}  {force.name} ({force.nation})")
        return 0
    if not args.force_name or not args.out:
        raise CliError("give --force NAME and --out FILE.yaml (`python -m mtfp new --list` lists the 43 forces)")
    try:
        force = find_force(args.force_name)
        data = force_scenario(force.name, args.base_year, args.years)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    scenario = validate(data, args.out)
    path = write_atomic(args.out, scenario_text(data), exists_hint="choose another --out name")
    groups = figures_by_basis(scenario)
    p = mtfp.run(scenario)
    print(f"wrote {path}: {force.name} ({force.code}, {force.nation.title()}), base year {scenario.base_year}, "
          f"gap {p.years[-1]} {fmt_gbp_m(p['funding_gap'][0, -1])}", file=sys.stderr)
    print(f"{len(groups['national'])} figures inherited from the national rules ({force.nation.title()}); "
          f"{len(groups['estimate'])} figures are estimates awaiting your force's figure:", file=sys.stderr)
    for field in groups["estimate"]:
        print(f"  {field}", file=sys.stderr)
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("new", help="start a scenario from your force's published figures",
                                   description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--force", dest="force_name", metavar="NAME", help="the force, e.g. 'Leicestershire' or 'Avon & Somerset'")
    parser.add_argument("--base-year", default=SUPPORTED_BASE_YEARS[-1], choices=SUPPORTED_BASE_YEARS,
                        help="the year of known figures (default %(default)s)")
    parser.add_argument("--years", type=int, default=5, choices=range(1, 11), metavar="N",
                        help="projected years after the base year (default 5, to 2030/31)")
    parser.add_argument("--out", metavar="FILE.yaml", help="the scenario file to create (never overwritten)")
    parser.add_argument("--list", action="store_true", help="list the forces in the shipped data")
    parser.set_defaults(func=_new)
