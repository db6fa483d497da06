"""Key figures a Police and Crime Panel asks for, as small functions over arrays.

The source documents' indicators are computed here and nowhere else (golden tests
reproduce them): Leicestershire 2010/11 cashable savings £7,662k on a net budget of
£175,277k = 4.4% against a 3.6% target (£6,310k); three-year savings £22,716k against
£18,054k = 125.8%.

"Net budget" is net revenue expenditure (spending less savings, plus one-off costs, less
specific grants and other income; before reserve movements), the denominator of the gap %,
the cashable-savings % and the savings target. The gap measured in % and in officer posts
is the recurring (structural) gap: what a savings plan has to close.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Below this a denominator is treated as nil: the smallest normal float64 (about 2.2e-308).
# A denormal denominator (e.g. a savings target of 1e-320 %) would otherwise give inf.
TINY = np.finfo(float).tiny


def ratio(numerator, denominator):
    """numerator / denominator; NaN (not applicable) where the denominator is nil or
    denormal, or where the quotient overflows to infinity. A fraction or a count, as the
    operands give."""
    numerator = np.asarray(numerator, dtype=float)
    denominator = np.asarray(denominator, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        quotient = np.true_divide(numerator, denominator)
    quotient = np.array(quotient, dtype=float, ndmin=1) if quotient.ndim == 0 else quotient
    np.copyto(quotient, np.nan, where=np.abs(denominator) < TINY)
    np.copyto(quotient, np.nan, where=np.isinf(quotient))
    return quotient if numerator.ndim or denominator.ndim else quotient[0]


def gap_pct_of_net_budget(*, gap, net_budget):
    """A gap (the recurring gap) as a fraction of net revenue expenditure."""
    return ratio(gap, net_budget)


def officer_post_equivalent(*, gap, cost_per_officer):
    """A gap (the recurring gap) as police officer posts: gap / average employer cost per officer FTE."""
    return ratio(gap, cost_per_officer)


def savings_pct_of_net_budget(*, cashable_savings, net_budget):
    """Cashable savings as a fraction of net revenue expenditure (Leicestershire's 4.4% indicator)."""
    return ratio(cashable_savings, net_budget)


def savings_target(*, net_budget, target_rate):
    """Savings target in pounds: target rate x net budget (3.6% x £175,277k = £6,310k)."""
    return np.multiply(net_budget, target_rate)


def savings_against_target(*, savings, target):
    """Savings delivered as a fraction of the target (£22,716k / £18,054k = 125.8%)."""
    return ratio(savings, target)


def cumulative_savings(savings_by_year, axis: int = -1):
    """Running total of savings by year (Cambridgeshire: £3.7m + £4.9m = £8.6m)."""
    return np.cumsum(savings_by_year, axis=axis)


def new_in_year(recurring, axis: int = -1):
    """The increase in a recurring amount each year (first year: its whole value)."""
    return np.diff(np.asarray(recurring, dtype=float), axis=axis, prepend=0.0)


@dataclass(frozen=True)
class KeyFigures:
    """The key figures block: (S, T) each; fractions, FTE or pounds as named."""

    officer_post_equivalent: np.ndarray  # FTE
    gap_pct_of_net_budget: np.ndarray  # fraction
    new_savings_in_year: np.ndarray  # pounds
    cashable_savings_pct: np.ndarray  # fraction
    savings_target: np.ndarray | None  # pounds (None: the scenario sets no target)
    savings_against_target: np.ndarray | None  # fraction


def project_key_figures(*, recurring_gap: np.ndarray, net_budget: np.ndarray, savings_delivered: np.ndarray,
                        cost_per_officer: np.ndarray, target_rate: np.ndarray | None,
                        projected: np.ndarray) -> KeyFigures:
    """The key figures a Police and Crime Panel asks for, from the recurring gap, net revenue
    expenditure (`net_budget`) and savings."""
    new_savings = new_in_year(savings_delivered, axis=1)
    target = against = None
    if target_rate is not None:
        target = savings_target(net_budget=net_budget, target_rate=target_rate) * projected
        against = np.where(target > 0, savings_against_target(savings=new_savings, target=target), np.nan)
    return KeyFigures(
        officer_post_equivalent=officer_post_equivalent(gap=recurring_gap, cost_per_officer=cost_per_officer),
        gap_pct_of_net_budget=gap_pct_of_net_budget(gap=recurring_gap, net_budget=net_budget),
        new_savings_in_year=new_savings,
        cashable_savings_pct=savings_pct_of_net_budget(cashable_savings=new_savings, net_budget=net_budget),
        savings_target=target,
        savings_against_target=against,
    )
