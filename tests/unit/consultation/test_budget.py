"""The resident's budget: gap to close from the model, remaining gap after choices, forced balance."""
from __future__ import annotations

import numpy as np
import pytest

from mtfp.consultation.budget import clean_choices, gap_to_close, is_balanced, posts_affected, remaining_gap, savings_total


def test_gap_to_close_is_the_models_2019_20_gap(consultation, projection):
    gap = gap_to_close(consultation, projection)
    t = projection.years.index("2019/20")
    assert gap.year == "2019/20"
    # Residents close the year's gap after one-offs and reserves (a balanced budget that year).
    assert gap.gap == projection["funding_gap"][0, t]
    assert gap.officer_posts == pytest.approx(gap.gap / projection["cost_per_fte_police_officers"][0, t], rel=1e-15)
    assert gap.tax_base == projection["tax_base"][0, t]
    assert gap.gap > 0


def test_two_savings_close_the_default_gap(consultation, projection):
    # The default scenario's 2019/20 gap is about £3.42m; holding 40 officer vacancies (£2.0m)
    # and closing four front counters (£1.0m) save £3.0m, not enough; with the fleet review
    # (£0.3m) and the dog section (£0.25m), £3.55m, the budget balances with £0 on Band D.
    gap = gap_to_close(consultation, projection)
    two = clean_choices(consultation.options, 0, {"officer_vacancies": True, "front_counters": True})
    four = clean_choices(consultation.options, 0, {"officer_vacancies": True, "front_counters": True,
                                                   "vehicle_fleet": True, "dog_section": True})
    assert not is_balanced(remaining_gap(gap.gap, gap.tax_base, 0, savings_total(two)))
    left = remaining_gap(gap.gap, gap.tax_base, 0, savings_total(four))
    assert left == pytest.approx(gap.gap - 3_550_000)
    assert is_balanced(left)
    assert posts_affected(consultation.options, four) == 68


def test_precept_rise_counts_at_rise_times_tax_base(consultation, projection):
    gap = gap_to_close(consultation, projection)
    left = remaining_gap(gap.gap, gap.tax_base, np.array([0.0, 10.0]), np.array([0.0, 0.0]))
    assert left[0] - left[1] == pytest.approx(10 * gap.tax_base)


def test_range_options_store_the_amount_and_scale_posts(consultation):
    choices = clean_choices(consultation.options, 4, {"pcsos": 0.75})
    assert choices == {"band_d_rise": 4.0, "savings": {"officer_vacancies": 0.0, "front_counters": 0.0,
                                                       "pcsos": 0.75, "shared_back_office": 0.0,
                                                       "vehicle_fleet": 0.0, "dog_section": 0.0}}
    assert posts_affected(consultation.options, choices) == pytest.approx(22.5)  # half of 45 posts


@pytest.mark.parametrize("rise, savings, message", [
    (3, {}, "not one of the options"),
    (0, {"helicopter": True}, "unknown savings options: helicopter"),
    (0, {"pcsos": 9.0}, "£9m is outside £0m to £1.5m"),
])
def test_choices_outside_the_options_are_refused(consultation, rise, savings, message):
    with pytest.raises(ValueError, match=message):
        clean_choices(consultation.options, rise, savings)


def test_balance_tolerance_is_half_a_pound():
    assert is_balanced(np.array([-1.0, 0.0, 0.5, 0.51])).tolist() == [True, True, True, False]
