"""Wales has a ninth council-tax band: Band I pays 21/9 of Band D (LGFA 1992 s.5(1A))."""
from __future__ import annotations

import pytest

from mtfp.consultation.household import band_long, band_table


def test_a_welsh_band_table_has_band_i_at_21_ninths():
    # 21/9 x £218.24 = £509.23 (South Wales 2017/18 printed £509.24, from its unrounded Band D).
    table = band_table([218.24], tax_base=500_000, nation="wales")
    assert table["band_i_annual"][0] == pytest.approx(218.24 * 21 / 9)
    assert round(table["band_i_annual"][0], 2) == 509.23
    assert "band_i_annual" not in band_table([218.24], tax_base=500_000).columns  # England: A-H only


def test_a_15_pound_rise_in_wales_is_35_on_band_i():
    long = band_long([15.0], nation="wales")
    assert list(long["band"]) == list("ABCDEFGHI")
    assert long.set_index("band").loc["I", "annual"] == pytest.approx(35.0)
    assert len(band_long([15.0])) == 8
