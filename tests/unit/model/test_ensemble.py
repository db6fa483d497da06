"""Monte Carlo and sensitivity results carry the worst control-check error over their draws,
and their text reports say it."""
from __future__ import annotations

from mtfp import checks
from mtfp.analysis import montecarlo, sensitivity
from mtfp.outputs import analysis_text
from mtfp.scenario import load_scenario
from tests.conftest import UNCERTAIN


def test_a_monte_carlo_run_reports_its_worst_check_error():
    mc = montecarlo.simulate(load_scenario(UNCERTAIN), draws=300, seed=1)
    assert set(mc.checks) == set(checks.CHECKS) and checks.master_check(mc.checks)
    assert "Master check over 300 draws: every identity holds" in analysis_text.mc_text(mc)


def test_a_tornado_reports_its_worst_check_error():
    frame = sensitivity.tornado(load_scenario(UNCERTAIN))
    assert checks.master_check(frame.attrs["checks"])
    assert analysis_text.sensitivity_text("tornado", frame).splitlines()[-1].startswith("Master check over")
