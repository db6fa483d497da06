"""What a Band D precept rise means for each household, by council-tax band.

Amounts payable in the valuation bands of one area are in the fixed proportion
6 : 7 : 8 : 9 : 11 : 13 : 15 : 18 (bands A to H) -- Local Government Finance Act 1992
s.5(1), legislation.gov.uk, https://legislation.gov.uk/id/ukpga/1992/14/section/5/3. So a rise
of £R on Band D is £R x 6/9 on Band A ... £R x 18/9 on Band H. Wales (from 1 April 2005,
s.5(1A)) adds Band I at 21/9: pass nation="wales" for bands A to I.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

BANDS = ("A", "B", "C", "D", "E", "F", "G", "H")
# Ninths of Band D, in statute (LGFA 1992 s.5(1)).
BAND_NINTHS = np.array([6, 7, 8, 9, 11, 13, 15, 18], dtype=float)
BAND_RATIOS = BAND_NINTHS / 9.0
WALES_BANDS = BANDS + ("I",)
WALES_BAND_NINTHS = np.append(BAND_NINTHS, 21.0)  # LGFA 1992 s.5(1A)


def bands_for(nation: str = "england") -> tuple[tuple[str, ...], np.ndarray]:
    """(band letters, ninths of Band D) for a nation: A-H in England, A-I in Wales."""
    return (WALES_BANDS, WALES_BAND_NINTHS) if nation == "wales" else (BANDS, BAND_NINTHS)
WEEKS_PER_YEAR = 52  # a "per week" figure is the annual figure / 52, as council-tax leaflets say


def band_changes(band_d_rises, nation: str = "england") -> np.ndarray:
    """Annual change in £ for bands A-H (A-I in Wales), shape (R, 8 or 9), for R Band D rises in £ a year."""
    rises = np.atleast_1d(np.asarray(band_d_rises, dtype=float))
    return rises[:, None] * bands_for(nation)[1][None, :] / 9.0


def weekly(annual) -> np.ndarray:
    """£ a week from £ a year (annual / 52)."""
    return np.asarray(annual, dtype=float) / WEEKS_PER_YEAR


def precept_raised(band_d_rises, tax_base) -> np.ndarray:
    """Money a Band D rise raises in a year, in pounds: rise (£ per Band D) x tax base
    (Band D equivalents). Shape (R,)."""
    return np.atleast_1d(np.asarray(band_d_rises, dtype=float)) * float(tax_base)


def band_table(band_d_rises, tax_base, nation: str = "england") -> pd.DataFrame:
    """One row per Band D rise: the rise (£ a year), the money it raises (pounds), then
    the annual and weekly change for each band (`band_a_annual`, `band_a_weekly`, ...),
    full precision (round only when displayed)."""
    rises = np.atleast_1d(np.asarray(band_d_rises, dtype=float))
    annual = band_changes(rises, nation)
    columns: dict[str, np.ndarray] = {"band_d_rise": rises, "raised": precept_raised(rises, tax_base)}
    for i, band in enumerate(bands_for(nation)[0]):
        columns[f"band_{band.lower()}_annual"] = annual[:, i]
        columns[f"band_{band.lower()}_weekly"] = weekly(annual[:, i])
    return pd.DataFrame(columns)


def band_long(band_d_rises, nation: str = "england") -> pd.DataFrame:
    """Tidy form of the band table: band_d_rise, band, ratio_to_band_d, annual, weekly (£)."""
    rises = np.atleast_1d(np.asarray(band_d_rises, dtype=float))
    annual = band_changes(rises, nation)
    bands, ninths = bands_for(nation)
    n = len(rises)
    return pd.DataFrame({
        "band_d_rise": np.repeat(rises, len(bands)),
        "band": np.tile(np.array(bands, dtype=object), n),
        "ratio_to_band_d": np.tile(ninths / 9.0, n),
        "annual": annual.reshape(-1),
        "weekly": weekly(annual).reshape(-1),
    })
