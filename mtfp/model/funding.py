"""Funding: central grants under a spending-review cut, specific grants, precept, other income.

All arrays are (S, T): S scenarios, T years with year 0 the base year. Money is pounds,
rates are fractions.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np


def growth_index(rate: np.ndarray) -> np.ndarray:
    """Index (1.0 in the base year) compounding a yearly rate from year 1 on. Fractions -> index."""
    factors = 1.0 + rate  # a new array: the input is never changed
    factors[:, 0] = 1.0
    return factors.cumprod(axis=1)


@lru_cache(maxsize=64)  # the same few profiles on every projection: work each out once
def cut_weights(profile: str, over_years: int, n_years: int) -> np.ndarray:
    """Share of the total real-terms cut reached by the end of each year (0 in the base year).

    even: the same real % cut every year; front_loaded: year shares n, n-1, ..., 1;
    back_loaded: 1, 2, ..., n. The cut is reached after `over_years` and then held.
    Read-only (the cached array is shared).
    """
    steps = np.arange(1, over_years + 1, dtype=float)
    if profile == "front_loaded":
        yearly = steps[::-1]
    elif profile == "back_loaded":
        yearly = steps
    else:
        yearly = np.ones(over_years)
    reached = np.concatenate([[0.0], np.cumsum(yearly) / yearly.sum()])
    weights = np.ones(n_years)
    weights[: min(n_years, over_years + 1)] = reached[:n_years]
    weights.flags.writeable = False
    return weights


def real_terms_index(real_terms_cut: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Grant in real terms relative to the base year: (1 - cut) ** share of the cut reached.

    Compounding in logs makes an 'even' profile the same real % cut each year, and the
    full cut is exactly 1 - cut after `over_years`.
    """
    return (1.0 - real_terms_cut) ** weights[None, :]


def csr_cash_index(
    *, profile: str, real_terms_cut: np.ndarray, over_years: int, price_index: np.ndarray,
    explicit_cash_change: np.ndarray | None,
) -> np.ndarray:
    """Cash grant relative to the base year under the spending review. Index, (S, T)."""
    n_years = price_index.shape[1]
    if profile == "flat_cash":
        return np.ones_like(price_index)
    if profile == "explicit":
        return growth_index(explicit_cash_change)
    weights = cut_weights(profile, over_years, n_years)
    return real_terms_index(real_terms_cut, weights) * price_index


def grant_cash(*, base: np.ndarray, cash_index: np.ndarray) -> np.ndarray:
    """Grant in pounds: base-year grant x cash index. (S, T)."""
    return base[:, :1] * cash_index


def precept_band_d(
    *, band_d: np.ndarray, rise_pct: np.ndarray | None, rise_gbp: np.ndarray | None,
    limit_pct: np.ndarray, limit_gbp: np.ndarray, referendum_held: bool,
) -> dict[str, np.ndarray]:
    """Band D charge each year, with the rise capped at the referendum limit.

    The requested rise is a % of last year's Band D or a £ amount. The limit is the % limit
    (as £ on last year's Band D) or the £ limit; where a year has both, the higher applies,
    as in "2%, or £5 for forces with historically low precepts" (DOMAIN.md 1.3). NaN = no
    limit of that kind. A request above the limit is capped and flagged, unless a
    referendum is held, when it is allowed and flagged. Returns band_d, band_d_rise,
    band_d_rise_requested (£ per Band D), precept_capped and above_referendum_limit
    (1.0 where it happens). All (S, T).
    """
    size = max(a.shape[0] for a in (band_d, limit_pct, limit_gbp, rise_pct if rise_pct is not None else rise_gbp))
    n_years = band_d.shape[1]
    # Year-major (T, S) buffers, in one block, so each year's slice is contiguous when S is large.
    block = np.zeros((4, n_years, size))
    charge, requested, rise, over = block
    charge[0] = band_d[:, 0]
    ask_rate = None if rise_pct is None else np.ascontiguousarray(rise_pct.T)
    ask_gbp = None if rise_gbp is None else np.ascontiguousarray(rise_gbp.T)
    pct_limit = np.ascontiguousarray(limit_pct.T)
    # A year with neither limit (both NaN) has an infinite £ limit, so nothing is capped; where
    # there is a % limit, a NaN £ limit is simply ignored by fmax below.
    gbp_limit = np.ascontiguousarray(np.where(np.isnan(limit_pct) & np.isnan(limit_gbp), np.inf, limit_gbp).T)
    for t in range(1, n_years):
        previous = charge[t - 1]
        # Each step writes straight into its result row (out=): a deterministic run is a few
        # dozen tiny arrays, where every avoided temporary and copy counts.
        if ask_rate is not None:
            ask = np.multiply(previous, ask_rate[t], out=requested[t])
        else:
            requested[t] = ask_gbp[t]
            ask = requested[t]
        limit = np.fmax(previous * pct_limit[t], gbp_limit[t])  # fmax ignores a NaN (no limit of that kind)
        np.greater(ask, limit + 1e-9, out=over[t])
        if referendum_held:
            rise[t] = ask
        else:
            np.minimum(ask, limit, out=rise[t])
        np.add(previous, rise[t], out=charge[t])
    charge, requested, rise, over = np.ascontiguousarray(block.transpose(0, 2, 1))  # back to (S, T), one copy
    no_flag = np.zeros_like(over)
    return {"band_d": charge, "band_d_rise": rise, "band_d_rise_requested": requested,
            "precept_capped": no_flag if referendum_held else over,
            "above_referendum_limit": over if referendum_held else no_flag}


def precept_income(*, tax_base: np.ndarray, band_d: np.ndarray) -> np.ndarray:
    """Precept = tax base (Band D equivalents) x Band D charge. Pounds, (S, T)."""
    return tax_base * band_d
