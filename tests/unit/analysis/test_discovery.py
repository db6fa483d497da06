"""Scenario discovery: plain rules for the draws that breach the reserve minimum."""
from __future__ import annotations

import numpy as np
import pytest

from mtfp.analysis import discovery, montecarlo


def test_rules_name_the_drivers_and_their_shares_add_up(uncertain_mc):
    found = discovery.explain(uncertain_mc, event="reserves_run_out", by_year=2)
    failing = discovery.failing(uncertain_mc, "reserves_run_out", 2)[1:]
    assert found.base_rate == pytest.approx(failing.mean())
    assert found.rules, "some leaf must be riskier than average"
    top = found.rules[0]
    assert top.failure_rate > found.base_rate
    assert "Real-terms grant cut %" in top.text  # the cut drives reserves running out
    assert f"{top.failure_rate:.0%} of such draws run out of general reserve by 2017/18" in top.text
    assert sum(r.coverage for r in found.rules) <= 1 + 1e-12
    assert [r.failure_rate for r in found.rules] == sorted((r.failure_rate for r in found.rules), reverse=True)


def test_a_rule_describes_its_box_exactly(uncertain_mc):
    """Re-apply the top rule's box to the draws: it selects its stated share of draws and
    its stated failure rate."""
    found = discovery.explain(uncertain_mc, event="reserves_run_out", by_year=2)
    rule = found.rules[0]
    x = uncertain_mc.sample.values[1:]
    inside = np.ones(len(x), dtype=bool)
    for path, (above, at_most) in rule.bounds.items():
        column = x[:, uncertain_mc.sample.paths.index(path)]
        inside &= (column > above) & (column <= at_most)
    failing = discovery.failing(uncertain_mc, "reserves_run_out", 2)[1:]
    assert inside.mean() == pytest.approx(rule.share_of_draws)
    assert failing[inside].mean() == pytest.approx(rule.failure_rate)
    assert len(rule.conditions) == len(rule.bounds)


def test_nothing_to_explain_when_no_draw_fails(make_tiny):
    """The tiny force with a £1bn general reserve never breaches its minimum."""
    mc = montecarlo.simulate(make_tiny({"reserves": {"general_opening": {"value": 1000.0, "source": "illustrative"}}}),
                             draws=200)
    found = discovery.explain(mc)
    assert found.rules == [] and "No draw" in found.summary
