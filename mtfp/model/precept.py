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
    band_d_rise_pct: np.ndarray  # the rise as a fraction of last year's Band D (0 in the base year)
    band_d_rise_requested: np.ndarray  # £ per Band D
    precept_capped: np.ndarray  # 1.0 where the rise was capped at the limit
    above_referendum_limit: np.ndarray  # 1.0 where a referendum allowed a rise above the limit
    precept: np.ndarray  # income, pounds
    collection_fund: np.ndarray  # pounds


# --- the referendum principle ---------------------------------------------------------------

PENNY = 0.01


def max_allowed_rise(
    *, previous_band_d: np.ndarray, limit_pct: np.ndarray, limit_gbp: np.ndarray,
    pct_equal_allowed: bool = False, gbp_equal_allowed: bool = True,
) -> np.ndarray:
    """The largest Band D rise (£) that is not excessive, per scenario and year. NaN limits = none.

    The % principles (to 2017/18) say a rise of X% "or more" is excessive, so a rise exactly
    equal to the limit is NOT allowed: the largest allowed rise is the last whole penny below
    it (2% on £177.00 is £3.54; £3.53 is allowed). The £ principles (from 2018/19) say "more
    than £X", so exactly £X is allowed. Where a year has both, the higher applies ("2%, or £5
    for forces with low precepts"); neither = no limit (inf). Arrays broadcast; pounds.
    """
    pct_cap = np.asarray(previous_band_d, dtype=float) * np.asarray(limit_pct, dtype=float)
    if not pct_equal_allowed:
        # one penny below the limit, rounded to whole pence: ceil(limit in pence) - 1p
        pct_cap = (np.ceil(pct_cap / PENNY - 1e-6) - 1.0) * PENNY
    gbp_cap = np.asarray(limit_gbp, dtype=float)
    if not gbp_equal_allowed:
        gbp_cap = (np.ceil(gbp_cap / PENNY - 1e-6) - 1.0) * PENNY
    both_missing = np.isnan(pct_cap) & np.isnan(gbp_cap)
    return np.where(both_missing, np.inf, np.fmax(pct_cap, gbp_cap))


def is_excessive(*, rise: np.ndarray, max_rise: np.ndarray) -> np.ndarray:
    """True where a requested rise (£) exceeds the largest allowed rise (tolerance a thousandth of a penny)."""
    return np.asarray(rise, dtype=float) > np.asarray(max_rise, dtype=float) + 1e-5


def capped_rise(*, rise: np.ndarray, previous_band_d: np.ndarray, limit_pct: np.ndarray, limit_gbp: np.ndarray,
                referendum_held: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """(rise applied £, excessive flag 1.0/0.0) for a requested rise under the principle.

    Without a referendum an excessive request is capped to the largest allowed rise; with one,
    it stands and is flagged. A % limit is excessive at equality, a £ limit only above it.
    """
    max_rise = max_allowed_rise(previous_band_d=previous_band_d, limit_pct=limit_pct, limit_gbp=limit_gbp)
    excessive = is_excessive(rise=rise, max_rise=max_rise)
    applied = np.asarray(rise, dtype=float) if referendum_held else np.minimum(rise, max_rise)
    return applied, excessive.astype(float)


def band_d_path(
    *, band_d: np.ndarray, rise_pct: np.ndarray | None, rise_gbp: np.ndarray | None,
    limit_pct: np.ndarray, limit_gbp: np.ndarray, referendum_held: bool,
) -> dict[str, np.ndarray]:
    """Band D charge each year, with the rise capped at the referendum limit.

    The requested rise is a % of last year's Band D or a £ amount. The largest allowed rise is
    `max_allowed_rise`: a % principle is excessive at equality (the last whole penny below it is
    allowed), a £ principle only above it; where a year has both, the higher applies,
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
    for t in range(1, n_years):
        previous = charge[:, t - 1]
        requested[:, t] = previous * rise_pct[:, t] if rise_pct is not None else rise_gbp[:, t]
        limit = max_allowed_rise(previous_band_d=previous, limit_pct=limit_pct[:, t], limit_gbp=limit_gbp[:, t])
        over[:, t] = is_excessive(rise=requested[:, t], max_rise=limit)
        rise[:, t] = requested[:, t] if referendum_held else np.minimum(requested[:, t], limit)
        charge[:, t] = previous + rise[:, t]
    no_flag = np.zeros_like(over)
    return {"band_d": charge, "band_d_rise": rise, "band_d_rise_requested": requested,
            "precept_capped": no_flag if referendum_held else over,
            "above_referendum_limit": over if referendum_held else no_flag}


def rise_as_fraction(*, band_d: np.ndarray, band_d_rise: np.ndarray) -> np.ndarray:
    """The Band D rise as a fraction of last year's Band D (£14 on £280 = 0.05). 0 in the base year."""
    out = np.zeros_like(band_d)
    out[:, 1:] = band_d_rise[:, 1:] / band_d[:, :-1]  # Band D is at least £10 (schema), so never nil
    return out


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
        band_d_rise_pct=rise_as_fraction(band_d=charge["band_d"], band_d_rise=charge["band_d_rise"]),
        band_d_rise_requested=charge["band_d_rise_requested"],
        precept_capped=charge["precept_capped"],
        above_referendum_limit=charge["above_referendum_limit"],
        precept=precept_income(tax_base=tax_base, band_d=charge["band_d"]),
        collection_fund=p.collection_fund,
    )
