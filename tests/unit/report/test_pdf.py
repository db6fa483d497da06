"""The PDF route: print HTML of the same content, printed by headless Chromium where there is one."""
from __future__ import annotations

import shutil
import subprocess

import pytest

import mtfp
from mtfp.report import pdf
from mtfp.report.content import build_report
from mtfp.units import fmt_gbp_m
from tests.unit.report.reports import AS_OF, tiny_precept


@pytest.fixture(scope="module")
def tiny_report():
    return build_report(tiny_precept(), as_of=AS_OF, charts=False)


def test_print_html_holds_every_heading_and_table(tiny_report):
    page = pdf.report_html(tiny_report)
    for section in tiny_report.sections:
        assert f"<h2>{section.heading}</h2>" in page.replace("&#x27;", "'")
    assert page.count("<table") == len(tiny_report.tables)
    assert "Tiny force · plan date 2 December 2026 · page" in page


def test_a_hostile_scenario_name_is_escaped():
    scenario = tiny_precept({"name": "Force <script>alert(1)</script>"})
    page = pdf.report_html(build_report(scenario, as_of=AS_OF, charts=False))
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_no_chromium_is_said_plainly(tiny_report, monkeypatch):
    monkeypatch.setenv("CHROMIUM_PATH", "/nonexistent/chromium")
    with pytest.raises(pdf.PdfUnavailable, match="CHROMIUM_PATH is set to /nonexistent/chromium, which does not exist"):
        pdf.pdf_bytes(tiny_report)


@pytest.mark.skipif(pdf.chromium() is None, reason="no Chromium here to print the PDF")
def test_the_pdf_is_a_valid_a4_document_with_the_figures(tiny_report, tmp_path):
    data = pdf.pdf_bytes(tiny_report)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    target = tmp_path / "report.pdf"
    target.write_bytes(data)
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout
        pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
        assert pages >= 5
        assert "pts (A4)" in info
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "1. Recommendations" in text and "£210.00" in text
        assert fmt_gbp_m(mtfp.run(tiny_precept())["precept"][0, 1]) in text  # £21.0m
