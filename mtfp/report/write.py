"""Write the Panel report of one scenario file into a folder: `<stem>-panel-report.docx` and,
where Chromium can print it, `<stem>-panel-report.pdf` (atomic writes; an existing file is
replaced only with `force`)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from mtfp.atomic import write_atomic


class ReportNotWritten(Exception):
    """The folder or a file could not be written (no permission, a read-only disk, a bad path)."""


@dataclass
class Written:
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was not made here, and why
    pdf_problem: str | None = None  # why the PDF was not made (None: it was)


def report_stem(path: Path) -> str:
    return f"{Path(path).stem}-panel-report"


def write_report(scenario_path, out_dir, as_of: dt.date | None = None, force: bool = False, pdf: bool = True,
                 charts: bool = True) -> Written:
    """Build the report of the scenario file and write it into `out_dir` (made if missing).

    Raises ScenarioError for a bad scenario, FileExistsError where a report file is already
    there without `force`. A PDF that cannot be printed is not an error: `pdf_problem` says why.
    """
    import mtfp
    from mtfp.report.content import build_report
    from mtfp.report.docx import docx_bytes
    from mtfp.scenario.plandate import plan_date

    scenario_path, out_dir = Path(scenario_path), Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise FileExistsError(f"{out_dir}: exists and is not a folder")
    stem = report_stem(scenario_path)
    targets = [out_dir / f"{stem}.docx"] + ([out_dir / f"{stem}.pdf"] if pdf else [])
    existing = [t for t in targets if t.exists()]
    if existing and not force:
        raise FileExistsError(f"{existing[0]}: already exists; choose another folder or add --force to replace it")
    scenario = mtfp.load_scenario(scenario_path)
    report = build_report(scenario, as_of=as_of or plan_date(scenario, scenario_path), charts=charts)
    out = Written(notes=list(report.notes))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        out.files.append(write_atomic(targets[0], docx_bytes(report), overwrite=force))
        if pdf:
            from mtfp.report.pdf import PdfUnavailable, pdf_bytes

            try:
                out.files.append(write_atomic(targets[1], pdf_bytes(report), overwrite=force))
            except PdfUnavailable as exc:
                out.pdf_problem = str(exc)
    except FileExistsError:
        raise
    except OSError as exc:
        raise ReportNotWritten(f"{out_dir}: cannot write the report there ({exc.strerror or exc})") from None
    return out
