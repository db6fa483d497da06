"""mtfp: a medium-term financial plan (MTFP) scenario modeller for UK police forces.

    import mtfp
    scenario = mtfp.load_scenario("scenarios/csr-25.yaml")
    projection = mtfp.run(scenario)                       # S = 1
    ensemble = mtfp.run_ensemble(scenario, {"funding.spending_review.real_terms_cut": cuts})
    big = mtfp.run_ensemble(scenario, draws, lines=("funding_gap",), workers=2)  # 10^6 draws: chunked

run_ensemble (mtfp.model.ensemble) is the one ensemble runner: it chunks large draw counts,
keeps the lines asked for, and its checks are the worst error over every draw.
"""
from __future__ import annotations

from mtfp.model.ensemble import run_ensemble
from mtfp.model.inputs import Inputs, compile_inputs
from mtfp.model.lines import Projection
from mtfp.model.projection import project
from mtfp.scenario import Scenario, ScenarioError, load_scenario, loads_scenario, save_scenario

__all__ = ["Scenario", "ScenarioError", "Projection", "load_scenario", "loads_scenario", "save_scenario",
           "run", "run_ensemble", "compile_inputs"]

__version__ = "0.1.0"


def run(scenario: Scenario | Inputs) -> Projection:
    """Project one scenario (S = 1)."""
    inputs = scenario if isinstance(scenario, Inputs) else compile_inputs(scenario)
    return project(inputs)
