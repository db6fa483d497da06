"""AppTest: the Risk, Sensitivity and Goal seek pages on the current scenario."""
from __future__ import annotations

import pytest

import mtfp
from mtfp.analysis import goalseek, montecarlo, sensitivity
from mtfp.units import fmt_gbp_m
from tests.app.app_helpers import chart_titles, current, errors, metric
from tests.conftest import UNCERTAIN

RISK, SENSITIVITY, GOAL = "mtfp/ui/pages/risk.py", "mtfp/ui/pages/sensitivity.py", "mtfp/ui/pages/goal_seek.py"


@pytest.fixture
def default_sc():
    from mtfp.ui.state import DEFAULT_FILE

    return mtfp.load_scenario(DEFAULT_FILE)


def test_risk_page_shows_fans_probabilities_and_rules(app, default_sc):
    """Default scenario, 10,000 draws, seed 2015 (no `uncertainty:` section): the central
    cumulative gap is the deterministic one, and the P5-P95 range is the CLI's."""
    app.switch_page(RISK).run()
    assert not app.exception and errors(app) == []
    mc = montecarlo.simulate(default_sc)
    h = montecarlo.headline(mc)
    assert metric(app, "Cumulative gap (central)") == fmt_gbp_m(mtfp.run(default_sc)["cumulative_gap"][0, -1])
    assert metric(app, "Cumulative gap P5") == fmt_gbp_m(h["cumulative_gap_p5"])
    assert metric(app, "Cumulative gap P95") == fmt_gbp_m(h["cumulative_gap_p95"])
    titles = chart_titles(app)
    assert len(titles) == 4 and titles[0].startswith("The 2019/20 gap is likely between")
    assert any("of draws breach the minimum by" in m.value for m in app.markdown)


def test_risk_page_reruns_when_the_settings_change(app):
    app.switch_page(RISK).run()
    before = metric(app, "Cumulative gap P95")
    app.number_input(key="risk_draws").set_value(2_000).run()
    app.selectbox(key="risk_delivery").set_value("bernoulli").run()
    assert not app.exception
    assert metric(app, "Cumulative gap P95") != before
    app.number_input(key="risk_threshold").set_value(50.0).run()
    assert metric(app, "Cumulative gap above £50.0m") == "0%"


def test_the_risk_metric_and_the_histogram_apply_the_threshold_to_the_same_measure(app):
    """Both the metric and the histogram's dashed line are about the cumulative gap: with the
    threshold at the central cumulative gap, the metric's share is the one the chart states."""
    import json
    import re

    app.switch_page(RISK).run()
    shown = metric(app, "Cumulative gap above")
    label = next(m.label for m in app.metric if m.label.startswith("Cumulative gap above"))
    charts = [json.loads(c.proto.spec) for c in app.get("plotly_chart")]
    histogram = next(c for c in charts if c["layout"].get("xaxis", {}).get("title", {}).get("text") == "Cumulative gap (£m)")
    notes = [a["text"] for a in histogram["layout"].get("annotations", []) if " above " in a.get("text", "")]
    assert notes and notes[0] == f"{shown} above {label.removeprefix('Cumulative gap above ')}", notes
    assert re.fullmatch(r"\d+%", shown)


def test_sensitivity_page_table_tornado_and_sobol(app, default_sc):
    app.switch_page(SENSITIVITY).run()
    assert not app.exception and errors(app) == []
    table = app.dataframe[0].value  # the +1 pp table comes first
    expected = sensitivity.rate_table(default_sc)
    assert list(table["assumption"]) == list(expected["assumption"])
    assert table.iloc[0]["2019/20"] == fmt_gbp_m(expected.iloc[0]["2019/20"])
    assert chart_titles(app)[0].startswith("Real-terms grant cut % moves the 2019/20 gap most")
    app.select_slider(key="sensitivity_n").set_value(128)
    app.toggle(key="sensitivity_run_global").set_value(True).run()
    assert not app.exception
    titles = chart_titles(app)
    assert len(titles) == 2 and "explains" in titles[1]


def test_goal_seek_page_says_why_not_and_applies_a_feasible_answer(app, default_sc):
    app.switch_page(GOAL).run()
    assert not app.exception
    # Within the 2% limit the default force cannot balance 2019/20 from the precept alone.
    assert "referendum limit" in app.warning[0].value
    app.checkbox(key="goal_allow").check().run()
    expected = goalseek.precept(default_sc, allow_referendum=True)
    assert app.success[0].value == expected.message
    headers = list(app.dataframe[0].value.columns)
    assert headers == ["Measure", "Answer"]  # finance headers, not item / value
    app.button(key="goal_use").click().run()  # "Apply to scenario"
    assert not app.exception
    sc = current(app)
    assert sc.precept.band_d_rise_pct.value == pytest.approx(expected.value)
    assert abs(mtfp.run(sc)["funding_gap"][0, -1]) < 1_000
    # Applied through the change log: the rise and the referendum switch, old -> new.
    logged = {c.field: (c.old, c.new) for c in sc.changes}
    assert logged["precept.band_d_rise_pct"] == (default_sc.precept.band_d_rise_pct.value, pytest.approx(expected.value))
    assert logged["precept.referendum_held"] == (False, True)


def test_an_infeasible_answer_is_a_warning_with_its_shortfall_in_the_one_money_rule(app, default_sc):
    app.switch_page(GOAL).run()
    left = goalseek.precept(default_sc).details["gap_within_limit"]
    assert len(app.success) == 0 and app.warning[0].value.startswith("Not feasible")
    table = app.dataframe[0].value
    assert dict(zip(table["Measure"], table["Answer"]))["Gap left within the limit"] == fmt_gbp_m(left)


def test_goal_seek_savings_and_posts(app):
    app.switch_page(GOAL).run()
    app.radio(key="goal_target").set_value("savings").run()
    assert not app.exception and "Further recurring savings" in app.success[0].value
    app.radio(key="goal_target").set_value("posts").run()
    app.selectbox(key="goal_group").set_value("police_staff").run()
    assert not app.exception and "Removing" in app.success[0].value
    # 91.8 staff FTE is not the headline's officer posts: one sentence says why.
    why = app.info[0].value
    assert "part-year effect" in why and "attrition timing" in why and "on-costs" in why


def test_risk_page_uses_the_files_distributions_and_settings(app):
    """A scenario with its own distributions and `uncertainty:` section (4,000 draws, seed 7,
    Bernoulli delivery) is run with them, and the page says where the ranges came from."""
    from mtfp.ui import state

    sc = mtfp.load_scenario(UNCERTAIN)
    app.session_state[state._SCENARIO] = sc
    app.switch_page(RISK).run()
    assert not app.exception and errors(app) == []
    assert app.number_input(key="risk_draws").value == 4000
    assert app.selectbox(key="risk_delivery").value == "bernoulli"
    assert "distributions in the scenario file" in app.info[0].value
    h = montecarlo.headline(montecarlo.simulate(sc))
    assert metric(app, "Cumulative gap P95") == fmt_gbp_m(h["cumulative_gap_p95"])
