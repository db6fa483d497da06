"""`python -m mtfp solve FILE --for precept|savings|posts|cut`: what would close the gap?

precept: the Band D rise a year balancing --year (default the final year) or --whole-plan,
within the referendum limit unless --allow-referendum; savings: further savings each year
keeping the general reserve at its minimum; posts: the FTE reduction in --group (default
police officers) balancing --year, split into attrition and redundancies; cut: the deepest
real-terms grant cut before the general reserve breaches its minimum by --year.
"Balancing" a year means its gap after one-off items and reserve movements (the budget
requirement less general grants, council tax and the collection fund) is nil; the recurring
(structural) gap the headline shows may remain, met by one-offs or reserves.
Exit code 0 when the answer is feasible, 1 when it is not (the reason is printed), 2 for
invalid input. --save PATH writes the scenario with the answer applied.
"""
from __future__ import annotations

import argparse
import sys

from mtfp.cli.sensitivity import _year
from mtfp.scenario import load_scenario, save_scenario

EXIT_NOT_FEASIBLE = 1


def _solve(args: argparse.Namespace) -> int:
    from mtfp.analysis import goalseek
    from mtfp.outputs import analysis_text as report  # heavy (scipy): only when used

    scenario = load_scenario(args.file)
    year = _year(args.year)
    if args.target == "precept":
        answer = goalseek.precept(scenario, year, whole_plan=args.whole_plan, allow_referendum=args.allow_referendum)
    elif args.target == "savings":
        answer = goalseek.savings(scenario)
    elif args.target == "posts":
        answer = goalseek.posts(scenario, args.group, year)
    else:
        answer = goalseek.breakeven_cut(scenario, year)
    print(report.answer_json(answer) if args.format == "json" else report.answer_text(answer))
    if args.save:
        if answer.scenario is None:
            print(f"error: no scenario to save: {answer.message}", file=sys.stderr)
        else:
            path = save_scenario(answer.scenario, args.save, overwrite=args.force)
            print(f"wrote {path}", file=sys.stderr)
    return 0 if answer.feasible else EXIT_NOT_FEASIBLE


def register(subparsers) -> None:
    parser = subparsers.add_parser("solve", help="goal seek: precept rise, savings, posts or break-even cut",
                                   description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", help="scenario YAML file")
    parser.add_argument("--for", dest="target", required=True, choices=["precept", "savings", "posts", "cut"])
    parser.add_argument("--year", help="target year, e.g. 2018/19 (default: the final year)")
    parser.add_argument("--whole-plan", action="store_true", help="precept: balance the sum of all years' gaps")
    parser.add_argument("--allow-referendum", action="store_true", help="precept: allow a rise above the referendum limit")
    parser.add_argument("--group", help="posts: workforce group, e.g. police_staff (default: police officers)")
    parser.add_argument("--format", choices=["table", "json"], default="table")
    parser.add_argument("--save", metavar="PATH", help="write the scenario with the answer applied")
    parser.add_argument("--force", action="store_true", help="overwrite --save if it exists")
    parser.set_defaults(func=_solve)
