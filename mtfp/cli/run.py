"""`python -m mtfp run FILE`: the year-by-year plan, key figures and the master check.

`--format table|csv|json|xlsx` and `--out PATH` write the same results to a file (atomic,
never over an existing file unless `--force`). CSV and JSON may go to stdout; XLSX needs --out.
"""
from __future__ import annotations

import argparse
import sys

import mtfp
from mtfp.cli import CliError
from mtfp.scenario.national import incomplete_message

FORMATS = ["table", "csv", "json", "xlsx"]


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """--format, --out and --force, shared by run and compare."""
    parser.add_argument("--format", choices=FORMATS, default="table",
                        help="table (default, for reading), csv or json (full precision, pounds), xlsx (needs --out)")
    parser.add_argument("--out", metavar="PATH", help="write to this file instead of the screen")
    parser.add_argument("--force", action="store_true", help="overwrite --out if it already exists")


def write_file(path, data: bytes | str, force: bool = False):
    """export.write_output, with a file-system refusal (no permission, a folder in the way)
    reported as a user error rather than a traceback."""
    from mtfp.outputs import tables as export

    try:
        return export.write_output(path, data, force=force)
    except (FileExistsError, FileNotFoundError):
        raise
    except OSError as exc:
        raise CliError(f"{path}: cannot write the file ({exc.strerror or exc})") from None


def emit(args: argparse.Namespace, render: dict) -> int:
    """Render the chosen format (render maps format -> zero-argument function) and print or write it."""
    if args.format == "xlsx" and not args.out:
        raise CliError("--format xlsx needs --out PATH (a workbook cannot be printed on the screen)")
    data = render[args.format]()
    if args.out:
        path = write_file(args.out, data, force=args.force)
        print(f"wrote {path}", file=sys.stderr)
    else:
        sys.stdout.write(data if data.endswith("\n") else data + "\n")
    return 0


def _run(args: argparse.Namespace) -> int:
    scenario = mtfp.load_scenario(args.file)
    p = mtfp.run(scenario)
    warning = incomplete_message(scenario)
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    from mtfp.results import warnings

    for text in warnings(p):  # e.g. an officer reduction attrition cannot deliver
        print(f"warning: {text}", file=sys.stderr)
    from mtfp.outputs import tables as export  # here, not at the top: `--help` needs none of it

    return emit(args, {
        "table": lambda: export.results_text(p),
        "csv": lambda: export.results_csv(p),
        "json": lambda: export.results_json(p),
        "xlsx": lambda: export.results_xlsx(p, scenario),
    })


def register(subparsers) -> None:
    parser = subparsers.add_parser("run", help="project one scenario and print its funding gap year by year",
                                   description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", help="scenario YAML file, e.g. scenarios/csr-25.yaml")
    add_output_options(parser)
    parser.set_defaults(func=_run)
