"""Property tests of the reserves strategy: over random reserves, planned uses, gaps and
orders, every corkscrew holds, each year's gap = what the reserves gave + the gap unfunded, an
earmarked reserve never goes below zero, and a general reserve held at its minimum never
gives below it."""
from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mtfp
from mtfp import checks
from tests.conftest import tiny, v

PROFILE = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
YEARS = ["2016/17", "2017/18", "2018/19", "2019/20"]
money = st.floats(0, 30, allow_nan=False, allow_infinity=False)


@st.composite
def strategies(draw) -> dict:
    earmarked = {}
    for i in range(draw(st.integers(0, 3))):
        reserve = {"name": f"Reserve {i}", "opening": v(draw(money))}
        if draw(st.booleans()):
            reserve["planned_use"] = v({"2015/16": 0.0, **{y: draw(money) for y in YEARS}})
        earmarked[f"r{i}"] = reserve
    order = draw(st.permutations(["general", *earmarked]))
    order = order[:draw(st.integers(1, len(order)))]
    reserves = {"general_opening": v(draw(money)), "minimum_pct": v(draw(st.floats(0, 10))),
                "earmarked": earmarked, "gap_funding_order": list(order),
                "general_may_go_below_minimum": draw(st.booleans())}
    if draw(st.booleans()):
        reserves["interest_rate"] = v(draw(st.floats(0, 20)))
    growth = {"2015/16": 0.0, **{y: draw(st.floats(-10, 30)) for y in YEARS}}
    return {"reserves": reserves, "non_pay": {"growth_items": {"g": {"name": "Gap", "amount": v(growth)}}}}


@PROFILE
@given(strategies())
def test_the_reserves_strategy_keeps_every_identity(overlay):
    p = mtfp.run(tiny(overlay))
    for name in ("general_reserve_corkscrew", "earmarked_reserve_corkscrew", "gap_is_funded_or_unfunded",
                 "other_rollups_hold"):
        assert p.checks[name] <= checks.TOLERANCE["gbp"], name
    for key in p.scenario.reserves.earmarked:
        assert (p[f"earmarked_closing_{key}"] >= -0.01).all()
    reserves = p.scenario.reserves
    if not reserves.general_may_go_below_minimum:
        # A draw never takes the reserve below its minimum (it may start below it, or the minimum may rise).
        drawn = p["gap_funded_from_reserves"][0, 1:] > 0.01
        closing, minimum = p["general_reserve_closing"][0, 1:], p["minimum_general_reserve"][0, 1:]
        assert (closing[drawn] >= minimum[drawn] - 0.01).all()
    unfunded = p["gap_unfunded"] if "gap_unfunded" in p else 0.0  # made only where a strategy is set
    given_ = p["gap_funded_from_reserves"] + unfunded + sum(
        (p[f"earmarked_gap_funding_{k}"] for k in reserves.earmarked if f"earmarked_gap_funding_{k}" in p), 0.0)
    np.testing.assert_allclose(p["funding_gap"][:, 1:], given_[:, 1:], atol=0.01)
