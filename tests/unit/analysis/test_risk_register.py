"""The risk-based general reserve: the register simulated through the Monte Carlo's sampling
code, as worked examples."""
from __future__ import annotations

import numpy as np
import pytest

import mtfp
from mtfp import results
from mtfp.analysis.risk_register import simulate_register, simulated_losses
from mtfp.scenario import ScenarioError
from mtfp.scenario.schema import RiskRegister
from tests.conftest import SCENARIOS, tiny, v

M = 1e6


def register(**risks) -> RiskRegister:
    return RiskRegister.model_validate({"draws": 5_000, "seed": 11, "risks": risks})


def risk(p, low, mode, high, **extra) -> dict:
    return {"name": "A risk", "category": "other", "probability": v(p), "impact_low": v(low),
            "impact_most_likely": v(mode), "impact_high": v(high), **extra}


def test_a_risk_that_always_happens_at_a_fixed_cost_needs_exactly_that_cost():
    sim = simulate_register(register(certain=risk(100.0, 2.5, 2.5, 2.5)))
    assert sim.needed == 2.5 * M
    assert sim.risks[0].contribution == 2.5 * M and sim.mean_loss == pytest.approx(2.5 * M)


def test_the_seed_reproduces_the_simulation_exactly_and_another_seed_does_not():
    reg = register(pay=risk(40.0, 1.0, 2.0, 4.0), op=risk(25.0, 0.5, 1.5, 5.0))
    first, again = simulate_register(reg), simulate_register(reg)
    assert np.array_equal(first.totals, again.totals) and first.needed == again.needed
    other = simulate_register(reg, seed=12)
    assert not np.array_equal(first.totals, other.totals)


def test_a_risk_that_never_happens_needs_nothing_and_contributions_add_up_to_the_need():
    sim = simulate_register(register(never=risk(0.0, 1.0, 2.0, 3.0), often=risk(60.0, 1.0, 2.0, 3.0),
                                     rare=risk(10.0, 5.0, 8.0, 10.0)))
    by_key = {r.key: r for r in sim.risks}
    assert by_key["never"].contribution == 0.0 and by_key["never"].expected_loss == 0.0
    assert sum(r.contribution for r in sim.risks) == pytest.approx(sim.needed)
    # 60% x a mean impact of £2m = £1.2m a year expected.
    assert by_key["often"].expected_loss == pytest.approx(1.2 * M, rel=0.05)
    assert [r.contribution for r in sim.risks] == sorted((r.contribution for r in sim.risks), reverse=True)


def test_the_need_at_90_percent_is_the_90th_percentile_of_the_simulated_loss():
    reg = register(a=risk(50.0, 1.0, 1.0, 1.0))  # a coin toss costing £1m: 90% of years cost at most £1m
    sim = simulate_register(reg)
    assert sim.needed == 1 * M
    half = RiskRegister.model_validate({**reg.model_dump(), "confidence_pct": 50.0})
    assert simulate_register(half).needed in (0.0, 1 * M)
    losses = simulated_losses(reg)
    assert losses.shape == (5_000, 1) and set(np.unique(losses)) == {0.0, 1 * M}


def test_the_example_register_gives_the_reserve_needed_beside_the_reserve_held_and_the_minimum():
    p = mtfp.run(mtfp.load_scenario(SCENARIOS / "example-2026.yaml"))
    figures = results.risk_based_reserve(p)
    assert figures["confidence"] == 0.9 and figures["draws"] == 100_000
    assert figures["general_reserve_held"] == 12 * M
    assert figures["shortfall"] == pytest.approx(figures["risk_based_reserve"] - 12 * M)
    assert 0 < figures["risk_based_reserve"] < sum(r.impact_high for r in results.risk_simulation(p).risks)
    table = results.risk_register_table(p)
    assert len(table) == 6 and set(table["source"]) == {"illustrative"}
    assert table["contribution"].sum() == pytest.approx(figures["risk_based_reserve"])
    assert results.risk_based_reserve(mtfp.run(tiny())) == {} and results.risk_register_table(mtfp.run(tiny())).empty


@pytest.mark.parametrize("changes, words", [
    ({"risks": {"r": risk(50.0, 3.0, 2.0, 4.0)}}, "low <= most likely <= high"),
    ({"risks": {"r": risk(150.0, 1.0, 2.0, 3.0)}}, "outside the allowed range"),
    ({"risks": {"r": risk(50.0, -1.0, 2.0, 3.0)}}, "outside the allowed range"),
    ({"risks": {"r": risk(50.0, 1.0, 2.0, 3.0, category="weather")}}, "category"),
    ({"risks": {}}, "at least 1"),
    ({"risks": {"r": risk(50.0, 1.0, 2.0, 3.0)}, "confidence_pct": 100.0}, "confidence_pct"),
    ({"risks": {"r": risk(50.0, 1.0, 2.0, 3.0)}, "draws": 10}, "draws"),
    ({"risks": {"r": risk(50.0, 1.0, 2.0, 3.0)}, "seed": True}, "seed"),
])
def test_a_register_that_cannot_be_right_is_refused(changes, words):
    with pytest.raises((ScenarioError, ValueError), match=words):
        tiny({"risk_register": changes})
