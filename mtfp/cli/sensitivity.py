"""`python -m mtfp sensitivity FILE --method table|tornado|sobol|morris`: what moves the gap.

table: effect on each year's gap of +1 percentage point on each rate and +£1 on Band D;
tornado: each uncertain assumption at its low and high value; sobol: SALib Sobol indices
(first-order and total, with 95% intervals); morris: SALib Morris screen. Uncertain
assumptions are the file's `distribution`s, else illustrative planning ranges.
"""
from __future__ import annotations

import argparse

from mtfp.cli import CliError
from mtfp.cli.run import add_output_options, emit
from mtfp.results import scenario_title
from mtfp.scenario import load_scenario


def _sensitivity(args: argparse.Namespace) -> int:
    from mtfp.analysis import sensitivity
    from mtfp.analysis.goalseek import year_index
    from mtfp.outputs import analysis_text as report  # heavy (scipy, SALib): only when used

    scenario = load_scenario(args.file)
    year = year_index(scenario, _year(args.year))
    if args.n < 16 or args.n & (args.n - 1):
        raise CliError(f"--n {args.n}: Sobol needs a power of two, at least 16 (e.g. 1024)")
    if args.method == "table":
        frame = sensitivity.rate_table(scenario)
    elif args.method == "tornado":
        frame = sensitivity.tornado(scenario, year=year)
    elif args.method == "sobol":
        frame = sensitivity.sobol(scenario, n=args.n, seed=args.seed, year=year)
    else:
        frame = sensitivity.morris(scenario, seed=args.seed, year=year)
    return emit(args, {
        "table": lambda: report.sensitivity_text(args.method, frame),
        "csv": lambda: report.frame_csv(frame),
        "json": lambda: report.frame_json(frame),
        "xlsx": lambda: report.xlsx({args.method: frame}, {"scenario": scenario_title(scenario), "method": args.method,
                                                            **{k: str(v) for k, v in frame.attrs.items()}}),
    })


def _year(text: str | None):
    if text is None:
        return None
    return int(text) if text.lstrip("-").isdigit() else text


def register(subparsers) -> None:
    parser = subparsers.add_parser("sensitivity", help="which assumptions move the gap most",
                                   description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", help="scenario YAML file")
    parser.add_argument("--method", choices=["table", "tornado", "sobol", "morris"], default="table")
    parser.add_argument("--year", help="year whose gap tornado/sobol/morris explain, e.g. 2018/19 (default: final year)")
    parser.add_argument("--n", type=int, default=1024, help="Sobol base sample size, a power of two (default 1024)")
    parser.add_argument("--seed", type=int, default=2015, help="seed for the Sobol and Morris samples")
    add_output_options(parser)
    parser.set_defaults(func=_sensitivity)
