"""AppTest: the Capital and reserves page on the present-day example (a capital programme, a
reserves strategy and a risk register) and on the default force (none of the three)."""
from __future__ import annotations

import pandas as pd

import mtfp
from mtfp import results
from mtfp.units import fmt_gbp_m
from tests.app.app_helpers import errors, metric
from tests.conftest import SCENARIOS

PAGE = "mtfp/ui/pages/capital_reserves.py"


def test_the_page_shows_the_programme_the_reserves_and_the_risk_based_reserve_of_the_example(app):
    from mtfp.ui import state

    example = mtfp.load_scenario(SCENARIOS / "example-2026.yaml")
    app.session_state[state._SCENARIO] = example
    app.switch_page(PAGE).run()
    assert not app.exception and errors(app) == []
    p = mtfp.run(example)
    capital = results.capital_key_figures(p)
    assert metric(app, "Capital programme 2026/27 to 2030/31") == fmt_gbp_m(capital["capital_programme_total"])
    assert metric(app, "Of which prudential borrowing") == fmt_gbp_m(capital["borrowing_total"])
    risk = results.risk_based_reserve(p)
    assert metric(app, "Needed at 90% confidence") == fmt_gbp_m(risk["risk_based_reserve"])
    assert metric(app, "General reserve held") == "£12.0m"
    frames = [df.value for df in app.dataframe]
    assert len(frames) >= 4
    assert any("Insurance reserve" in frame.get("reserve", pd.Series(dtype=object)).tolist() for frame in frames)
    assert any("Police pension valuation raises the employer rate" in frame.get("Risk", pd.Series(dtype=object)).tolist()
               for frame in frames)


def test_without_a_programme_or_register_the_page_says_how_to_add_them(app):
    app.switch_page(PAGE).run()
    assert not app.exception and errors(app) == []
    notes = " ".join(i.value for i in app.info)
    assert "capital:" in notes and "risk_register:" in notes
    assert metric(app, "Usable reserves 2019/20").startswith("£")
