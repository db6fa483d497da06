"""mtfp: a medium-term financial plan (MTFP) scenario modeller for UK police forces.

    import mtfp
    scenario = mtfp.load_scenario("scenarios/csr-25.yaml")
    projection = mtfp.run(scenario)                       # S = 1
    ensemble = mtfp.run_ensemble(scenario, {"funding.spending_review.real_terms_cut": cuts})
"""
from __future__ import annotations

import numpy as np

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


def run_ensemble(scenario: Scenario | Inputs, samples: dict[str, np.ndarray], **options) -> Projection:
    """Project S draws at once. `samples` maps a field path (e.g.
    'workforce.groups.police_officers.pay_award_pct') to S values, or S x years, in the
    file's units (%, £m). Fields not sampled keep their scenario values. Same code as run().

    Options (see mtfp.model.ensemble.run_ensemble): `lines` to keep only some lines (do,
    for large S), `chunk_size`, `workers`, `progress`. The result's checks are the worst
    error of each identity over every draw.
    """
    from mtfp.model.ensemble import run_ensemble as runner

    return runner(scenario, samples, **options)
