"""The Export page's Panel report buttons: the DOCX always, the PDF where Chromium is installed,
and the report they download is the current scenario's (an edit in the app shows in it)."""
from __future__ import annotations

from tests.app.app_helpers import current
from tests.unit.report.reports import open_docx, row, table_text


def _button(at, label):
    return next(b for b in at.get("download_button") if b.label == label)


def test_export_page_offers_the_panel_report(app):
    from mtfp.report.pdf import chromium

    app.switch_page("mtfp/ui/pages/export.py").run()
    assert not app.exception, app.exception
    labels = [b.label for b in app.get("download_button")]
    assert "Panel report (DOCX)" in labels
    if chromium() is not None:
        assert "Panel report (PDF)" in labels
    else:
        assert "Panel report (PDF)" not in labels
        assert any("The PDF needs Chromium" in c.value for c in app.caption)


def test_the_panel_report_of_an_edited_scenario_says_edited_and_follows_the_edit(app):
    # The 40% spending-review cut moved in the app is in the scenario the Export page reports on: the
    # report's gap row is the edited projection's (not the file's), and "(edited)" stands beside the name.
    import mtfp
    from mtfp.report.content import build_report
    from mtfp.report.docx import docx_bytes
    from mtfp.units import fmt_gbp_m

    original = mtfp.run(current(app))
    app.slider(key="csr_cut").set_value(40.0).run()
    app.switch_page("mtfp/ui/pages/export.py").run()
    assert not app.exception, app.exception
    scenario = current(app)
    p = mtfp.run(scenario)
    report = build_report(scenario, p, charts=False)
    doc = open_docx(docx_bytes(report))
    summary = table_text(doc.tables[[t.key for t in report.tables].index("mtfp_summary")])
    gap = p.lines["funding_gap"]
    assert row(summary, gap.label)[1:] == [fmt_gbp_m(x) for x in gap.values[0]]
    assert p["funding_gap"][0, -1] > original["funding_gap"][0, -1] + 1e6
    assert report.scenario_name.endswith("(edited)")
    assert doc.sections[0].footer.paragraphs[0].text.startswith(f"{scenario.name} (edited) · plan date")
