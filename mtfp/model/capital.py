"""The capital programme and its financing: spend, funding, the CFR, MRP, interest and debt.

Rules (sources in docs/model.md, "Capital programme and financing"):
- Prudential borrowing is the balance of the programme not funded by capital grant, capital
  receipts, revenue contributions or earmarked-reserve draws (CIPFA Prudential Code 2021).
- Capital financing requirement (CFR): closing = opening + prudential borrowing - MRP.
- Minimum Revenue Provision on the new borrowing (DLUHC statutory MRP guidance, 5th edition
  2024, asset-life method): straight line (borrowing / asset life a year) or annuity (the
  principal part of an annuity at the stated rate), from the year after the asset comes into
  use. Each year's borrowing is shared between the schemes in proportion to their spend that year.
- Interest on new borrowing = rate x the average of the opening and closing new-borrowing
  balance (the balance falls by the MRP on it: MRP is the cash that repays it).
- Revenue consequences: capital financing = MRP + interest + revenue contributions to capital.
  The base year is actual: only the existing MRP and interest are charged in it.
Arrays are (S, T) or (S, K, T) for K schemes; pounds, rates are fractions.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def in_year_amounts(inputs, path: str) -> np.ndarray:
    """A capital amount (an "in_year" field) in projected years: pounds, (S or 1, T).

    A per-year mapping is money in the years named, nothing in the others (Param.year_values);
    one number is that amount every projected year. The base year is actual: nothing flows in it.
    """
    mask = np.ones(len(inputs.years))
    mask[0] = 0.0
    return inputs.get(path) * mask


@dataclass(frozen=True)
class CapitalInputs:
    """The capital programme in internal units; `given` is False when the scenario has none."""

    given: bool
    schemes: tuple[str, ...]
    scheme_names: tuple[str, ...]
    spend: np.ndarray  # (S, K, T) pounds
    asset_life: np.ndarray  # (K,) years
    in_use: np.ndarray  # (K,) year index the scheme comes into use, -1 = each year's spend in its year
    capital_grant: np.ndarray  # (S, T) pounds
    capital_receipts: np.ndarray
    revenue_contributions: np.ndarray
    reserve_draws: dict[str, np.ndarray]  # earmarked reserve id -> (S, T) pounds wanted
    annuity: bool
    annuity_rate: np.ndarray  # (S, 1) fraction (straight line: unused)
    interest_rate: np.ndarray  # (S, T) fraction a year
    opening_cfr: np.ndarray  # (S, T) pounds (the base-year figure is used)
    existing_mrp: np.ndarray  # (S, T) pounds a year
    existing_debt: np.ndarray  # (S, T) pounds (base-year figure used)
    existing_interest: np.ndarray  # (S, T) pounds a year
    existing_debt_repaid: np.ndarray  # (S, T) pounds

    @classmethod
    def build(cls, inputs) -> CapitalInputs:
        sc = inputs.scenario.capital
        zero = inputs.get("capital.none", 0.0)
        if sc is None:
            return cls(False, (), (), np.zeros((1, 0, len(inputs.years))), np.zeros(0), np.zeros(0, dtype=int),
                       zero, zero, zero, {}, False, zero[:, :1], zero, zero, zero, zero, zero, zero)
        keys = tuple(sc.schemes)
        spend = [in_year_amounts(inputs, f"capital.schemes.{k}.spend") for k in sc.schemes]
        f = sc.funding

        def amount(name: str) -> np.ndarray:
            p = getattr(f, name)
            return zero if p is None else in_year_amounts(inputs, f"capital.funding.{name}")

        get = inputs.get
        return cls(
            given=True, schemes=keys, scheme_names=tuple(s.name for s in sc.schemes.values()),
            spend=np.stack(np.broadcast_arrays(*spend), axis=1) if spend else np.zeros((1, 0, len(inputs.years))),
            asset_life=np.array([s.asset_life for s in sc.schemes.values()], dtype=float),
            in_use=np.array([-1 if s.in_use_year is None else inputs.years.index(s.in_use_year)
                             for s in sc.schemes.values()], dtype=int),
            capital_grant=amount("capital_grant"), capital_receipts=amount("capital_receipts"),
            revenue_contributions=amount("revenue_contributions"),
            reserve_draws={k: in_year_amounts(inputs, f"capital.funding.earmarked_reserves.{k}.amount")
                           for k in f.earmarked_reserves},
            annuity=sc.mrp_policy == "annuity",
            annuity_rate=get("capital.mrp_annuity_rate")[:, :1] if sc.mrp_annuity_rate is not None else zero[:, :1],
            interest_rate=get("capital.interest_rate"),
            opening_cfr=get("capital.opening_cfr"), existing_mrp=get("capital.existing_mrp"),
            existing_debt=get("capital.existing_debt"), existing_interest=get("capital.existing_interest"),
            existing_debt_repaid=(zero if sc.existing_debt_repaid is None
                                  else in_year_amounts(inputs, "capital.existing_debt_repaid")),
        )


@dataclass(frozen=True)
class Capital:
    """The capital block's results: pounds, (S, T) each (spend by scheme (S, K, T))."""

    spend_by_scheme: np.ndarray
    spend: np.ndarray
    funded_by_grant: np.ndarray
    funded_by_receipts: np.ndarray
    funded_by_revenue: np.ndarray
    funded_by_reserves: np.ndarray
    funded_by_borrowing: np.ndarray
    funding: np.ndarray
    cfr_opening: np.ndarray
    cfr_closing: np.ndarray
    mrp_existing: np.ndarray
    mrp_new: np.ndarray
    mrp: np.ndarray
    interest_existing: np.ndarray
    interest_new: np.ndarray
    interest: np.ndarray
    financing: np.ndarray  # MRP + interest + revenue contributions: the revenue budget's capital financing
    external_debt: np.ndarray  # closing
    new_borrowing_closing: np.ndarray  # the new borrowing still outstanding


def mrp_schedule(*, borrowing: np.ndarray, start: np.ndarray, life: float, annuity_rate: np.ndarray | None = None
                 ) -> np.ndarray:
    """MRP by year on borrowing taken in each year (pounds, (S, T)).

    borrowing (S, T): borrowing for one scheme by the year it is taken; start (T,) int: the
    first year MRP is charged on year t's borrowing (the year after it comes into use). Straight
    line: borrowing / life a year for `life` years (a part year at the end if life is not whole).
    Annuity at rate r (S, 1): year k of n (k = 1..n) charges B x r / ((1 + r)^n - 1) x (1 + r)^(k - 1),
    the principal part of a level annuity payment; the n charges add up to B.
    """
    size, n_years = borrowing.shape
    mrp = np.zeros((size, n_years))
    for t in range(n_years):
        first = int(start[t])
        if first >= n_years:
            continue
        k = np.arange(n_years - first, dtype=float)  # 0 for the first year charged
        if annuity_rate is None:
            share = np.clip(life - k, 0.0, 1.0) / life  # 1/life each full year, nothing after the life
            mrp[:, first:] += borrowing[:, t:t + 1] * share[None, :]
        else:
            r = annuity_rate  # (S, 1); a rate this small is nil (the formula's limit is straight line)
            tiny = r < 1e-12
            safe = np.where(tiny, 1.0, r)
            level = np.where(tiny, 1.0 / life, safe / np.expm1(life * np.log1p(safe)))
            growth = np.where(tiny, 1.0, np.exp(k[None, :] * np.log1p(safe)))
            share = level * growth * (k[None, :] < life)
            mrp[:, first:] += borrowing[:, t:t + 1] * share
    return mrp


def project_capital(c: CapitalInputs, *, reserve_draws_taken: np.ndarray, shape: tuple[int, int]) -> Capital:
    """The capital block: funding, borrowing (the balance), MRP, interest, CFR and external debt.

    `reserve_draws_taken` (S, T) is what the earmarked reserves could give (mtfp.model.reserves
    limits each draw to the reserve's balance); the rest of the programme is borrowed.
    """
    size, n_years = shape
    spend_by_scheme = np.broadcast_to(c.spend, (size, len(c.schemes), n_years))
    spend = spend_by_scheme.sum(axis=1)
    grant = np.broadcast_to(c.capital_grant, shape)
    receipts = np.broadcast_to(c.capital_receipts, shape)
    revenue = np.broadcast_to(c.revenue_contributions, shape)
    reserves = np.broadcast_to(reserve_draws_taken, shape)
    borrowing = spend - grant - receipts - revenue - reserves
    funding = grant + receipts + revenue + reserves + borrowing

    # Each year's borrowing shared between the schemes by their spend that year.
    years = np.arange(n_years)
    mrp_new = np.zeros(shape)
    with np.errstate(invalid="ignore", divide="ignore"):
        shares = np.where(spend[:, None, :] > 0, spend_by_scheme / spend[:, None, :], 0.0)
    for k in range(len(c.schemes)):
        in_use = c.in_use[k]
        start = np.maximum(years, in_use) + 1
        mrp_new += mrp_schedule(borrowing=borrowing * shares[:, k], start=start, life=float(c.asset_life[k]),
                                annuity_rate=c.annuity_rate if c.annuity else None)
    projected = (years > 0).astype(float)
    # The existing MRP and interest are charged in the base year too (its actual capital
    # financing); the CFR and the new borrowing move only in projected years.
    mrp_existing = np.broadcast_to(c.existing_mrp, shape)
    mrp = mrp_existing + mrp_new

    cfr_closing = c.opening_cfr[:, :1] + np.cumsum((borrowing - mrp) * projected, axis=1)
    cfr_closing = np.broadcast_to(cfr_closing, shape)
    cfr_opening = np.concatenate([cfr_closing[:, :1], cfr_closing[:, :-1]], axis=1)

    new_closing = np.cumsum((borrowing - mrp_new) * projected, axis=1)
    new_opening = np.concatenate([np.zeros((size, 1)), new_closing[:, :-1]], axis=1)
    interest_new = np.broadcast_to(c.interest_rate, shape) * (new_opening + new_closing) / 2 * projected
    interest_existing = np.broadcast_to(c.existing_interest, shape)
    interest = interest_existing + interest_new
    existing_debt = c.existing_debt[:, :1] - np.cumsum(c.existing_debt_repaid * projected, axis=1)
    external_debt = np.broadcast_to(existing_debt, shape) + new_closing
    return Capital(
        spend_by_scheme=spend_by_scheme, spend=spend, funded_by_grant=grant, funded_by_receipts=receipts,
        funded_by_revenue=revenue, funded_by_reserves=reserves, funded_by_borrowing=borrowing, funding=funding,
        cfr_opening=cfr_opening, cfr_closing=cfr_closing, mrp_existing=mrp_existing, mrp_new=mrp_new, mrp=mrp,
        interest_existing=interest_existing, interest_new=interest_new, interest=interest,
        financing=mrp + interest + revenue, external_debt=external_debt, new_borrowing_closing=new_closing,
    )
