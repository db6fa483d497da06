"""Per-year kinds as properties: whatever the mapping, a level carries forward and an in-year
amount is its own year's only (Param.year_values, the one per-year rule)."""
from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from mtfp.scenario.params import param

YEARS = ["2025/26", "2026/27", "2027/28", "2028/29", "2029/30", "2030/31"]
LEVEL, IN_YEAR = param("gbp_m", -50, 50), param("gbp_m", -50, 50, kind="in_year")
amounts = st.dictionaries(st.sampled_from(YEARS), st.floats(-50, 50, allow_nan=False), min_size=1, max_size=6)


@given(value=amounts)
def test_an_in_year_amount_is_the_amount_in_the_years_named_and_nil_in_the_others(value):
    got = IN_YEAR(value=value, source="illustrative").year_values(YEARS)
    assert got.tolist() == [value.get(y, 0.0) for y in YEARS]
    assert np.isclose(got.sum(), sum(value.values()))


@given(value=amounts)
def test_a_level_carries_the_latest_value_forward(value):
    got = LEVEL(value=value, source="illustrative").year_values(YEARS)
    first = min(value, key=YEARS.index)
    for i in range(len(YEARS)):
        given_by = [y for y in YEARS[:i + 1] if y in value]
        assert got[i] == value[given_by[-1] if given_by else first]


@given(number=st.floats(-50, 50, allow_nan=False))
def test_one_number_is_the_same_for_both_kinds(number):
    for kind in (LEVEL, IN_YEAR):
        assert kind(value=number, source="illustrative").year_values(YEARS).tolist() == [number] * len(YEARS)
