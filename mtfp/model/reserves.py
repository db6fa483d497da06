"""Reserves: earmarked reserves and the general reserve, rolled forward as corkscrews.

closing = opening - used + contributions. Arrays are (S, T) or (S, E, T) for E earmarked
reserves; pounds.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

NEVER = -1  # year index meaning "does not happen within the plan"


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
        )


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


def earmarked_roll(*, opening: np.ndarray, planned_use: np.ndarray, contributions: np.ndarray) -> dict[str, np.ndarray]:
    """Roll each earmarked reserve: planned use is limited to what the reserve holds.

    Base year: the balance is the opening balance and nothing flows. Each year's use depends
    on last year's balance, so this loops over years. (S, E, T).
    """
    size = max(a.shape[0] for a in (opening, planned_use, contributions))
    shape = (size,) + opening.shape[1:]
    balance_open = np.zeros(shape)
    used = np.zeros(shape)
    paid_in = np.zeros(shape)
    balance_close = np.zeros(shape)
    balance_close[..., 0] = opening[..., 0]
    balance_open[..., 0] = opening[..., 0]
    wanted = np.maximum(planned_use, 0.0)
    for t in range(1, shape[-1]):
        open_t = balance_close[..., t - 1]
        paid_in[..., t] = contributions[..., t]
        available = np.maximum(open_t + paid_in[..., t], 0.0)
        used[..., t] = np.minimum(wanted[..., t], available)
        balance_open[..., t] = open_t
        balance_close[..., t] = open_t - used[..., t] + paid_in[..., t]
    return {"opening": balance_open, "used": used, "contributions": paid_in, "closing": balance_close}


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


def project_earmarked(r: ReservesInputs) -> Earmarked:
    """The earmarked reserves block (known before the gap: their use and contributions are planned)."""
    roll = earmarked_roll(opening=r.earmarked_opening, planned_use=r.planned_use, contributions=r.earmarked_contributions)
    return Earmarked(
        opening=roll["opening"], used=roll["used"], contributions=roll["contributions"], closing=roll["closing"],
        used_total=roll["used"].sum(axis=1),
        contributions_total=roll["contributions"].sum(axis=1),
        closing_total=roll["closing"].sum(axis=1),
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
