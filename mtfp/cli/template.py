"""`python -m mtfp template baseline.xlsx`: write an Excel template of a force's base-year
figures (Force, Grants, Precept, Workforce, NonPay, Reserves), prefilled with the default
scenario. `python -m mtfp template --read FILLED.xlsx --out new.yaml` turns a filled copy
into a scenario file; every bad cell is reported as "Sheet!C5: reason" (exit 2).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import mtfp
from mtfp.cli import CliError
from mtfp.cli.run import write_file
from mtfp.scenario import ScenarioError, dumps_scenario


def _template(args: argparse.Namespace) -> int:
    from mtfp.workbook import reader as baseline  # openpyxl and pandas: only when template runs

    defaults = mtfp.load_scenario(args.defaults) if args.defaults else None
    if args.read:
        if not args.out:
            raise CliError("--read needs --out NEW.yaml, the scenario file to create")
        source = Path(args.read)
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise ScenarioError([f"{source}: cannot read the workbook ({exc.strerror or exc})"]) from None
        scenario = baseline.scenario_from_baseline(data, source.name, defaults)
        path = write_file(args.out, dumps_scenario(scenario), force=args.force)
        p = mtfp.run(scenario)
        print(f"wrote {path}: {scenario.name}, base year {scenario.base_year}, "
              f"funding gap {p.years[-1]} {p['funding_gap'][0, -1] / 1e6:,.1f} £m", file=sys.stderr)
        return 0
    if not args.workbook:
        raise CliError("give the template file to write, e.g. `python -m mtfp template baseline.xlsx`, "
                       "or --read FILLED.xlsx --out new.yaml")
    path = write_file(args.workbook, baseline.template_xlsx(defaults), force=args.force)
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
                        help="scenario that prefills the template and supplies what it does not cover "
                             "(default: scenarios/default.yaml)")
    parser.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    parser.set_defaults(func=_template)
