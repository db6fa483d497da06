"""Every page of the app runs on the default scenario without an exception or an error."""
from __future__ import annotations

import re

import pytest

from mtfp.ui.navigation import PAGES
from tests.app.app_helpers import TIMEOUT, chart_titles, current, errors, metric
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
    # A £3.7m recurring gap in 2019/20 and every identity holds: the page says both.
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
    assert titles[0] == charts.gap_title(p["funding_gap"][0, -1], "2019/20") == "We need to save £3.4m by 2019/20"


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
    row = table[table["Field"] == "funding.spending_review.real_terms_cut"].iloc[0]
    assert row["Assumption"] == "Spending review, real-terms cut" and row["Value"] == "40.0%"
    assert re.fullmatch(r"edited in mtfp on \d{1,2} [A-Z][a-z]{2} \d{4}", row["Basis"])
    assert row["Link"].startswith("https://")
    # The edit carries its provenance: when, what it was and the published source it replaced.
    assert re.fullmatch(r"Edited in mtfp on \d{1,2} [A-Z][a-z]{2} \d{4} \d\d:\d\d, was 1\.3 from .+", row["Source"])
    assert (table["Basis"] == "illustrative").sum() > 0
    assert any("**1** edited in mtfp" in m.value for m in app.markdown)  # the one slider move
    log = app.dataframe[-1].value
    first = log.iloc[0]
    assert [first["Assumption"], first["Old"], first["New"]] == ["Spending review, real-terms cut", "1.3", "40.0"]
    assert first["Old value's source"].endswith(f"({row['Link']})")  # the published source, with its link


def test_the_assumptions_register_reads_as_a_finance_lead_writes_it(app):
    """Labels, not paths; values with their units; a basis for every row; no 'None' anywhere;
    filters by section and basis and a search."""
    app.switch_page("mtfp/ui/pages/assumptions.py").run()
    table = app.dataframe[0].value
    by_field = table.set_index("Field")
    grant = by_field.loc["funding.grants.police_grant.base"]
    name = current(app).funding.grants["police_grant"].name  # "Police main grant (Home Office)"
    assert grant["Assumption"] == f"{name}, base year" and re.fullmatch(r"£[\d,]+\.\dm", grant["Value"])
    assert re.fullmatch(r"[\d,]+ Band D equivalents", by_field.loc["precept.tax_base", "Value"])
    assert re.fullmatch(r"£[\d,]+ per FTE", by_field.loc["workforce.groups.police_officers.salary", "Value"])
    assert by_field.loc["workforce.groups.police_officers.pay_award_pct", "Assumption"] == "Police officers, pay award"
    assert not table["Assumption"].str.contains(r"\.[a-z]|_", regex=True).any()  # no field paths as labels
    assert set(table["Basis"]) <= {"national default", "force figure", "illustrative", "estimate"}
    assert not table.astype(str).isin(["None", "nan"]).any().any()  # a missing link is blank, never "None"
    assert not table[["Assumption", "Value", "Basis"]].isin([""]).any().any()
    app.multiselect(key="register_sections").set_value(["Workforce and pay"]).run()
    assert set(app.dataframe[0].value["Section"]) == {"Workforce and pay"}
    app.text_input(key="register_search").set_value("pay award").run()
    groups = [g.name for g in current(app).workforce.groups.values()]
    assert list(app.dataframe[0].value["Assumption"]) == [f"{g}, pay award" for g in groups]
    app.multiselect(key="register_bases").set_value(["illustrative"]).run()
    assert set(app.dataframe[0].value["Basis"]) <= {"illustrative"}
    assert not app.exception


def test_scenario_page_warns_when_an_officer_reduction_cannot_be_met_by_attrition(app):
    # 300 officer posts to go in 2017/18 from the default force's 1,800 at 5% attrition: 90
    # leave that year; officers cannot be made redundant, so the page says 210 are carried forward.
    import mtfp
    from mtfp import results
    from mtfp.scenario import Scenario
    from mtfp.ui import state
    from mtfp.ui.state import DEFAULT_FILE

    data = mtfp.load_scenario(DEFAULT_FILE).model_dump(mode="json", exclude_none=True)
    data["workforce"]["groups"]["police_officers"]["planned_reduction_fte"] = {
        "value": {"2015/16": 0, "2016/17": 0, "2017/18": 300, "2018/19": 0}, "source": "illustrative"}
    sc = Scenario.model_validate(data)
    app.session_state[state._SCENARIO] = sc
    app.run()
    assert not app.exception and errors(app) == []
    shown = [w.value for w in app.warning]
    expected = results.warnings(mtfp.run(sc))
    assert expected and expected[0].startswith("Police officers: a reduction of 300 FTE in 2017/18")
    assert "90 achieved, 210 carried forward to 2018/19" in expected[0]
    assert all(any(text in s for s in shown) for text in expected)
