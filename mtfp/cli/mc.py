"""`python -m mtfp mc FILE`: Monte Carlo over the uncertain assumptions.

Percentiles by year of the funding gap and the closing general reserve, the probability
that the reserve falls below its minimum or runs out, the cumulative gap, P(gap > X), and
the combinations of assumptions that explain a breach by year 3. The scenario's own
`distribution`s are used; a file without any gets illustrative planning ranges (and says so).
Draws, seed, sampler and savings delivery come from the options, else the file's
`uncertainty:` section. Same file + same seed -> identical numbers.
"""
from __future__ import annotations

import argparse
import sys

from mtfp.cli import CliError
from mtfp.cli.run import add_output_options, emit
from mtfp.scenario import load_scenario

MAX_DRAWS = 1_000_000


def progress_bar(done: int, total: int, width: int = 30) -> None:
    """A progress bar on stderr (stdout stays clean for --format csv/json)."""
    filled = int(width * done / total)
    end = "\n" if done >= total else ""
    print(f"\rMonte Carlo [{'#' * filled}{' ' * (width - filled)}] {done:,}/{total:,} draws", end=end,
          file=sys.stderr, flush=True)


def _mc(args: argparse.Namespace) -> int:
    from mtfp.analysis import discovery, montecarlo
    from mtfp.outputs import analysis_text as report  # heavy (scipy, sklearn): only when used

    scenario = load_scenario(args.file)
    if args.draws is not None and not 2 <= args.draws <= MAX_DRAWS:
        raise CliError(f"--draws {args.draws}: expected 2 to {MAX_DRAWS:,} (draw 0 is the central case)")
    if args.seed is not None and args.seed < 0:
        raise CliError(f"--seed {args.seed}: expected a whole number 0 or more")
    opts = montecarlo.settings(scenario, args.draws, args.seed, args.sampler, args.savings_delivery)
    long_run = opts["draws"] > montecarlo.CHUNK and not args.quiet
    mc = montecarlo.simulate(scenario, opts["draws"], opts["seed"], opts["sampler"], opts["savings_delivery"],
                             progress=progress_bar if long_run else None)
    threshold = None if args.threshold is None else args.threshold * 1e6
    found = discovery.explain(mc, by_year=3)
    return emit(args, {
        "table": lambda: report.mc_text(mc, threshold, found),
        "csv": lambda: report.mc_csv(mc),
        "json": lambda: report.mc_json(mc, threshold, found),
        "xlsx": lambda: report.mc_xlsx(mc, threshold),
    })


def register(subparsers) -> None:
    parser = subparsers.add_parser("mc", help="Monte Carlo: ranges of the gap and the risk to reserves",
                                   description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", help="scenario YAML file")
    parser.add_argument("--draws", type=int, help="number of draws including the central case (default: file, else 10,000)")
    parser.add_argument("--seed", type=int, help="random seed (default: file, else 2015)")
    parser.add_argument("--sampler", choices=["lhs", "sobol", "random"], help="Latin hypercube (default), Sobol or random")
    parser.add_argument("--savings-delivery", choices=["bernoulli", "expected"],
                        help="bernoulli: each savings item delivered in full or not, with its confidence as the chance")
    parser.add_argument("--threshold", type=float, metavar="X", help="also report P(final-year gap > X £m)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    add_output_options(parser)
    parser.set_defaults(func=_mc)
