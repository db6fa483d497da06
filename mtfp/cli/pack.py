"""`python -m mtfp pack FILE [FILE...] --out DIR`: write the consultation pack (mtfp.consultation.pack)."""
from __future__ import annotations

import argparse
import datetime as dt

DEFAULT_OPTIONS = "consultation/options.yaml"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--date: {text!r} is not a date like 2015-11-01") from None


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "pack", help="write the public consultation pack (charts, data, alt text, summary, index.html)",
        description="Write the consultation pack for one scenario (first FILE) and a comparison set "
                    "(the other FILEs, or the csr-*.yaml scenarios beside FILE): charts as PNG/SVG/PDF "
                    "(with Chromium) and HTML, a CSV and alt text for each, a one-page summary and index.html.")
    parser.add_argument("files", nargs="+", metavar="FILE", help="scenario file(s); the first is the one consulted on")
    parser.add_argument("--out", required=True, metavar="DIR", help="folder to write (must be empty unless --force)")
    parser.add_argument("--options", default=DEFAULT_OPTIONS, metavar="FILE",
                        help=f"consultation options file (default {DEFAULT_OPTIONS})")
    parser.add_argument("--date", type=_date, default=None, metavar="YYYY-MM-DD",
                        help="plan date printed on the charts and pages (default: the scenario's own date: its "
                             "latest change-log entry, else the file's modification date)")
    parser.add_argument("--force", action="store_true", help="write into a non-empty folder, replacing files")
    parser.add_argument("--html-only", action="store_true", help="skip PNG/SVG/PDF even where Chromium exists")
    parser.set_defaults(func=run)


def run(args) -> int:
    from mtfp.consultation.pack import build_pack

    result = build_pack(args.files, args.out, args.options, as_of=args.date, force=args.force,
                        static=not args.html_only)
    print(f"Wrote {len(result.files)} files to {result.out_dir} (open {result.out_dir / 'index.html'})")
    for note in result.notes:
        print(f"note: {note}")
    return 0
