"""Every page of the app runs on the default scenario without an exception or an error."""
from __future__ import annotations

import re

import pytest

from mtfp.ui.navigation import PAGES
from tests.app.app_helpers import TIMEOUT, chart_titles, errors, metric
from tests.conftest import ROOT

# AppTest addresses pages by path relative to app.py.
PAGE_SCRIPTS = [f"mtfp/ui/pages/{script}" for script, _, _ in PAGES]


@pytest.mark.parametrize("script", PAGE_SCRIPTS)
def test_page_runs(app, script):
    app.switch_page(script).run()
    assert not app.exception, app.exception
    assert errors(app) == []


def test_scenario_page_shows_the_default_scenario_headline_and_master_check(app):
    # Given the built-in default (SR2015, -1.3% real terms), the model's final-year gap is
    # A £3.2m recurring gap in 2019/20 and every identity holds: the page says both.
    import mtfp
    from mtfp.charts import plan as charts
    from mtfp.ui.state import DEFAULT_FILE
    from mtfp.units import fmt_gbp_m

    p = mtfp.run(mtfp.load_scenario(DEFAULT_FILE))
    assert metric(app, "Recurring gap 2019/20") == fmt_gbp_m(p["recurring_gap"][0, -1])
    assert metric(app, "Cumulative gap after reserves") == fmt_gbp_m(p["cumulative_gap"][0, -1])
    assert any("Master check: all" in s.value for s in app.success)
    titles = chart_titles(app)
    assert len(titles) == 2  # the gap chart and the open tab's chart (others are drawn when opened)
    assert titles[0] == charts.gap_title(p["funding_gap"][0, -1], "2019/20") == "We need to save £2.9m by 2019/20"


def test_each_chart_tab_draws_its_chart(app):
    seen = []
    for label in ["Gap bridge", "Funding and spending", "Reserves", "Workforce (FTE)"]:
        app.session_state["chart_tab"] = label
        app.run()
        assert not app.exception
        titles = chart_titles(app)
        assert len(titles) == 2
        seen.append(titles[1])
    assert len(set(seen)) == 4, seen


def test_consultation_hook_without_the_module_or_file_reports_plainly(scenario_dir, monkeypatch):
    # `streamlit run app.py -- --consultation FILE` hands over to the consultation view; a
    # missing file (or a version without the view) is a message on screen, not a traceback.
    import sys

    import streamlit as st
    from streamlit.testing.v1 import AppTest


    st.cache_resource.clear()
    monkeypatch.setattr(sys, "argv", ["app.py", "--consultation", str(scenario_dir / "missing.yaml")])
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert at.error or at.warning or at.info, "the consultation hook showed nothing"


def test_without_chromium_charts_offer_html_and_say_why(scenario_dir, monkeypatch):
    # Where Chromium is missing the app says so next to each chart and still offers HTML.
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from mtfp.charts import static as chart_export

    st.cache_resource.clear()
    monkeypatch.setattr(chart_export, "static_export_status", lambda: (False, "no Chromium found"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT).run()
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["HTML", "HTML"]  # the gap chart and the open tab's chart
    assert sum("need Chromium" in c.value and "no Chromium found" in c.value for c in at.caption) == 2
    st.cache_resource.clear()  # the next test probes the real status again


def test_export_page_offers_data_files_and_every_chart_in_every_format(app):
    from mtfp.ui.chart_panel import export_status

    app.switch_page("mtfp/ui/pages/export.py").run()
    labels = [b.label for b in app.get("download_button")]
    for data_file in ["Results workbook (XLSX)", "Results by year (CSV)", "Results by year (JSON)",
                      "Assumptions (CSV)", "Scenario file (YAML)"]:
        assert data_file in labels
    charts_shown = 7  # gap, bridge, funding and spending, reserves, FTE, savings, funding mix
    formats = ["PNG", "SVG", "PDF", "HTML"] if export_status()[0] else ["HTML"]
    assert all(labels.count(f) == charts_shown for f in formats), labels


def test_assumptions_page_lists_sources_and_the_change_log(app):
    app.slider(key="csr_cut").set_value(40.0).run()
    app.switch_page("mtfp/ui/pages/assumptions.py").run()
    table = app.dataframe[0].value
    row = table[table["field"] == "funding.spending_review.real_terms_cut"].iloc[0]
    assert row["value"] == "40.0" and row["illustrative"] == "" and row["link"].startswith("https://")
    # The edit carries its provenance: when, what it was and the published source it replaced.
    assert re.fullmatch(r"Edited in mtfp on \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d, was 1\.3 from .+", row["source"])
    assert (table["illustrative"] == "illustrative").sum() > 0
    assert any("**1** edited in mtfp" in m.value for m in app.markdown)  # the one slider move
    log = app.dataframe[1].value
    assert list(log[["field", "old", "new"]].iloc[0]) == ["funding.spending_review.real_terms_cut", "1.3", "40.0"]
