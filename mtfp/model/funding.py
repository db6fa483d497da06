"""Funding: central grants under a spending-review cut, specific grants, other income.

(The precept is its own block: mtfp.model.precept.) All arrays are (S, T): S scenarios,
T years with year 0 the base year. Money is pounds, rates are fractions.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np


@dataclass(frozen=True)
class GrantInput:
    """One grant line: base-year cash and how it changes."""

    key: str
    name: str
    base: np.ndarray  # pounds (the base-year figure is used)
    cash_change: np.ndarray | None  # fraction a year; None = follows the spending review


@dataclass(frozen=True)
class FundingInputs:
    """The funding assumptions, in internal units, (S or 1, T) each."""

    gdp_deflator: np.ndarray  # fraction a year
    profile: str  # even, front_loaded, back_loaded, explicit, flat_cash
    over_years: int
    real_terms_cut: np.ndarray  # fraction: the total real-terms cut reached after over_years
    explicit_cash_change: np.ndarray  # fraction a year (profile 'explicit' only)
    grants: tuple[GrantInput, ...]
    specific_grants: tuple[GrantInput, ...]
    other_income_base: np.ndarray  # pounds
    other_income_growth: np.ndarray  # fraction a year

    @classmethod
    def build(cls, inputs) -> FundingInputs:
        sc, get = inputs.scenario.funding, inputs.get
        grants = tuple(
            GrantInput(key, grant.name, get(f"funding.grants.{key}.base"),
                       None if grant.csr_applies else get(f"funding.grants.{key}.cash_change", 0.0))
            for key, grant in sc.grants.items())
        specific = tuple(
            GrantInput(key, grant.name, get(f"funding.specific_grants.{key}.base"),
                       get(f"funding.specific_grants.{key}.cash_change"))
            for key, grant in sc.specific_grants.items())
        review = sc.spending_review
        return cls(
            gdp_deflator=get("gdp_deflator"), profile=review.profile, over_years=review.over_years,
            real_terms_cut=get("funding.spending_review.real_terms_cut"),
            explicit_cash_change=get("funding.spending_review.explicit_cash_change", 0.0),
            grants=grants, specific_grants=specific,
            other_income_base=get("funding.other_income.base"), other_income_growth=get("funding.other_income.growth"),
        )


@dataclass(frozen=True)
class Funding:
    """The funding block's results: pounds, (S, T) each (grants by key)."""

    grants: dict[str, np.ndarray]
    specific_grants: dict[str, np.ndarray]
    other_income: np.ndarray


def project_funding(f: FundingInputs) -> Funding:
    """Grants under the spending review (or their own cash change), specific grants, other income."""
    price_index = growth_index(f.gdp_deflator)
    review_index = csr_cash_index(profile=f.profile, real_terms_cut=f.real_terms_cut, over_years=f.over_years,
                                  price_index=price_index, explicit_cash_change=f.explicit_cash_change)
    grants = {}
    for grant in f.grants:
        index = review_index if grant.cash_change is None else growth_index(grant.cash_change)
        grants[grant.key] = grant_cash(base=grant.base, cash_index=index)
    specific = {grant.key: grant_cash(base=grant.base, cash_index=growth_index(grant.cash_change))
                for grant in f.specific_grants}
    other_income = grant_cash(base=f.other_income_base, cash_index=growth_index(f.other_income_growth))
    return Funding(grants=grants, specific_grants=specific, other_income=other_income)


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
    Read-only (the cached array is shared by every projection).
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
