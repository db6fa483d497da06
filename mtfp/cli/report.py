"""`python -m mtfp report FILE --out DIR`: the Panel budget report (precept proposal and MTFP) as
DOCX and PDF (mtfp.report).

Exit code 0 when the DOCX is written, even where the PDF cannot be made (no Chromium): the
command then says plainly on stderr that the PDF was not made and why. 2 for a bad scenario
or a report file already in the folder (without --force).
"""
from __future__ import annotations

import sys

from mtfp.cli.pack import _date


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "report", help="write the Police and Crime Panel budget report (DOCX and PDF)",
        description="Write the precept proposal and medium-term financial plan report a Police and Crime Panel "
                    "receives, for one scenario: recommendations, funding, budget bridge, MTFP, workforce, savings, "
                    "sensitivity, precept options, capital, reserves, risks, a drafted section 25 statement and the "
                    "assumptions with their sources. DOCX always; PDF printed by Chromium where it is installed "
                    "(if not, the DOCX is still written, the command says why, and exits 0).")
    parser.add_argument("file", metavar="FILE", help="scenario file")
    parser.add_argument("--out", required=True, metavar="DIR", help="folder to write the report into (made if missing)")
    parser.add_argument("--date", type=_date, default=None, metavar="YYYY-MM-DD",
                        help="plan date printed on the report (default: the scenario's own date)")
    parser.add_argument("--force", action="store_true", help="replace report files already in the folder")
    parser.add_argument("--no-pdf", action="store_true", help="write the DOCX only")
    parser.add_argument("--no-charts", action="store_true", help="leave the charts out (each says so)")
    parser.set_defaults(func=run)


def run(args) -> int:
    from mtfp.cli import CliError
    from mtfp.report.write import ReportNotWritten, write_report

    try:
        written = write_report(args.file, args.out, as_of=args.date, force=args.force, pdf=not args.no_pdf,
                               charts=not args.no_charts)
    except ReportNotWritten as exc:
        raise CliError(str(exc)) from None
    for path in written.files:
        print(f"Wrote {path}")
    for note in written.notes:
        print(f"note: {note}", file=sys.stderr)
    if written.pdf_problem:
        print(f"warning: the PDF was not made: {written.pdf_problem}. The DOCX has the same content.", file=sys.stderr)
    return 0
