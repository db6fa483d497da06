"""The Panel report as PDF: the same content (mtfp.report.content) as print-styled HTML, printed
to an A4 PDF by the system Chromium in headless mode (`--print-to-pdf`).

Chromium is the browser the project already uses for chart export and browser tests
(Debian: apt-get install chromium); it is found as the consultation pack finds it
(CHROMIUM_PATH, then PATH, then the usual install paths). Where there is none, or it does not
finish within PDF_TIMEOUT_S, `print_pdf` raises PdfUnavailable saying why, so the caller can
write the DOCX and say plainly that the PDF was not made.
"""
from __future__ import annotations

import base64
import html
import os
import subprocess
import tempfile
from pathlib import Path

from mtfp.report.content import Chart, Paragraph, Report, Table

PDF_TIMEOUT_S = 90  # a first Chromium start on a busy 2-core machine takes seconds, never minutes

CSS = """
@page { size: A4; margin: 18mm 16mm 18mm 16mm;
        @bottom-center { content: "FOOTER_TEXT · page " counter(page) " of " counter(pages);
                         font: 8pt Arial, Helvetica, sans-serif; color: #555; } }
body { font: 10pt/1.4 Arial, "Liberation Sans", Helvetica, sans-serif; color: #111; }
h1.title { font-size: 24pt; margin: 20mm 0 4mm; }
p.subtitle { font-size: 15pt; color: #333; margin-bottom: 12mm; }
h2 { font-size: 14pt; margin: 8mm 0 3mm; break-after: avoid; border-bottom: 1px solid #1f3864; color: #1f3864; }
.cover { break-after: page; }
.contents { list-style: none; padding-left: 0; }
.contents li { margin: 1mm 0; }
td:first-child { min-width: 30mm; }
p.caption { font-weight: bold; font-size: 9pt; margin: 4mm 0 1mm; break-after: avoid; color: #1f3864; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin-bottom: 2mm; }
table.small { font-size: 7pt; }
th, td { border: 1px solid #888; padding: 1.2mm 1.6mm; vertical-align: top; }
th { background: #d9e2f3; text-align: left; }
td.n, th.n { text-align: right; white-space: nowrap; }
tr.total td { font-weight: bold; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
p.note { font-size: 8pt; color: #555; font-style: italic; }
p.draft { font-weight: bold; color: #a30000; border: 1.5px solid #a30000; padding: 2mm; }
p.signature { margin-top: 10mm; }
img { width: 100%; }
td.wrap { word-break: break-word; }
"""


class PdfUnavailable(RuntimeError):
    """No PDF could be printed here (no Chromium, or it failed or timed out); the message says why."""


def _figure(text: str) -> bool:
    stripped = text.replace("-", "").replace("£", "").replace(",", "").replace(".", "").replace("%", "")
    stripped = stripped.replace("m", "").replace("k", "").replace("/9", "")
    return bool(stripped) and stripped.isdigit()


def _table(t: Table, header: bool = True) -> str:
    e = html.escape
    head = "".join(f'<th class="{"n" if j else ""}">{e(h)}</th>' for j, h in enumerate(t.header)) if header else ""
    body = []
    for i, row in enumerate(t.rows):
        cells = "".join(f'<td class="{"n" if j and _figure(c) else "wrap"}">{e(c)}</td>' for j, c in enumerate(row))
        body.append(f'<tr class="{"total" if i in t.bold else ""}">{cells}</tr>')
    note = f'<p class="note">{e(t.note)}</p>' if t.note else ""
    return (f'<p class="caption">{e(t.caption)}</p><table class="{"small" if t.small else ""}">'
            f'{f"<thead><tr>{head}</tr></thead>" if header else ""}<tbody>{"".join(body)}</tbody></table>{note}')


def _chart(c: Chart) -> str:
    e = html.escape
    if c.png is None:
        return f'<p class="caption">{e(c.caption)}</p><p class="note">{e(c.unavailable)} What it shows: {e(c.alt)}</p>'
    data = base64.b64encode(c.png).decode("ascii")
    return f'<p class="caption">{e(c.caption)}</p><img src="data:image/png;base64,{data}" alt="{e(c.alt)}">'


def _paragraph(p: Paragraph) -> str:
    lead = f"<strong>{html.escape(p.lead)}</strong> " if p.lead else ""
    return f'<p class="{p.kind}">{lead}{html.escape(p.text)}</p>'


def _css_string(text: str) -> str:
    """Text safe inside a CSS string in a <style> element: anything but letters, digits and plain
    punctuation as a CSS escape (so a name with `"` or `</style>` cannot end the string or the element)."""
    return "".join(c if c.isalnum() or c in " .,·-()/" else f"\\{ord(c):x} " for c in text)


def report_html(report: Report) -> str:
    """The report as one self-contained, print-styled HTML page (charts inlined as PNG)."""
    e = html.escape
    footer = f"{report.scenario_name} · plan date {report.as_of.day} {report.as_of:%B %Y}"
    css_footer = _css_string(footer)
    parts = [f'<section class="cover"><h1 class="title">{e(report.title)}</h1>'
             f'<p class="subtitle">{e(report.subtitle)}</p>'
             + "".join(f"<p>{e(line)}</p>" for line in report.cover) + _table(report.key_figures, header=False)
             + '<h2>Contents</h2><ul class="contents">'
             + "".join(f"<li>{e(s.heading)}</li>" for s in report.sections) + "</ul></section>"]
    for s in report.sections:
        blocks = []
        for b in s.blocks:
            blocks.append(_table(b) if isinstance(b, Table) else _chart(b) if isinstance(b, Chart) else _paragraph(b))
        parts.append(f"<section><h2>{e(s.heading)}</h2>{''.join(blocks)}</section>")
    return (f'<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>{e(report.title)}</title>'
            f'<style>{CSS.replace("FOOTER_TEXT", css_footer)}</style></head><body>{"".join(parts)}</body></html>')


def chromium() -> str | None:
    """The system Chromium, or None (mtfp.consultation.summary.chromium_path: CHROMIUM_PATH, PATH, usual paths)."""
    from mtfp.consultation.summary import chromium_path

    return chromium_path()


def print_pdf(page_html: str, timeout_s: float = PDF_TIMEOUT_S) -> bytes:
    """Print an HTML page to A4 PDF bytes with headless Chromium. Raises PdfUnavailable."""
    browser = chromium()
    if browser is None:
        where = os.environ.get("CHROMIUM_PATH")
        raise PdfUnavailable(f"CHROMIUM_PATH is set to {where}, which does not exist" if where else
                             "no Chromium was found (Debian/Ubuntu: apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="mtfp-report-") as folder:
        page, out = Path(folder) / "report.html", Path(folder) / "report.pdf"
        page.write_text(page_html, encoding="utf-8")
        command = [browser, "--headless", "--disable-gpu", "--no-pdf-header-footer", "--disable-extensions",
                   "--disable-background-networking", f"--user-data-dir={Path(folder) / 'profile'}",
                   f"--print-to-pdf={out}", page.as_uri()]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(1, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout_s, check=False)
        except subprocess.TimeoutExpired:
            raise PdfUnavailable(f"Chromium did not finish printing within {timeout_s:g} s") from None
        except OSError as exc:
            raise PdfUnavailable(f"Chromium could not be started ({exc.strerror or exc})") from None
        if not out.is_file() or out.stat().st_size == 0:
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise PdfUnavailable(f"Chromium exited with code {done.returncode} without writing the PDF"
                                 + (f" ({detail[-1][:200]})" if detail else ""))
        return out.read_bytes()


def pdf_bytes(report: Report) -> bytes:
    """The report as PDF bytes (raises PdfUnavailable where it cannot be printed here)."""
    return print_pdf(report_html(report))
