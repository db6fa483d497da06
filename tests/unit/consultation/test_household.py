"""Band table: a Band D rise shared across bands A-H in the statutory ninths (Local Government
Finance Act 1992 s.5), weekly = annual / 52, money raised = rise x tax base."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mtfp.consultation.household import BANDS, band_changes, band_long, band_table, precept_raised


def test_west_mercia_2023_24_bands_from_band_d():
    # West Mercia PCC, Setting the Budget 2023-2024 (PCC/D/2023/08): Band D £264.50 gives
    # A £176.33, B £205.72, C £235.11, E £323.28, F £382.06, G £440.83, H £529.00.
    row = np.round(band_changes([264.50])[0], 2)
    assert list(row) == [176.33, 205.72, 235.11, 264.50, 323.28, 382.06, 440.83, 529.00]


def test_a_ten_pound_rise_on_band_d():
    # £10 on Band D: Band A pays 6/9 (£6.67 a year, 13p a week), Band H 18/9 (£20, 38p a week).
    table = band_table([10.0], tax_base=321_026.337085)
    assert round(table.loc[0, "band_a_annual"], 2) == 6.67
    assert round(table.loc[0, "band_a_weekly"], 2) == 0.13
    assert table.loc[0, "band_h_annual"] == pytest.approx(20.0)
    assert round(table.loc[0, "band_h_weekly"], 2) == 0.38
    # It raises £10 x 321,026.34 Band D equivalents = £3,210,263.37.
    assert round(table.loc[0, "raised"], 2) == 3_210_263.37


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=6),
       st.floats(min_value=1_000, max_value=2_000_000))
def test_every_band_is_band_d_times_its_ratio_to_the_penny(pence, tax_base):
    rises = np.array(pence) / 100.0
    table = band_table(rises, tax_base)
    ninths = {"A": 6, "B": 7, "C": 8, "D": 9, "E": 11, "F": 13, "G": 15, "H": 18}
    for band in BANDS:
        annual = table[f"band_{band.lower()}_annual"].to_numpy()
        assert np.array_equal(np.round(annual, 2), np.round(rises * ninths[band] / 9, 2))
        assert np.allclose(table[f"band_{band.lower()}_weekly"].to_numpy(), annual / 52, rtol=0, atol=1e-12)
    assert np.allclose(table["raised"].to_numpy(), rises * tax_base)


def test_long_form_matches_wide_form():
    long = band_long([3.0, 12.0])
    assert len(long) == 16 and list(long["band"][:8]) == list(BANDS)
    assert long.loc[(long.band_d_rise == 12.0) & (long.band == "E"), "annual"].item() == pytest.approx(12 * 11 / 9)
    assert np.allclose(long["weekly"], long["annual"] / 52)


def test_precept_raised_is_vectorised():
    assert precept_raised([0, 1, 2], 100.0).tolist() == [0.0, 100.0, 200.0]
