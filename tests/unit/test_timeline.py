"""Financial years, as worked examples: labels, the 7/12 share of a September pay award and
the straight-line ramp of a savings item."""
from __future__ import annotations

import numpy as np
import pytest

from mtfp import timeline


def test_a_base_year_and_four_projected_years_are_five_labels():
    assert timeline.year_labels("2015/16", 4) == ["2015/16", "2016/17", "2017/18", "2018/19", "2019/20"]
    assert timeline.year_label(1999) == "1999/00"  # the century rolls over in the short part


@pytest.mark.parametrize("label", ["2016/18", "2016", "16/17", "2016-17", ""])
def test_anything_but_a_financial_year_label_is_refused(label):
    with pytest.raises(ValueError, match="financial year"):
        timeline.parse_year(label)


def test_a_september_award_is_paid_for_seven_twelfths_of_its_first_year():
    # September to March is 7 months of the April-March year; an April award is paid in full.
    assert timeline.in_year_fraction(9) == pytest.approx(7 / 12)
    assert timeline.in_year_fraction(4) == 1.0
    assert timeline.in_year_fraction(3) == pytest.approx(1 / 12)  # March: the last month
    with pytest.raises(ValueError, match="1-12"):
        timeline.in_year_fraction(13)


def test_a_saving_from_year_two_ramped_over_two_years_is_half_then_full():
    assert np.array_equal(timeline.ramp_factors(5, start_index=2, ramp_years=2), [0.0, 0.0, 0.5, 1.0, 1.0])
    assert np.array_equal(timeline.ramp_factors(3, start_index=1, ramp_years=1), [0.0, 1.0, 1.0])
