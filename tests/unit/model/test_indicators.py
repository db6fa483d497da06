"""The indicator functions, as worked examples on published figures (the same figures come
out of whole projections in tests/golden/cases/):

- Leicestershire Police Authority, value for money report 2010/11: cashable savings £7,662k
  on a net budget of £175,277k = 4.4%, against a 3.6% target (£6,310k); three-year savings
  £22,716k against £18,054k = 125.8%.
- Cambridgeshire PCC budget report 2014: savings £3.7m (2013/14) + £4.9m (2014/15) = £8.6m.
"""
from __future__ import annotations

import numpy as np
import pytest

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
