"""Precept: the council-tax Band D charge under the referendum limit, the tax base and the income.

Arrays are (S, T): S scenarios (draws), T years with year 0 the base year. Band D and its
rise are pounds per Band D equivalent; the tax base is Band D equivalents; income is pounds;
rates are fractions.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from mtfp.model.funding import growth_index


@dataclass(frozen=True)
class AuthorityInput:
    """One billing authority: its tax base and collection-fund share, internal units."""

    key: str
    name: str
    tax_base: np.ndarray  # Band D equivalents (the base-year figure is used)
    tax_base_growth: np.ndarray  # fraction a year
    tax_base_known: np.ndarray  # Band D equivalents in the years given, NaN elsewhere
    collection_fund: np.ndarray  # pounds


@dataclass(frozen=True)
class PreceptInputs:
    """The precept assumptions, in internal units, (S or 1, T) each."""

    tax_base: np.ndarray  # Band D equivalents (the base-year figure is used)
    tax_base_growth: np.ndarray  # fraction a year
    band_d: np.ndarray  # £ per Band D (the base-year figure is used)
    rise_pct: np.ndarray | None  # requested rise as a fraction of last year's Band D (NaN = £ that year), or None
    rise_gbp: np.ndarray | None  # requested rise in £ per Band D (NaN = % that year), or None
    limit_pct: np.ndarray  # referendum limit as a fraction (NaN = no % limit that year)
    limit_gbp: np.ndarray  # referendum limit in £ per Band D (NaN = no £ limit that year)
    referendum_held: bool | np.ndarray  # True (or 1.0 in a year): a rise above the limit is allowed (and flagged)
    collection_fund: np.ndarray  # collection fund surplus (+) or deficit (-), pounds
    tax_base_known: np.ndarray | None = None  # Band D equivalents in the years given, NaN elsewhere
    band_d_known: np.ndarray | None = None  # £ per Band D in the years given, NaN elsewhere
    requirement_known: np.ndarray | None = None  # council-tax requirement, pounds, in the years given, NaN elsewhere
    authorities: tuple[AuthorityInput, ...] = ()

    @classmethod
    def build(cls, inputs) -> PreceptInputs:
        sc, get, years = inputs.scenario.precept, inputs.get, inputs.years

        def in_years_given(path: str, param_) -> np.ndarray | None:
            # A known figure is for the years it names only (not carried forward).
            if param_ is None:
                return None
            given = np.array([year in param_.value for year in years])
            return np.where(given, get(path), np.nan)

        held = sc.referendum_held
        if isinstance(held, dict):
            held = np.array([[1.0 if held.get(year) else 0.0 for year in years]])
        authorities = tuple(
            AuthorityInput(
                key, a.name, get(f"precept.billing_authorities.{key}.tax_base"),
                get(f"precept.billing_authorities.{key}.tax_base_growth") if a.tax_base_growth is not None
                else get("precept.tax_base_growth"),
                in_years_given(f"precept.billing_authorities.{key}.tax_base_known", a.tax_base_known)
                if a.tax_base_known is not None else np.full((1, len(years)), np.nan),
                get(f"precept.billing_authorities.{key}.collection_fund", 0.0))
            for key, a in sc.billing_authorities.items())
        collection_fund = get("precept.collection_fund", 0.0)
        if any(a.collection_fund is not None for a in sc.billing_authorities.values()):
            collection_fund = sum(a.collection_fund for a in authorities)
        return cls(
            tax_base=get("precept.tax_base"), tax_base_growth=get("precept.tax_base_growth"),
            band_d=get("precept.band_d"),
            rise_pct=get("precept.band_d_rise_pct") if sc.band_d_rise_pct else None,
            rise_gbp=get("precept.band_d_rise_gbp") if sc.band_d_rise_gbp else None,
            limit_pct=get("precept.referendum_limit_pct", np.nan), limit_gbp=get("precept.referendum_limit_gbp", np.nan),
            referendum_held=held, collection_fund=collection_fund,
            tax_base_known=in_years_given("precept.tax_base_known", sc.tax_base_known),
            band_d_known=in_years_given("precept.band_d_known", sc.band_d_known),
            requirement_known=in_years_given("precept.council_tax_requirement_known", sc.council_tax_requirement_known),
            authorities=authorities,
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
    precept: np.ndarray  # income, pounds (the council-tax requirement)
    collection_fund: np.ndarray  # pounds
    authority_tax_base: dict[str, np.ndarray] = field(default_factory=dict)  # Band D equivalents, by authority
    authority_precept: dict[str, np.ndarray] = field(default_factory=dict)  # pounds, each rounded to the penny
    authority_collection_fund: dict[str, np.ndarray] = field(default_factory=dict)  # pounds


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
    limit_pct: np.ndarray, limit_gbp: np.ndarray, referendum_held: bool | np.ndarray,
    band_d_known: np.ndarray | None = None, requirement_known: np.ndarray | None = None,
    tax_base: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Band D charge each year, with the rise capped at the referendum limit.

    The requested rise is a % of last year's Band D or a £ amount, whichever is given that year
    (NaN in one means the other applies). The largest allowed rise is `max_allowed_rise`: a %
    principle is excessive at equality (the last whole penny below it is allowed), a £ principle
    only above it; where a year has both, the higher applies,
    as in "two per cent limit, or £5 for those with historically low precepts" (Yorkshire
    Post, "Referendum risk may be taken in a bid to break out of the budgets freeze", c.2013,
    https://www.yorkshirepost.co.uk/news/referendum-risk-may-be-taken-in-a-bid-to-break-out-of-the-budgets-freeze-1-5709188).
    NaN = no limit of that kind. A request above the limit is capped and flagged, unless a
    referendum is held that year (`referendum_held` true, or 1.0 in that year), when it is allowed
    and flagged. A known Band D for a year (`band_d_known`, NaN elsewhere) or a known council-tax
    requirement (`requirement_known`, pounds; Band D = requirement / tax base, to the penny)
    stands as set, flagged if above the limit. Each year depends on the last, so this loops over
    years. Returns band_d, band_d_rise, band_d_rise_requested (£ per Band D), precept_capped and
    above_referendum_limit (1.0 where it happens); all (S, T).
    """
    rise_given = rise_pct if rise_pct is not None else rise_gbp
    size = max(a.shape[0] for a in (band_d, limit_pct, limit_gbp, rise_given))
    n_years = band_d.shape[1]
    held = np.broadcast_to(np.asarray(referendum_held, dtype=float), (1, n_years)) \
        if np.ndim(referendum_held) else np.full((1, n_years), float(referendum_held))
    charge = np.zeros((size, n_years))
    requested = np.zeros((size, n_years))
    rise = np.zeros((size, n_years))
    capped = np.zeros((size, n_years))
    above = np.zeros((size, n_years))
    charge[:, 0] = band_d[:, 0]
    for t in range(1, n_years):
        previous = charge[:, t - 1]
        if rise_pct is not None and rise_gbp is not None:
            requested[:, t] = np.where(np.isnan(rise_pct[:, t]), rise_gbp[:, t], previous * rise_pct[:, t])
        else:
            requested[:, t] = previous * rise_pct[:, t] if rise_pct is not None else rise_gbp[:, t]
        limit = max_allowed_rise(previous_band_d=previous, limit_pct=limit_pct[:, t], limit_gbp=limit_gbp[:, t])
        known = None
        if band_d_known is not None and not np.isnan(band_d_known[:, t]).all():
            known = band_d_known[:, t]
        elif requirement_known is not None and not np.isnan(requirement_known[:, t]).all():
            known = np.round(requirement_known[:, t] / tax_base[:, t], 2)
        if known is not None:  # a set Band D stands as set
            requested[:, t] = known - previous
            over = is_excessive(rise=requested[:, t], max_rise=limit)
            rise[:, t] = requested[:, t]
            above[:, t] = over
        else:
            over = is_excessive(rise=requested[:, t], max_rise=limit)
            if held[0, t]:
                rise[:, t] = requested[:, t]
                above[:, t] = over
            else:
                rise[:, t] = np.minimum(requested[:, t], limit)
                capped[:, t] = over
        charge[:, t] = previous + rise[:, t]
    return {"band_d": charge, "band_d_rise": rise, "band_d_rise_requested": requested,
            "precept_capped": capped, "above_referendum_limit": above}


def tax_base_path(*, tax_base: np.ndarray, growth: np.ndarray, known: np.ndarray | None) -> np.ndarray:
    """Tax base (Band D equivalents) each year: the base-year figure grown each year, restarting
    from a known figure in the years one is given (`known`, NaN elsewhere). (S, T)."""
    path = tax_base[:, :1] * growth_index(growth)
    if known is None or np.isnan(known).all():
        return path
    size = max(path.shape[0], known.shape[0])
    path = np.array(np.broadcast_to(path, (size, path.shape[1])))
    factors = np.broadcast_to(1.0 + growth, path.shape)
    for t in range(1, path.shape[1]):
        path[:, t] = np.where(np.isnan(known[:, t]), path[:, t - 1] * factors[:, t], known[:, t])
    return path


def authority_precepts(*, tax_bases: dict[str, np.ndarray], band_d: np.ndarray) -> dict[str, np.ndarray]:
    """Each billing authority's precept = its tax base x Band D, rounded to the penny on its own.
    Pounds, (S, T) each; the force's council-tax requirement is their sum."""
    return {key: np.round(base * band_d, 2) for key, base in tax_bases.items()}


def rise_as_fraction(*, band_d: np.ndarray, band_d_rise: np.ndarray) -> np.ndarray:
    """The Band D rise as a fraction of last year's Band D (£14 on £280 = 0.05). 0 in the base year."""
    out = np.zeros_like(band_d)
    out[:, 1:] = band_d_rise[:, 1:] / band_d[:, :-1]  # Band D is at least £10 (schema), so never nil
    return out


def precept_income(*, tax_base: np.ndarray, band_d: np.ndarray) -> np.ndarray:
    """Precept = tax base (Band D equivalents) x Band D charge. Pounds, (S, T)."""
    return tax_base * band_d


def project_precept(p: PreceptInputs) -> Precept:
    """The precept block: the tax base (by billing authority where given), Band D under the limit,
    the income. With billing authorities the tax base is their sum and the precept the sum of
    their precepts, each rounded to the penny."""
    authority_base = {a.key: tax_base_path(tax_base=a.tax_base, growth=a.tax_base_growth, known=a.tax_base_known)
                      for a in p.authorities}
    if authority_base:
        tax_base = sum(authority_base.values())
    else:
        tax_base = tax_base_path(tax_base=p.tax_base, growth=p.tax_base_growth, known=p.tax_base_known)
    charge = band_d_path(band_d=p.band_d, rise_pct=p.rise_pct, rise_gbp=p.rise_gbp, limit_pct=p.limit_pct,
                         limit_gbp=p.limit_gbp, referendum_held=p.referendum_held, band_d_known=p.band_d_known,
                         requirement_known=p.requirement_known, tax_base=tax_base)
    by_authority = authority_precepts(tax_bases=authority_base, band_d=charge["band_d"])
    income = sum(by_authority.values()) if by_authority else precept_income(tax_base=tax_base, band_d=charge["band_d"])
    return Precept(
        tax_base=tax_base,
        band_d=charge["band_d"],
        band_d_rise=charge["band_d_rise"],
        band_d_rise_pct=rise_as_fraction(band_d=charge["band_d"], band_d_rise=charge["band_d_rise"]),
        band_d_rise_requested=charge["band_d_rise_requested"],
        precept_capped=charge["precept_capped"],
        above_referendum_limit=charge["above_referendum_limit"],
        precept=income,
        collection_fund=p.collection_fund,
        authority_tax_base=authority_base,
        authority_precept=by_authority,
        authority_collection_fund={a.key: a.collection_fund for a in p.authorities},
    )
