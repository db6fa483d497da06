"""`python -m mtfp template baseline.xlsx`: write an Excel template of a force's base-year
figures (Force, Grants, Precept, Workforce, NonPay, Reserves), prefilled with the default
scenario; `--base-year 2025/26 [--force-name NAME]` writes a present-day template, prefilled
from that force's published figures (or the present-day example), national figures left blank.
`python -m mtfp template --read FILLED.xlsx --out new.yaml` turns a filled copy into a scenario
file: national rules for the plan's own years, nothing from an illustrative force unless you
name one with --defaults. Every bad cell is reported as "Sheet!C5: reason" (exit 2), and a base
year that does not balance is reported with the amount before the projection.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import mtfp
from mtfp.cli import CliError
from mtfp.cli.run import write_file
from mtfp.scenario import dumps_scenario
from mtfp.scenario.files import read_bytes
from mtfp.units import fmt_gbp_m


def _template(args: argparse.Namespace) -> int:
    from mtfp.workbook import reader as baseline  # openpyxl and pandas: only when template runs
    from mtfp.workbook.balance import balance_message
    from mtfp.workbook.template import present_day_template

    defaults = mtfp.load_scenario(args.defaults) if args.defaults else None
    if args.read:
        if not args.out:
            raise CliError("--read needs --out NEW.yaml, the scenario file to create")
        source = Path(args.read)
        data = read_bytes(source, baseline.MAX_WORKBOOK_BYTES, what="workbook")  # refuses FIFOs, devices, huge files
        scenario = baseline.scenario_from_baseline(data, source.name, defaults)
        path = write_file(args.out, dumps_scenario(scenario), force=args.force)
        p = mtfp.run(scenario)
        unbalanced = balance_message(p)
        if unbalanced:
            print(f"warning: {unbalanced}", file=sys.stderr)
        print(f"wrote {path}: {scenario.name}, base year {scenario.base_year}, "
              f"funding gap {p.years[-1]} {fmt_gbp_m(p['funding_gap'][0, -1])}", file=sys.stderr)
        return 0
    if not args.workbook:
        raise CliError("give the template file to write, e.g. `python -m mtfp template baseline.xlsx`, "
                       "or --read FILLED.xlsx --out new.yaml")
    if args.base_year or args.force_name:
        if defaults is not None:
            raise CliError("--base-year / --force-name write a present-day template; leave out --defaults")
        try:
            book = present_day_template(args.base_year or "2025/26", args.force_name)
        except ValueError as exc:
            raise CliError(str(exc)) from None
    else:
        book = baseline.template_xlsx(defaults)
    path = write_file(args.workbook, book, force=args.force)
    print(f"wrote {path}: fill in the yellow cells, then `python -m mtfp template --read {path} --out my-force.yaml`",
          file=sys.stderr)
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("template", help="Excel template of base-year figures, and read a filled one",
                                   description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("workbook", nargs="?", help="the template .xlsx to write")
    parser.add_argument("--read", metavar="FILLED.xlsx", help="read a filled template instead of writing one")
    parser.add_argument("--out", metavar="NEW.yaml", help="with --read: the scenario file to create")
    parser.add_argument("--defaults", metavar="SCENARIO.yaml",
                        help="scenario that prefills the template and, with --read, supplies what the workbook does not "
                             "cover (opt in; without it nothing is taken from any illustrative force)")
    parser.add_argument("--base-year", metavar="YEAR", help="write a present-day template for this base year (2025/26)")
    parser.add_argument("--force-name", metavar="NAME",
                        help="prefill the present-day template from this force's published figures")
    parser.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    parser.set_defaults(func=_template)
