"""Benchmark the Panel report for example-2026: building its content (the model, the re-runs for
sensitivities and precept options, the two charts), writing the DOCX and printing the PDF.
Prints figures.

    python -m benchmarks.bench_report        # from the repository root (its own mtfp)

The first content build starts kaleido's browser for the charts (seconds, once per process);
it is timed apart ("first build"), then the best of 3 of each step. PDF needs Chromium: where
there is none the line says so. Target: the whole report (content + DOCX + PDF) in a few seconds.
"""
from __future__ import annotations

import datetime as dt
import time

import mtfp
from mtfp.data import scenarios_dir
from mtfp.report.content import build_report
from mtfp.report.docx import docx_bytes
from mtfp.report.pdf import PdfUnavailable, pdf_bytes

TARGET_S = 5.0  # content + DOCX + PDF, after the first build
AS_OF = dt.date(2026, 12, 2)


def best_of(func, repeat: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> int:
    scenario = mtfp.load_scenario(scenarios_dir() / "example-2026.yaml")
    start = time.perf_counter()
    build_report(scenario, as_of=AS_OF)
    first = time.perf_counter() - start
    print(f"first build (starts the chart browser): {first:.2f} s")
    content_s, report = best_of(lambda: build_report(scenario, as_of=AS_OF))
    no_charts_s, _ = best_of(lambda: build_report(scenario, as_of=AS_OF, charts=False))
    docx_s, docx = best_of(lambda: docx_bytes(report))
    print(f"content with charts: {content_s:.2f} s (without charts {no_charts_s:.3f} s: the model and its "
          f"{len(report.table('sensitivity').rows) + len(report.table('precept_options').rows)} re-runs)")
    drawn = sum(c.png is not None for c in report.charts)
    print(f"charts drawn: {drawn} of {len(report.charts)}" + "".join(f"; {n}" for n in report.notes))
    print(f"DOCX: {docx_s:.2f} s, {len(docx) / 1e3:,.0f} kB")
    try:
        pdf_s, pdf = best_of(lambda: pdf_bytes(report))
        print(f"PDF (headless Chromium): {pdf_s:.2f} s, {len(pdf) / 1e3:,.0f} kB")
    except PdfUnavailable as exc:
        pdf_s = 0.0
        print(f"PDF: not made here: {exc}")
    total = content_s + docx_s + pdf_s
    print(f"report (content + DOCX + PDF): {total:.2f} s, target <= {TARGET_S:g} s: {'ok' if total <= TARGET_S else 'SLOW'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
