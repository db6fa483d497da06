"""Analysis charts: titles state the finding, alt text describes the chart, data are £m."""
from __future__ import annotations

import pytest

from mtfp.analysis import montecarlo, sensitivity
from mtfp.charts import plan as base
from mtfp.charts import risk as charts
from mtfp.units import fmt_gbp_m


def test_fan_chart_of_the_gap_states_the_range(uncertain_mc):
    fig = charts.fan_chart(uncertain_mc)
    fan = montecarlo.fan(uncertain_mc)
    final = fan.iloc[-1]
    assert fig.layout.title.text.replace("<br>", " ") == (
        f"The 2019/20 gap is likely between {fmt_gbp_m(final['p5'])} and {fmt_gbp_m(final['p95'])}")
    central = next(t for t in fig.data if t.name == "Central case")
    assert list(central.y) == pytest.approx([v / 1e6 for v in fan["central"]])
    assert "4,000 draws" in base.alt_text(fig)


def test_reserve_fan_chart_shows_the_minimum_and_the_chance(uncertain_mc):
    fig = charts.fan_chart(uncertain_mc, "general_reserve_closing")
    chance = montecarlo.probabilities(uncertain_mc)["p_below_minimum_by_year"].iloc[-1]
    assert fig.layout.title.text.startswith(f"{chance:.0%} chance")
    assert any(t.name == "Minimum reserve" for t in fig.data)


def test_probability_and_cumulative_charts(uncertain_mc):
    fig = charts.probability_chart(uncertain_mc)
    assert [t.name for t in fig.data] == ["Below its minimum", "Run out (below zero)"]
    assert max(fig.data[0].y) <= 100
    fig = charts.cumulative_gap_chart(uncertain_mc, threshold=20e6)
    assert sum(fig.data[0].y) == pytest.approx(100)
    assert "exceed £20.0m" in base.alt_text(fig)


def test_tornado_and_sobol_charts_put_the_biggest_driver_first(uncertain_scenario):
    frame = sensitivity.tornado(uncertain_scenario)
    fig = charts.tornado_chart(frame, uncertain_scenario.name)
    assert fig.layout.title.text.startswith("Real-terms grant cut % moves the 2019/20 gap most")
    assert fig.data[0].y[-1] == "Real-terms grant cut %"  # top row of a horizontal bar chart
    sob = sensitivity.sobol(uncertain_scenario, n=64)
    fig = charts.sobol_chart(sob, uncertain_scenario.name)
    assert "explains" in fig.layout.title.text and base.alt_text(fig).startswith("Bar chart of Sobol indices")
