"""UK financial years (1 April - 31 March) and part-year factors.

A year is labelled by its start and end, "2016/17". Year 0 is the base year with known
figures; years 1..H are projected.
"""
from __future__ import annotations

import re

import numpy as np

_LABEL = re.compile(r"^(\d{4})/(\d{2})$")

FIRST_MONTH_OF_YEAR = 4  # April


def year_label(start_year: int) -> str:
    """2016 -> '2016/17'."""
    return f"{start_year}/{(start_year + 1) % 100:02d}"


def parse_year(label: str) -> int:
    """'2016/17' -> 2016. Raises ValueError for anything else (e.g. '2016/18', '2016')."""
    match = _LABEL.match(str(label).strip())
    if not match:
        raise ValueError(f"{label!r} is not a financial year label like '2016/17'")
    start = int(match.group(1))
    if (start + 1) % 100 != int(match.group(2)):
        raise ValueError(f"{label!r} is not a financial year: the second part must be {(start + 1) % 100:02d}")
    return start


def year_labels(base_year: str, projected_years: int) -> list[str]:
    """Labels of the base year and the projected years: ('2015/16', 4) -> 5 labels."""
    start = parse_year(base_year)
    return [year_label(start + i) for i in range(projected_years + 1)]


def in_year_fraction(effective_month: int) -> float:
    """Share of a financial year that falls on or after the first day of `effective_month`.

    A pay award effective 1 September (month 9) is paid for September to March: 7/12 of the
    year it is given in; the other 5/12 of its full-year effect falls in the next year.
    """
    if not 1 <= effective_month <= 12:
        raise ValueError(f"month must be 1-12, got {effective_month}")
    months_before = (effective_month - FIRST_MONTH_OF_YEAR) % 12
    return (12 - months_before) / 12


def ramp_factors(n_years: int, start_index: int, ramp_years: int) -> np.ndarray:
    """Share of a full-year amount delivered in each year index 0..n_years-1.

    Nothing before `start_index`; then a straight-line ramp reaching 100% in the
    `ramp_years`-th year of delivery (ramp_years = 1: full amount from the start year).
    """
    index = np.arange(n_years)
    years_in = index - start_index + 1
    return np.clip(years_in / max(ramp_years, 1), 0.0, 1.0)
