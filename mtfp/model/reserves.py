"""Reserves: earmarked reserves and the general reserve, rolled forward as corkscrews.

closing = opening - used + contributions. Arrays are (S, T) or (S, E, T) for E earmarked
reserves; pounds.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NEVER = -1  # year index meaning "does not happen within the plan"
GENERAL = "general"  # the general reserve's name in a gap-funding order


@dataclass(frozen=True)
class ReservesInputs:
    """The reserves assumptions, in internal units."""

    earmarked: tuple[str, ...]  # earmarked reserve ids
    earmarked_names: tuple[str, ...]
    earmarked_opening: np.ndarray  # (S, E, T) pounds (the base-year figure is used)
    planned_use: np.ndarray  # (S, E, T) pounds a year
    earmarked_contributions: np.ndarray  # (S, E, T) pounds a year
    general_opening: np.ndarray  # (S, T) pounds (the base-year figure is used)
    general_contributions: np.ndarray  # (S, T) pounds a year
    minimum_pct: np.ndarray  # (S, T) minimum general reserve, fraction of net revenue expenditure
    fund_gap_from_reserves: bool  # True: each year's gap is drawn from (a surplus added to) the general reserve
    # The reserves strategy (mtfp.model.reserves.fund_gap_in_order); the defaults are the plain rule above.
    gap_order: tuple[str, ...] = (GENERAL,)  # earmarked ids and GENERAL, in the order they fund the gap
    general_may_go_below_minimum: bool = True
    interest_rate: np.ndarray | None = None  # (S, T) fraction a year earned on each opening balance
    earmarked_categories: tuple[str | None, ...] = ()  # Home Office category of each earmarked reserve
    earmarked_purposes: tuple[str | None, ...] = ()

    @classmethod
    def build(cls, inputs) -> ReservesInputs:
        sc, get = inputs.scenario.reserves, inputs.get
        keys = tuple(sc.earmarked)
        paths = [f"reserves.earmarked.{k}" for k in keys]
        empty = np.zeros((1, 0, len(inputs.years)))
        return cls(
            earmarked=keys, earmarked_names=tuple(sc.earmarked[k].name for k in keys),
            earmarked_opening=inputs.stack([f"{p}.opening" for p in paths]) if keys else empty,
            planned_use=inputs.stack([f"{p}.planned_use" for p in paths], 0.0) if keys else empty,
            earmarked_contributions=inputs.stack([f"{p}.contributions" for p in paths], 0.0) if keys else empty,
            general_opening=get("reserves.general_opening"),
            general_contributions=get("reserves.general_contributions", 0.0),
            minimum_pct=get("reserves.minimum_pct"), fund_gap_from_reserves=sc.fund_gap_from_reserves,
            gap_order=tuple(sc.gap_funding_order or (GENERAL,)) if sc.fund_gap_from_reserves else (),
            general_may_go_below_minimum=sc.general_may_go_below_minimum,
            interest_rate=get("reserves.interest_rate") if sc.interest_rate is not None else None,
            earmarked_categories=tuple(sc.earmarked[k].category for k in keys),
            earmarked_purposes=tuple(sc.earmarked[k].purpose for k in keys),
        )

    @property
    def strategy(self) -> bool:
        """True when the scenario sets a reserves strategy beyond the plain rule (an order with an
        earmarked reserve, a general reserve held at its minimum, or interest on balances)."""
        return (self.gap_order not in ((GENERAL,), ()) or not self.general_may_go_below_minimum
                or self.interest_rate is not None)


@dataclass(frozen=True)
class Earmarked:
    """Earmarked reserves rolled forward: (S, E, T) by reserve, totals (S, T); pounds."""

    opening: np.ndarray
    used: np.ndarray
    contributions: np.ndarray
    closing: np.ndarray
    used_total: np.ndarray
    contributions_total: np.ndarray
    closing_total: np.ndarray
    capital_use: np.ndarray  # (S, E, T) drawn to fund the capital programme
    capital_use_total: np.ndarray
    gap_drawn: np.ndarray | None = None  # (S, E, T) drawn to fund the gap (reserves strategy)
    interest: np.ndarray | None = None  # (S, E, T) interest earned on the opening balance


@dataclass(frozen=True)
class GeneralReserve:
    """The general reserve: (S, T) pounds; events (S,) year index or NEVER."""

    opening: np.ndarray
    drawn: np.ndarray  # gap funded from the reserve (a surplus is negative: it adds)
    contributions: np.ndarray
    closing: np.ndarray
    minimum: np.ndarray
    minimum_breached: np.ndarray
    reserves_run_out: np.ndarray
    interest: np.ndarray | None = None  # interest earned on the opening balance
    gap_unfunded: np.ndarray | None = None  # the gap no reserve funds (reserves strategy)


def earmarked_roll(*, opening: np.ndarray, planned_use: np.ndarray, contributions: np.ndarray,
                   capital_use: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Roll each earmarked reserve: planned use is limited to what the reserve holds.

    A draw for the capital programme (`capital_use`, wanted) is taken first, then the planned
    revenue use, each limited to the balance left. Base year: the balance is the opening
    balance and nothing flows. Each year's use depends on last year's balance, so this loops
    over years. (S, E, T).
    """
    capital_wanted = np.zeros((1,) + opening.shape[1:]) if capital_use is None else np.maximum(capital_use, 0.0)
    size = max(a.shape[0] for a in (opening, planned_use, contributions, capital_wanted))
    shape = (size,) + opening.shape[1:]
    balance_open = np.zeros(shape)
    used = np.zeros(shape)
    paid_in = np.zeros(shape)
    balance_close = np.zeros(shape)
    capital = np.zeros(shape)
    balance_close[..., 0] = opening[..., 0]
    balance_open[..., 0] = opening[..., 0]
    wanted = np.maximum(planned_use, 0.0)
    for t in range(1, shape[-1]):
        open_t = balance_close[..., t - 1]
        paid_in[..., t] = contributions[..., t]
        available = np.maximum(open_t + paid_in[..., t], 0.0)
        capital[..., t] = np.minimum(capital_wanted[..., t], available)
        used[..., t] = np.minimum(wanted[..., t], available - capital[..., t])
        balance_open[..., t] = open_t
        balance_close[..., t] = open_t - used[..., t] - capital[..., t] + paid_in[..., t]
    return {"opening": balance_open, "used": used, "contributions": paid_in, "closing": balance_close,
            "capital_use": capital}


def general_reserve(*, opening: np.ndarray, drawn: np.ndarray, contributions: np.ndarray) -> dict[str, np.ndarray]:
    """General reserve: closing = opening - drawn to fund the gap + contributions.

    No year depends on a decision taken from an earlier balance, so this is a running sum.
    A negative `drawn` (a surplus) adds to the reserve. Base year: opening = closing.
    """
    flows = contributions - drawn  # a new array
    flows[..., 0] = 0.0  # the base year is actual: nothing flows
    closing = opening[..., :1] + np.cumsum(flows, axis=-1)
    opening_balance = np.concatenate([closing[..., :1], closing[..., :-1]], axis=-1)
    return {"opening": opening_balance, "closing": closing}


def first_year_below(*, balance: np.ndarray, threshold: np.ndarray) -> np.ndarray:
    """Index of the first projected year with balance < threshold, or NEVER. (S,) int."""
    below = balance[:, 1:] < threshold[:, 1:] - 0.005  # half a penny: ignore float noise
    first = np.argmax(below, axis=1) + 1
    return np.where(below.any(axis=1), first, NEVER)


def project_earmarked(r: ReservesInputs, capital_draws: dict[str, np.ndarray] | None = None) -> Earmarked:
    """The earmarked reserves block (known before the gap: their use and contributions are planned).

    `capital_draws` maps a reserve id to what the capital programme wants from it, (S, T) pounds."""
    capital_use = None
    if capital_draws:
        capital_use = np.zeros((1,) + r.earmarked_opening.shape[1:])
        capital_use = np.broadcast_to(capital_use, (max([1] + [a.shape[0] for a in capital_draws.values()]),)
                                      + capital_use.shape[1:]).copy()
        for key, wanted in capital_draws.items():
            capital_use[:, r.earmarked.index(key)] = wanted
    roll = earmarked_roll(opening=r.earmarked_opening, planned_use=r.planned_use, contributions=r.earmarked_contributions,
                          capital_use=capital_use)
    return Earmarked(
        opening=roll["opening"], used=roll["used"], contributions=roll["contributions"], closing=roll["closing"],
        used_total=roll["used"].sum(axis=1),
        contributions_total=roll["contributions"].sum(axis=1),
        closing_total=roll["closing"].sum(axis=1),
        capital_use=roll["capital_use"], capital_use_total=roll["capital_use"].sum(axis=1),
    )


def project_general_reserve(r: ReservesInputs, *, funding_gap: np.ndarray, net_revenue_expenditure: np.ndarray,
                            projected: np.ndarray, size: int) -> GeneralReserve:
    """The general reserve block: the gap drawn from it (if the plan says so), contributions,
    its minimum (minimum % x net revenue expenditure) and the years it breaks the minimum or runs
    out (one per draw: `size` draws)."""
    drawn = funding_gap * projected if r.fund_gap_from_reserves else np.zeros_like(funding_gap)
    contributions = r.general_contributions * projected
    balance = general_reserve(opening=r.general_opening, drawn=drawn, contributions=contributions)
    minimum = r.minimum_pct * net_revenue_expenditure
    closing = balance["closing"]
    every_draw = (size, closing.shape[-1])
    return GeneralReserve(
        opening=balance["opening"], drawn=drawn, contributions=contributions, closing=closing, minimum=minimum,
        minimum_breached=first_year_below(balance=np.broadcast_to(closing, every_draw), threshold=minimum),
        reserves_run_out=first_year_below(balance=np.broadcast_to(closing, every_draw), threshold=np.zeros_like(minimum)),
    )


def fund_gap_in_order(r: ReservesInputs, earmarked: Earmarked, *, funding_gap: np.ndarray,
                      net_revenue_expenditure: np.ndarray, projected: np.ndarray, size: int
                      ) -> tuple[Earmarked, GeneralReserve]:
    """The reserves strategy: each year's gap drawn from the reserves in the scenario's order,
    interest earned on balances, and the gap left unfunded. Pounds; (S, E, T) and (S, T).

    - An earmarked reserve funds the gap only with what its planned and capital uses in this
      MTFP do not need: at most its lowest planned closing balance from this year on, less what
      it has already given to the gap (so a later planned use is never left short).
    - The general reserve takes what is left; when it may not go below its minimum (minimum %
      x net revenue expenditure), it gives at most its balance above the minimum. A surplus is
      added to the general reserve.
    - Interest: rate x the reserve's opening balance (never on a negative balance), added to it.
    - unfunded gap = gap - what the reserves gave (positive: a shortfall nothing funds).
    Loops over years (a year's draw depends on last year's balances), never over draws.
    """
    n_res, n_years = len(r.earmarked), funding_gap.shape[-1]
    shape, shape_e = (size, n_years), (size, n_res, n_years)
    planned_closing = np.broadcast_to(earmarked.closing, shape_e)
    # Lowest planned balance from each year to the end of the plan: what later uses still need.
    floor = np.flip(np.minimum.accumulate(np.flip(planned_closing, axis=-1), axis=-1), axis=-1)
    rate = np.zeros((1, n_years)) if r.interest_rate is None else r.interest_rate
    gap = np.broadcast_to(funding_gap * projected, shape)
    minimum = np.broadcast_to(r.minimum_pct * net_revenue_expenditure, shape)
    contributions = np.broadcast_to(r.general_contributions * projected, shape)
    order = [GENERAL if key == GENERAL else r.earmarked.index(key) for key in r.gap_order]

    e_drawn, e_interest = np.zeros(shape_e), np.zeros(shape_e)
    g_open, g_close, g_drawn, g_interest = (np.zeros(shape) for _ in range(4))
    unfunded = np.zeros(shape)
    g_close[:, 0] = g_open[:, 0] = np.broadcast_to(r.general_opening[:, :1], (size, 1))[:, 0]
    given = np.zeros((size, n_res))  # given to the gap so far
    earned = np.zeros((size, n_res))  # interest earned so far
    for t in range(1, n_years):
        e_open = planned_closing[..., t - 1] - given + earned
        e_interest[..., t] = np.broadcast_to(rate[:, t:t + 1], (size, 1)) * np.maximum(e_open, 0.0)
        earned = earned + e_interest[..., t]
        g_open[:, t] = g_close[:, t - 1]
        g_interest[:, t] = np.broadcast_to(rate[:, t], (size,)) * np.maximum(g_open[:, t], 0.0)
        remaining = gap[:, t].copy()
        for source in order:
            if source == GENERAL:
                available = g_open[:, t] + contributions[:, t] + g_interest[:, t]
                take = remaining if r.general_may_go_below_minimum else np.where(
                    remaining > 0, np.minimum(remaining, np.maximum(available - minimum[:, t], 0.0)), remaining)
                g_drawn[:, t] = take
            else:
                headroom = floor[:, source, t] - given[:, source] + earned[:, source]
                take = np.clip(np.minimum(remaining, headroom), 0.0, None)
                e_drawn[:, source, t] = take
                given[:, source] += take
            remaining = remaining - take
        if GENERAL not in r.gap_order and r.fund_gap_from_reserves:
            g_drawn[:, t] = np.minimum(remaining, 0.0)  # a surplus still goes to the general reserve
            remaining = remaining - g_drawn[:, t]
        unfunded[:, t] = remaining
        g_close[:, t] = g_open[:, t] + (contributions[:, t] - g_drawn[:, t]) + g_interest[:, t]

    cum_drawn, cum_interest = np.cumsum(e_drawn, axis=-1), np.cumsum(e_interest, axis=-1)
    closing = planned_closing - cum_drawn + cum_interest
    opening = np.concatenate([closing[..., :1], closing[..., :-1]], axis=-1)
    final = Earmarked(
        opening=opening, used=np.broadcast_to(earmarked.used, shape_e),
        contributions=np.broadcast_to(earmarked.contributions, shape_e), closing=closing,
        used_total=earmarked.used_total, contributions_total=earmarked.contributions_total,
        closing_total=closing.sum(axis=1), capital_use=np.broadcast_to(earmarked.capital_use, shape_e),
        capital_use_total=earmarked.capital_use_total, gap_drawn=e_drawn, interest=e_interest,
    )
    general = GeneralReserve(
        opening=g_open, drawn=g_drawn, contributions=contributions, closing=g_close, minimum=minimum,
        minimum_breached=first_year_below(balance=g_close, threshold=minimum),
        reserves_run_out=first_year_below(balance=g_close, threshold=np.zeros_like(minimum)),
        interest=g_interest, gap_unfunded=unfunded,
    )
    return final, general


def resilience(*, total_closing: np.ndarray, total_opening: np.ndarray, net_revenue_expenditure: np.ndarray
               ) -> dict[str, np.ndarray]:
    """CIPFA-style resilience figures, (S, T):
    - usable reserves as a fraction of net revenue expenditure;
    - years the reserves would last at this year's draw: closing / (opening - closing), NaN when
      the year does not draw on them (they rise or hold)."""
    from mtfp.model.indicators import ratio  # nil or denormal denominators give NaN, never inf

    pct = ratio(total_closing, net_revenue_expenditure)
    with np.errstate(divide="ignore", invalid="ignore"):
        draw = total_opening - total_closing
        years = np.where(draw > 0.005, np.maximum(total_closing, 0.0) / draw, np.nan)
    years[:, 0] = np.nan  # the base year is actual: no draw rate is projected from it
    return {"reserves_pct_of_net_revenue_expenditure": pct, "reserves_years_cover": years}
