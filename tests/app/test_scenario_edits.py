"""Editing the scenario in the app: every widget edits a field of the Scenario, logged and validated."""
from __future__ import annotations

import mtfp
from mtfp.scenario import with_value
from mtfp.ui.state import DEFAULT_FILE
from mtfp.units import fmt_gbp_m
from tests.app.app_helpers import chart_titles, current, errors, metric, open_group

CUT = "funding.spending_review.real_terms_cut"


def test_csr_slider_moves_the_headline_gap_by_what_the_model_gives(app):
    # Given the default scenario (SR2015: 1.3% real-terms cut), moving the CSR-cut slider to
    # 30% must show exactly the gap `mtfp.run` gives for the same scenario with a 30% cut.
    default = mtfp.load_scenario(DEFAULT_FILE)
    before = mtfp.run(default)["recurring_gap"][0, -1]
    after = mtfp.run(with_value(default, CUT, 30.0))["recurring_gap"][0, -1]
    assert metric(app, "Recurring gap 2019/20") == fmt_gbp_m(before)

    app.slider(key="csr_cut").set_value(30.0).run()

    assert not app.exception
    assert metric(app, "Recurring gap 2019/20") == fmt_gbp_m(after)
    # A 30% real-terms cut to £101.6m of grant widens the final-year gap by tens of millions.
    assert 25e6 < after - before < 40e6
    gap_after = mtfp.run(with_value(default, CUT, 30.0))["funding_gap"][0, -1]  # the chart's bars and title
    assert chart_titles(app)[0] == f"We need to save {fmt_gbp_m(gap_after)} by 2019/20"
    sc = current(app)
    assert sc.funding.spending_review.real_terms_cut.value == 30.0
    assert sc.funding.spending_review.real_terms_cut.source != "illustrative"  # the source is kept
    assert [(c.field, c.old, c.new) for c in sc.changes] == [(CUT, 1.3, 30.0)]


def test_pay_award_widget_edits_every_projected_year_and_keeps_the_base_year(app):
    # The NI rate of police officers varies by year (10.4% in 2015/16, 13.8% from 2016/17);
    # the widget shows 13.8 and setting 14 keeps the base year's 10.4.
    path = "workforce.groups.police_officers.employer_ni_rate"
    assert "ni_police_officers" not in [n.key for n in app.number_input]  # a closed group does not run
    open_group(app, "pay")
    assert app.number_input(key="ni_police_officers").value == 13.8
    app.number_input(key="ni_police_officers").set_value(14.0).run()
    assert not app.exception
    assert current(app).workforce.groups["police_officers"].employer_ni_rate.value == {"2015/16": 10.4,
                                                                                     "2016/17": 14.0}
    expected = mtfp.run(with_value(mtfp.load_scenario(DEFAULT_FILE), path, {"2015/16": 10.4, "2016/17": 14.0}))
    assert metric(app, "Recurring gap 2019/20") == fmt_gbp_m(expected["recurring_gap"][0, -1])


def test_an_invalid_combination_shows_the_validator_message_and_keeps_the_scenario(app):
    # An 'explicit' profile needs explicit cash changes the default does not have: the app
    # shows the schema's own message and the scenario (and the select box) stay as they were.
    before = current(app)
    app.selectbox(key="csr_profile").set_value("explicit").run()
    assert not app.exception
    shown = " ".join(errors(app))
    assert "explicit_cash_change" in shown and "funding.spending_review" in shown
    assert current(app) is before
    assert app.selectbox(key="csr_profile").value == "even"


def test_band_d_rise_switches_from_percent_to_pounds(app):
    open_group(app, "precept")
    app.radio(key="band_d_rise_kind").set_value("£").run()
    assert not app.exception and errors(app) == []
    precept = current(app).precept
    assert precept.band_d_rise_pct is None and precept.band_d_rise_gbp.value == 5.0
    app.number_input(key="band_d_rise_gbp").set_value(12.0).run()
    assert current(app).precept.band_d_rise_gbp.value == 12.0


def test_recruitment_freeze_and_floor(app):
    open_group(app, "workforce")
    app.selectbox(key="recruitment_police_officers").set_value("freeze").run()
    app.number_input(key="floor_police_officers").set_value(1750.0).run()
    assert not app.exception and errors(app) == []
    group = current(app).workforce.groups["police_officers"]
    assert group.recruitment == "freeze" and group.floor_fte.value == 1750.0
    p = mtfp.run(current(app))
    assert p["fte_police_officers"][0].min() >= 1750.0 - 1e-6


def test_every_sidebar_group_opens_and_its_widgets_edit_the_scenario(app):
    for name in ["precept", "pay", "workforce", "non_pay", "savings", "reserves"]:
        open_group(app, name)
        assert not app.exception, name
    assert app.number_input(key="inflation_premises").value == 2.0
    app.number_input(key="inflation_premises").set_value(3.0).run()
    app.number_input(key="reserve_minimum").set_value(5.0).run()
    app.selectbox(key="count_in_gap").set_value("planned").run()
    app.checkbox(key="referendum_held").check().run()
    assert not app.exception and errors(app) == []
    sc = current(app)
    assert sc.non_pay.lines["premises"].inflation.value == 3.0
    assert sc.reserves.minimum_pct.value == 5.0
    assert sc.savings.count_in_gap == "planned" and sc.precept.referendum_held is True
    assert [c.field for c in sc.changes] == ["non_pay.lines.premises.inflation", "reserves.minimum_pct",
                                             "savings.count_in_gap", "precept.referendum_held"]
    expected = mtfp.run(sc)
    assert metric(app, "Recurring gap 2019/20") == fmt_gbp_m(expected["recurring_gap"][0, -1])


def test_after_a_slider_edit_every_chart_says_the_scenario_was_edited(app):
    # The default as loaded: its charts name it as published. The CSR slider moved to 30%: the
    # scenario is now "<name> (edited)" in each chart's subtitle and source note, and on the page.
    import json

    name = mtfp.load_scenario(DEFAULT_FILE).name

    def subtitles():
        return [json.loads(c.proto.spec)["layout"]["title"]["subtitle"]["text"].replace("<br>", " ")
                for c in app.get("plotly_chart")]

    assert all(f"Scenario: {name}\u00a0·" in s for s in subtitles())
    app.slider(key="csr_cut").set_value(30.0).run()
    shown = subtitles()
    assert shown and all(f"Scenario: {name} (edited)" in s for s in shown), shown
    assert app.title[0].value == f"{name} (edited)"
