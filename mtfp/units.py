"""Units in one place: file units (£m, %) to internal units (£, fraction) and display.

Scenario files speak as finance leads do: money in £m, rates in % (2.5 means 2.5%).
Inside the model money is float64 pounds and rates are fractions. Rounding happens only
when a figure is displayed, never inside the calculation.
"""
from __future__ import annotations

import math

# Each unit a scenario field may carry: (label shown to users, factor from file to internal).
UNITS: dict[str, tuple[str, float]] = {
    "gbp_m": ("£m", 1e6),
    "gbp": ("£", 1.0),
    "gbp_per_fte": ("£ per FTE", 1.0),
    "gbp_per_band_d": ("£ per Band D", 1.0),
    "pct": ("%", 0.01),
    "pct_per_year": ("% a year", 0.01),
    "fte": ("FTE", 1.0),
    "posts": ("headcount or FTE", 1.0),
    "heads_per_fte": ("heads per FTE", 1.0),
    "band_d_equivalents": ("Band D equivalents", 1.0),
    "minutes_per_day": ("minutes per officer per day", 1.0),
}


def to_internal(value: float, unit: str) -> float:
    """Convert a value in file units (e.g. £m, %) to internal units (£, fraction)."""
    return value * UNITS[unit][1]


def unit_label(unit: str) -> str:
    return UNITS[unit][0]


def fmt_gbp_m(pounds: float) -> str:
    """THE display of money: pounds as £m to 1 dp, e.g. 23_412_000 -> '£23.4m'.

    Negatives as '-£1.2m' (sign first, never '£-1.2m' or '1.2 £m'); a figure that rounds to
    zero is '£0.0m', never '-£0.0m'; None, NaN or inf -> 'n/a'. There is no other precision:
    headline, chart title, table and text all say the same figure (fmt_gbp_m_or_k and
    fmt_money_small are for rows that are naturally small, and labelled so).
    """
    if pounds is None or not math.isfinite(pounds):
        return "n/a"
    text = f"{abs(pounds) / 1e6:,.1f}"
    sign = "-" if pounds < 0 and any(c not in "0.," for c in text) else ""
    return f"{sign}£{text}m"


def fmt_gbp_m_or_k(pounds: float) -> str:
    """£m to 1 dp (fmt_gbp_m), except an amount under £1m that 1 dp would misstate by £500 or
    more: that is £k to the nearest thousand. A savings option worth £250,000 reads "£250k", not
    "£0.2m"; £40,000 still to find reads "£40k", not "£0.0m"; a £2.85m gap still reads "£2.9m"."""
    if pounds is None or not math.isfinite(pounds):
        return "n/a"
    if abs(pounds) < 1e6 and abs(round(pounds, -5) - pounds) >= 500:
        return ("-" if pounds < 0 else "") + f"£{abs(pounds) / 1e3:,.0f}k"
    return fmt_gbp_m(pounds)


def fmt_money_small(pounds: float) -> str:
    """Amounts that are naturally small (a household's council tax) in £ to the penny: 6.666 -> '£6.67'.

    Label the row or column it is used in ("a year", "a week"), so it is never read as £m.
    Negatives '-£1.50'; a figure that rounds to zero is '£0.00'; None, NaN or inf -> 'n/a'.
    """
    if pounds is None or not math.isfinite(pounds):
        return "n/a"
    text = f"{abs(pounds):,.2f}"
    sign = "-" if pounds < 0 and any(c not in "0.," for c in text) else ""
    return f"{sign}£{text}"


def fmt_pct(fraction: float, dp: int = 1) -> str:
    """Display a fraction as a percentage, e.g. 0.0437 -> '4.4%'; NaN or inf (a zero denominator) -> 'n/a'."""
    if fraction is None or not math.isfinite(fraction):
        return "n/a"
    return f"{fraction * 100:.{dp}f}%"


def fmt_when(iso: str) -> str:
    """A change-log time as a finance lead writes it: '2026-12-01T14:05:00+00:00' -> '1 Dec 2026 14:05'.
    Text that is not an ISO time is returned as it is."""
    from datetime import datetime

    try:
        t = datetime.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    return f"{t.day} {t:%b %Y %H:%M}"
