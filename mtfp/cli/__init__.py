"""Command line: `python -m mtfp COMMAND ...`.

Each command lives in its own module under mtfp/cli with `register(subparsers)`,
which adds its parser and sets `func`; heavy libraries are imported inside each command's
function, so `mtfp run` does not pay for pandas or plotly it does not use. Exit codes: 0 success, 2 invalid input (message on
stderr naming the file, the field, the value and what is allowed; never a traceback), 70 an
internal error (one line asking for a report, still no traceback).
"""
from __future__ import annotations

import argparse
import sys

from mtfp.scenario import ScenarioError

EXIT_OK = 0
EXIT_INVALID = 2
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug in mtfp, not in the input


class CliError(Exception):
    """A user error the command reports on stderr with exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    # Commands in the order `--help` lists them.
    from mtfp.cli import app, compare, diff, mc, new, pack, report, run, sensitivity, solve, template, validate

    parser = argparse.ArgumentParser(prog="mtfp", description="Police medium-term financial plan scenario modeller.")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in (run, compare, validate, diff, new, template, pack, report, mc, sensitivity, solve, app):
        command.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args) or EXIT_OK
    except ScenarioError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_INVALID
    except (CliError, FileExistsError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last resort: one line, never a traceback
        from mtfp.scenario.params import shown

        print(f"internal error: {type(exc).__name__}: {shown(str(exc))[1:-1]} (this is a bug in mtfp, not in "
              "your file; please report it with the command you ran)", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
