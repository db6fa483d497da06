"""Does the base year balance? A base year is the force's known budget: its spending should
equal its funding. A workbook or a started scenario that does not balance gives a projection
whose every gap carries that error, so it is reported plainly before any projection is shown."""
from __future__ import annotations

from mtfp import results

BALANCE_TOLERANCE_GBP = 50_000.0  # £0.05m: rounding in a budget book, not a real imbalance


def base_year_imbalance(projection) -> float:
    """Base-year budget requirement less its funding (the gap after one-offs and reserves), in
    pounds (positive: spending above funding)."""
    return float(results.series(projection, "funding_gap")[0])


def balance_message(projection, tolerance: float = BALANCE_TOLERANCE_GBP) -> str | None:
    """A plain sentence when the base year is out of balance by more than `tolerance` (£), else None."""
    gap = base_year_imbalance(projection)
    if abs(gap) <= tolerance:
        return None
    spending = float(results.series(projection, "budget_requirement")[0])
    funding = float(results.series(projection, "total_funding")[0])
    side = "spending exceeds funding" if gap > 0 else "funding exceeds spending"
    return (f"the base year {projection.years[0]} does not balance: budget requirement (spending after savings, "
            f"specific grants, income and reserves) £{spending / 1e6:,.2f}m, funding (general grants, council tax, "
            f"collection fund) "
            f"£{funding / 1e6:,.2f}m, so {side} by £{abs(gap) / 1e6:,.2f}m (tolerance £{tolerance / 1e6:,.2f}m). "
            "Check the base-year figures before relying on the projection: every later gap includes this amount.")
