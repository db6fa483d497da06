"""Funding: central grants under a spending-review cut, specific grants, other income.

(The precept is its own block: mtfp.model.precept.) All arrays are (S, T): S scenarios,
T years with year 0 the base year. Money is pounds, rates are fractions.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np


@dataclass(frozen=True)
class ConditionInput:
    """A workforce test a grant is paid on (GrantCondition), in internal units."""

    groups: tuple[int, ...]  # indices into the workforce groups
    group_names: tuple[str, ...]
    measure: str  # headcount or fte
    target: np.ndarray  # headcount or FTE at the end of each year, (S or 1, T)
    tested_from: int  # index of the first year tested; earlier years are paid in full
    at_least: tuple[float, ...]  # % of target, highest band first
    paid: tuple[float, ...]  # fraction of the grant paid in each band


@dataclass(frozen=True)
class GrantInput:
    """One grant line: base-year cash and how it changes."""

    key: str
    name: str
    base: np.ndarray  # pounds (the base-year figure is used)
    cash_change: np.ndarray | None  # fraction a year; None = follows the spending review
    amounts: np.ndarray | None = None  # pounds by year as published (projected years), or None
    amounts_last: int = 0  # index of the last year the amounts give; cash_change applies after it
    national_total: np.ndarray | None = None  # pounds by year
    formula_share: np.ndarray | None = None  # fraction of the national total, by year
    ring_fenced_to: str | None = None  # the spending the grant pays for
    condition: ConditionInput | None = None


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
    other_income: GrantInput | None = None  # other income given by year (amounts), as a grant path

    @classmethod
    def build(cls, inputs) -> FundingInputs:
        sc, get, years = inputs.scenario.funding, inputs.get, inputs.years
        groups = list(inputs.scenario.workforce.groups)

        def grant_input(section: str, key: str, grant, cash_change) -> GrantInput:
            path = f"funding.{section}.{key}"
            amounts_last = 0
            if grant.amounts is not None:
                given = grant.amounts.value if isinstance(grant.amounts.value, dict) else {years[-1]: 0}
                amounts_last = max(years.index(y) for y in given)
            condition = None
            if getattr(grant, "condition", None) is not None:
                c = grant.condition
                condition = ConditionInput(
                    groups=tuple(groups.index(g) for g in c.groups), group_names=tuple(c.groups), measure=c.measure,
                    target=get(f"{path}.condition.target"), tested_from=years.index(c.tested_from),
                    at_least=tuple(b.at_least_pct for b in c.schedule), paid=tuple(b.paid_pct / 100 for b in c.schedule))
            return GrantInput(
                key, grant.name, get(f"{path}.base"), cash_change,
                amounts=get(f"{path}.amounts") if grant.amounts is not None else None, amounts_last=amounts_last,
                national_total=get(f"{path}.national_total") if grant.national_total is not None else None,
                formula_share=get(f"{path}.formula_share") if grant.formula_share is not None else None,
                ring_fenced_to=getattr(grant, "ring_fenced_to", None), condition=condition)

        grants = tuple(
            grant_input("grants", key, grant, None if grant.csr_applies and grant.amounts is None
                        else get(f"funding.grants.{key}.cash_change", 0.0))
            for key, grant in sc.grants.items())
        specific = tuple(
            grant_input("specific_grants", key, grant, get(f"funding.specific_grants.{key}.cash_change", 0.0))
            for key, grant in sc.specific_grants.items())
        other = None
        if sc.other_income.amounts is not None:
            given = sc.other_income.amounts.value
            other = GrantInput("other_income", "Other income", get("funding.other_income.base"),
                               get("funding.other_income.growth"), amounts=get("funding.other_income.amounts"),
                               amounts_last=max(years.index(y) for y in given) if isinstance(given, dict) else len(years) - 1)
        review = sc.spending_review
        return cls(
            gdp_deflator=get("gdp_deflator"), profile=review.profile, over_years=review.over_years,
            real_terms_cut=get("funding.spending_review.real_terms_cut"),
            explicit_cash_change=get("funding.spending_review.explicit_cash_change", 0.0),
            grants=grants, specific_grants=specific,
            other_income_base=get("funding.other_income.base"), other_income_growth=get("funding.other_income.growth"),
            other_income=other,
        )


@dataclass(frozen=True)
class GrantCondition:
    """A conditional grant's test, by year: pounds and fractions, (S, T) each."""

    achieved: np.ndarray  # the projected workforce as a fraction of the target (0.96 = 96%)
    paid_share: np.ndarray  # fraction of the grant paid (1.0 before the first year tested)
    withheld: np.ndarray  # pounds not paid
    measured: np.ndarray  # the headcount or FTE tested
    target: np.ndarray  # the target, same measure


@dataclass(frozen=True)
class Funding:
    """The funding block's results: pounds, (S, T) each (grants by key)."""

    grants: dict[str, np.ndarray]
    specific_grants: dict[str, np.ndarray]  # the amount paid (after any condition)
    other_income: np.ndarray
    ring_fenced_spending: dict[str, np.ndarray] = field(default_factory=dict)  # by ring-fenced grant key
    conditions: dict[str, GrantCondition] = field(default_factory=dict)  # by conditional grant key


def project_funding(f: FundingInputs, *, fte_closing: np.ndarray | None = None,
                    headcount: np.ndarray | None = None) -> Funding:
    """Grants under the spending review (or their own cash path), specific grants (ring-fenced and
    conditional ones included), other income.

    `fte_closing` (and `headcount`, when the workforce block gives it) are (S, G, T): the projected
    workforce at the end of each year, which a conditional grant is tested on.
    """
    price_index = growth_index(f.gdp_deflator)
    review_index = csr_cash_index(profile=f.profile, real_terms_cut=f.real_terms_cut, over_years=f.over_years,
                                  price_index=price_index, explicit_cash_change=f.explicit_cash_change)
    grants = {grant.key: grant_path(grant=grant, review_index=review_index) for grant in f.grants}
    specific, ring_fenced, conditions = {}, {}, {}
    for grant in f.specific_grants:
        cash = grant_path(grant=grant, review_index=review_index)
        if grant.condition is not None:
            c = grant.condition
            measured = tested_workforce(fte_closing=fte_closing, headcount=headcount, groups=c.groups,
                                        measure=c.measure)
            achieved = measured / c.target
            share = paid_share(achieved=achieved, at_least=c.at_least, paid=c.paid, tested_from=c.tested_from)
            paid = cash * share
            conditions[grant.key] = GrantCondition(achieved=achieved, paid_share=share, withheld=cash - paid,
                                                   measured=measured, target=np.broadcast_to(c.target, measured.shape))
            cash = paid
        specific[grant.key] = cash
        if grant.ring_fenced_to is not None:
            ring_fenced[grant.key] = cash  # the spending moves with the grant paid: nil on the gap
    if f.other_income is not None:
        other_income = grant_path(grant=f.other_income, review_index=review_index)
    else:
        other_income = grant_cash(base=f.other_income_base, cash_index=growth_index(f.other_income_growth))
    return Funding(grants=grants, specific_grants=specific, other_income=other_income,
                   ring_fenced_spending=ring_fenced, conditions=conditions)


def grant_path(*, grant: GrantInput, review_index: np.ndarray) -> np.ndarray:
    """One grant's cash by year, pounds (S, T).

    national total x formula share in each projected year; or the amounts as published, then
    the grant's cash change after the last year they give; or base-year cash x the spending
    review's cash index (or the grant's own cash change). The base year is always `base`.
    """
    if grant.national_total is not None:
        cash = np.array(np.broadcast_arrays(grant.national_total * grant.formula_share, grant.base)[0])
        cash[:, 0] = np.broadcast_to(grant.base[:, 0], cash[:, 0].shape)
        return cash
    if grant.amounts is not None:
        cash = np.array(np.broadcast_arrays(grant.amounts, grant.base, grant.cash_change)[0])
        cash[:, 0] = np.broadcast_to(grant.base[:, 0], cash[:, 0].shape)
        last = grant.amounts_last
        if last + 1 < cash.shape[1]:
            after = np.broadcast_to(1.0 + grant.cash_change[:, last + 1:], cash[:, last + 1:].shape)
            cash[:, last + 1:] = cash[:, last:last + 1] * after.cumprod(axis=1)
        return cash
    index = review_index if grant.cash_change is None else growth_index(grant.cash_change)
    return grant_cash(base=grant.base, cash_index=index)


def tested_workforce(*, fte_closing: np.ndarray, headcount: np.ndarray | None, groups: tuple[int, ...],
                     measure: str) -> np.ndarray:
    """The workforce a condition tests: the groups' headcount (or FTE) at the end of each year, (S, T).

    `headcount` (S, G, T) is the workforce block's closing FTE x each group's headcount per FTE
    (mtfp.model.workforce.headcount); `fte_closing` (S, G, T) the closing FTE. A caller without
    a headcount (None) tests headcount on the closing FTE.
    """
    counts = headcount if measure == "headcount" and headcount is not None else fte_closing
    return counts[:, list(groups)].sum(axis=1)


def paid_share(*, achieved: np.ndarray, at_least: tuple[float, ...], paid: tuple[float, ...],
               tested_from: int) -> np.ndarray:
    """Fraction of a conditional grant paid, by the schedule of the share of target achieved.

    The band paid is the highest whose `at_least` (% of target) the share reaches; below the
    lowest band nothing is paid (Surrey 2022/23: 100% at or above target, 10% withheld at
    95-99.99%, nil at or below 75%). Years before `tested_from` are paid in full. (S, T).
    """
    percent = achieved * 100.0
    share = np.zeros_like(percent)
    for low, pay in zip(reversed(at_least), reversed(paid)):  # lowest band first: higher bands overwrite
        share = np.where(percent >= low - 1e-9, pay, share)
    share[:, :tested_from] = 1.0
    return share


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
