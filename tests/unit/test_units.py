"""Units: files speak £m and %, the model pounds and fractions, and figures are rounded only
for display."""
from __future__ import annotations

import math

import pytest

from mtfp import units


def test_file_units_become_pounds_and_fractions():
    assert units.to_internal(23.4, "gbp_m") == pytest.approx(23_400_000)
    assert units.to_internal(2.5, "pct_per_year") == pytest.approx(0.025)
    assert units.to_internal(40_000, "gbp_per_fte") == 40_000
    assert units.unit_label("pct_per_year") == "% a year"


def test_money_is_shown_in_millions_to_one_decimal_with_the_sign_in_front():
    assert units.fmt_gbp_m(28_412_345) == "£28.4m"
    assert units.fmt_gbp_m(-1_240_000) == "-£1.2m"
    assert units.fmt_gbp_m(1_234_567_890, dp=0) == "£1,235m"
    assert units.fmt_gbp_m(math.nan) == "n/a" and units.fmt_gbp_m(None) == "n/a"


def test_a_fraction_is_shown_as_a_percentage():
    # Leicestershire 2010/11: £7,662k of cashable savings on a £175,277k net budget.
    assert units.fmt_pct(7_662 / 175_277) == "4.4%"
    assert units.fmt_pct(1.258, dp=1) == "125.8%"
