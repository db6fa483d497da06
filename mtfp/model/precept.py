"""Precept: the council-tax Band D charge under the referendum limit, the tax base and the income.

Arrays are (S, T): S scenarios (draws), T years with year 0 the base year. Band D and its
rise are pounds per Band D equivalent; the tax base is Band D equivalents; income is pounds;
rates are fractions.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mtfp.model.funding import growth_index


@dataclass(frozen=True)
class PreceptInputs:
    """The precept assumptions, in internal units, (S or 1, T) each."""

    tax_base: np.ndarray  # Band D equivalents (the base-year figure is used)
    tax_base_growth: np.ndarray  # fraction a year
    band_d: np.ndarray  # £ per Band D (the base-year figure is used)
    rise_pct: np.ndarray | None  # requested rise as a fraction of last year's Band D, or None
    rise_gbp: np.ndarray | None  # requested rise in £ per Band D, or None
    limit_pct: np.ndarray  # referendum limit as a fraction (NaN = no % limit that year)
    limit_gbp: np.ndarray  # referendum limit in £ per Band D (NaN = no £ limit that year)
    referendum_held: bool  # True: a rise above the limit is allowed (and flagged)
    collection_fund: np.ndarray  # collection fund surplus (+) or deficit (-), pounds

    @classmethod
    def build(cls, inputs) -> PreceptInputs:
        sc, get = inputs.scenario.precept, inputs.get
        return cls(
            tax_base=get("precept.tax_base"), tax_base_growth=get("precept.tax_base_growth"),
            band_d=get("precept.band_d"),
            rise_pct=get("precept.band_d_rise_pct") if sc.band_d_rise_pct else None,
            rise_gbp=get("precept.band_d_rise_gbp") if sc.band_d_rise_gbp else None,
            limit_pct=get("precept.referendum_limit_pct", np.nan), limit_gbp=get("precept.referendum_limit_gbp", np.nan),
            referendum_held=sc.referendum_held, collection_fund=get("precept.collection_fund", 0.0),
        )


@dataclass(frozen=True)
class Precept:
    """The precept block's results, (S, T) each."""

    tax_base: np.ndarray  # Band D equivalents
    band_d: np.ndarray  # £ per Band D
    band_d_rise: np.ndarray  # £ per Band D, after the referendum limit
    band_d_rise_requested: np.ndarray  # £ per Band D
    precept_capped: np.ndarray  # 1.0 where the rise was capped at the limit
    above_referendum_limit: np.ndarray  # 1.0 where a referendum allowed a rise above the limit
    precept: np.ndarray  # income, pounds
    collection_fund: np.ndarray  # pounds


def band_d_path(
    *, band_d: np.ndarray, rise_pct: np.ndarray | None, rise_gbp: np.ndarray | None,
    limit_pct: np.ndarray, limit_gbp: np.ndarray, referendum_held: bool,
) -> dict[str, np.ndarray]:
    """Band D charge each year, with the rise capped at the referendum limit.

    The requested rise is a % of last year's Band D or a £ amount. The limit is the % limit
    (as £ on last year's Band D) or the £ limit; where a year has both, the higher applies,
    as in "two per cent limit, or £5 for those with historically low precepts" (Yorkshire
    Post, "Referendum risk may be taken in a bid to break out of the budgets freeze", c.2013,
    https://www.yorkshirepost.co.uk/news/referendum-risk-may-be-taken-in-a-bid-to-break-out-of-the-budgets-freeze-1-5709188).
    NaN = no limit of that kind. A request above the limit is capped and flagged, unless a
    referendum is held, when it is allowed and flagged. Each year depends on the last, so
    this loops over years. Returns band_d, band_d_rise, band_d_rise_requested (£ per Band D),
    precept_capped and above_referendum_limit (1.0 where it happens); all (S, T).
    """
    size = max(a.shape[0] for a in (band_d, limit_pct, limit_gbp, rise_pct if rise_pct is not None else rise_gbp))
    n_years = band_d.shape[1]
    charge = np.zeros((size, n_years))
    requested = np.zeros((size, n_years))
    rise = np.zeros((size, n_years))
    over = np.zeros((size, n_years))
    charge[:, 0] = band_d[:, 0]
    # A year with neither limit (both NaN) has an infinite £ limit, so nothing is capped; where
    # there is a % limit, a NaN £ limit is ignored by fmax below.
    gbp_limit = np.where(np.isnan(limit_pct) & np.isnan(limit_gbp), np.inf, limit_gbp)
    for t in range(1, n_years):
        previous = charge[:, t - 1]
        requested[:, t] = previous * rise_pct[:, t] if rise_pct is not None else rise_gbp[:, t]
        limit = np.fmax(previous * limit_pct[:, t], gbp_limit[:, t])  # fmax ignores a NaN (no limit of that kind)
        over[:, t] = requested[:, t] > limit + 1e-9
        rise[:, t] = requested[:, t] if referendum_held else np.minimum(requested[:, t], limit)
        charge[:, t] = previous + rise[:, t]
    no_flag = np.zeros_like(over)
    return {"band_d": charge, "band_d_rise": rise, "band_d_rise_requested": requested,
            "precept_capped": no_flag if referendum_held else over,
            "above_referendum_limit": over if referendum_held else no_flag}


def precept_income(*, tax_base: np.ndarray, band_d: np.ndarray) -> np.ndarray:
    """Precept = tax base (Band D equivalents) x Band D charge. Pounds, (S, T)."""
    return tax_base * band_d


def project_precept(p: PreceptInputs) -> Precept:
    """The precept block: Band D under the limit, the tax base grown from the base year, the income."""
    charge = band_d_path(band_d=p.band_d, rise_pct=p.rise_pct, rise_gbp=p.rise_gbp, limit_pct=p.limit_pct,
                         limit_gbp=p.limit_gbp, referendum_held=p.referendum_held)
    tax_base = p.tax_base[:, :1] * growth_index(p.tax_base_growth)
    return Precept(
        tax_base=tax_base,
        band_d=charge["band_d"],
        band_d_rise=charge["band_d_rise"],
        band_d_rise_requested=charge["band_d_rise_requested"],
        precept_capped=charge["precept_capped"],
        above_referendum_limit=charge["above_referendum_limit"],
        precept=precept_income(tax_base=tax_base, band_d=charge["band_d"]),
        collection_fund=p.collection_fund,
    )
