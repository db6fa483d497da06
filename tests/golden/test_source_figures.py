"""Golden figures from the source documents (DESIGN.md section 1), reproduced by the model's
indicator functions and, where a plan can be written to produce them, by a projection.

Sources:
- Leicestershire Police Authority, value for money report 2010/11: cashable savings £7,662k
  on a net budget of £175,277k = 4.4%, against a 3.6% target (£6,310k); three-year savings
  £22,716k against £18,054k = 125.8%.
- Cambridgeshire PCC budget report 2014: savings £3.7m (2013/14) + £4.9m (2014/15) = £8.6m.
"""
from __future__ import annotations

import numpy as np
import pytest

import mtfp
from mtfp.model import indicators

K = 1_000.0  # the documents report £000


def test_leicestershire_cashable_savings_are_4_4_percent_of_net_budget():
    share = indicators.savings_pct_of_net_budget(cashable_savings=7_662 * K, net_budget=175_277 * K)
    assert round(float(share) * 100, 1) == 4.4
    assert float(share) == pytest.approx(0.043713, abs=1e-6)


def test_leicestershire_target_is_3_6_percent_of_net_budget_6310k():
    target = indicators.savings_target(net_budget=175_277 * K, target_rate=0.036)
    assert round(float(target) / K) == 6_310


def test_leicestershire_three_year_savings_are_125_8_percent_of_target():
    achieved = indicators.savings_against_target(savings=22_716 * K, target=18_054 * K)
    assert round(float(achieved) * 100, 1) == 125.8


def test_cambridgeshire_savings_3_7m_plus_4_9m_make_8_6m():
    running = indicators.cumulative_savings(np.array([3.7e6, 4.9e6]))
    assert running[-1] == pytest.approx(8.6e6)


def leicestershire_2010_like(make_tiny, illustrative):
    """A plan whose first projected year has a net budget of £175,277k after £7,662k of new
    cashable savings and a 3.6% savings target: spending £182,939k (officers £110m +
    £72,939k non-pay), a £7,662k non-pay saving delivered in full."""
    return make_tiny({
        "non_pay": {"lines": {"premises": {"name": "Non-pay", "base": illustrative(72.939), "inflation": illustrative(0.0)}}},
        "savings": {"target_pct": {"value": 3.6, "source": {
            "title": "Leicestershire Police 2010/11 savings target, 3.6% of net budget (DESIGN.md 1)",
            "document": "Leicestershire Police Authority, value for money report 2010/11"}},
            "items": {"cashable": {"name": "Cashable savings 2010/11", "reduces": "non_pay", "amount": illustrative(7.662),
                                   "start_year": "2016/17", "confidence": illustrative(100)}}},
    })


def test_the_projection_reproduces_leicestershires_indicators(make_tiny, illustrative):
    p = mtfp.run(leicestershire_2010_like(make_tiny, illustrative))
    assert p["net_budget_requirement"][0, 1] == pytest.approx(175_277 * K)
    assert p["new_savings_in_year"][0, 1] == pytest.approx(7_662 * K)
    assert round(p["cashable_savings_pct"][0, 1] * 100, 1) == 4.4
    assert round(p["savings_target"][0, 1] / K) == 6_310


def test_the_projection_reproduces_cambridgeshires_8_6m(make_tiny, illustrative):
    # £3.7m from the first projected year and £4.9m more from the second: £8.6m a year by then.
    def item(amount, start):
        return {"name": f"Savings from {start}", "reduces": "non_pay", "amount": illustrative(amount),
                "start_year": start, "confidence": illustrative(100)}

    p = mtfp.run(make_tiny({"savings": {"items": {"first": item(3.7, "2016/17"), "second": item(4.9, "2017/18")}}}))
    assert p["new_savings_in_year"][0, 1:3] == pytest.approx([3.7e6, 4.9e6])
    assert p["savings_delivered"][0, 2] == pytest.approx(8.6e6)
    assert indicators.cumulative_savings(p["new_savings_in_year"][0])[2] == pytest.approx(8.6e6)
