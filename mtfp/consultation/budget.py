"""The resident's budget: the gap to close in the consultation year and what is left of it
after the resident's choices (a precept rise and savings). Forced balance: a response can be
submitted only when nothing is left.

All money here is pounds (the options file's £m are converted on the way in).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from mtfp import results
from mtfp.consultation.options import Consultation, ConsultationOptions
from mtfp.model import indicators
from mtfp.units import to_internal

# A budget "balances" when the remaining gap is at most this many pounds: float sums of £m
# options must not block a response that closes the gap to the penny.
BALANCE_TOLERANCE = 0.5


@dataclass(frozen=True)
class GapToClose:
    """The consultation year's gap from the model (pounds), with what residents need to judge it."""

    year: str
    gap: float
    officer_posts: float
    tax_base: float
    band_d: float
    planned_band_d_rise: float


def gap_to_close(consultation: Consultation, projection, draw: int = 0) -> GapToClose:
    """The gap (pounds) residents are asked to close in the consultation year: the gap after
    one-off items and reserve movements (the budget requirement less general grants, council
    tax and the collection fund), so a balanced response is a balanced budget for that year.
    In £ and in officer posts (this gap / the average employer cost of an officer FTE), with
    that year's tax base (Band D equivalents) and planned Band D (£)."""
    t = consultation.year_index
    gap = float(results.series(projection, "funding_gap", draw)[t])
    officer_cost = float(results.series(projection, f"cost_per_fte_{projection.scenario.workforce.officer_group}",
                                        draw)[t])
    return GapToClose(
        year=consultation.year,
        gap=gap,
        officer_posts=float(indicators.officer_post_equivalent(gap=gap, cost_per_officer=officer_cost)),
        tax_base=float(results.series(projection, "tax_base", draw)[t]),
        band_d=float(results.series(projection, "band_d", draw)[t]),
        planned_band_d_rise=float(results.series(projection, "band_d_rise", draw)[t]),
    )


def clean_choices(options: ConsultationOptions, band_d_rise: float, savings: dict[str, float | bool]) -> dict:
    """Check a resident's choices against the options and return them as stored:
    {"band_d_rise": £ a year, "savings": {id: £m chosen}} with every option present
    (0 when not chosen). Raises ValueError for a rise or amount the options do not allow."""
    if band_d_rise not in options.precept.band_d_rises:
        raise ValueError(f"band_d_rise {band_d_rise!r} is not one of the options {options.precept.band_d_rises}")
    unknown = sorted(set(savings) - {s.id for s in options.savings})
    if unknown:
        raise ValueError(f"unknown savings options: {', '.join(unknown)}")
    chosen: dict[str, float] = {}
    for option in options.savings:
        value = savings.get(option.id, 0.0)
        if option.kind == "on_off":
            if value not in (True, False, 0, 0.0, option.saving):
                raise ValueError(f"{option.id}: on/off option takes on or off, got {value!r}")
            amount = option.saving if value else 0.0
        else:
            amount = float(value)
            if amount != 0.0 and not option.min - 1e-9 <= amount <= option.max + 1e-9:
                raise ValueError(f"{option.id}: £{amount:g}m is outside £{option.min:g}m to £{option.max:g}m")
        chosen[option.id] = float(amount)
    return {"band_d_rise": float(band_d_rise), "savings": chosen}


class ResponseRefused(ValueError):
    """A stored or submitted response the options file does not allow; the message says why."""


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def valid_choices(options: ConsultationOptions, choices) -> dict:
    """A response in its stored form ({"band_d_rise": £, "savings": {id: £m}}) checked against
    the options: the two keys only, a rise the options allow, known option ids, numbers only,
    on/off options 0 or their saving, range options 0 or within min to max. Returns the
    cleaned choices (every option present); raises ResponseRefused naming what is wrong."""
    if not isinstance(choices, dict):
        raise ResponseRefused(f"a response must be a mapping, got {type(choices).__name__}")
    extra = sorted(str(k)[:40] for k in set(choices) - {"band_d_rise", "savings"})
    if extra:
        raise ResponseRefused(f"unknown fields: {', '.join(extra)}")
    rise = choices.get("band_d_rise")
    if not _is_number(rise):
        raise ResponseRefused(f"band_d_rise must be a number, got {str(rise)[:40]!r}")
    savings = choices.get("savings", {})
    if not isinstance(savings, dict):
        raise ResponseRefused(f"savings must be a mapping of option id to £m, got {type(savings).__name__}")
    for key, value in savings.items():
        if not _is_number(value):
            raise ResponseRefused(f"savings.{str(key)[:40]}: must be a number (£m), got {str(value)[:40]!r}")
    try:
        return clean_choices(options, float(rise), {k: float(v) for k, v in savings.items()})
    except ValueError as exc:
        raise ResponseRefused(str(exc)[:300]) from None


def check_response(options: ConsultationOptions, gap_info: GapToClose, choices) -> dict:
    """valid_choices, and the budget balances against the consultation year's gap (forced
    balance, within BALANCE_TOLERANCE pounds). Returns the cleaned choices to store."""
    cleaned = valid_choices(options, choices)
    left_over = float(remaining_gap(gap_info.gap, gap_info.tax_base, cleaned["band_d_rise"], savings_total(cleaned)))
    if not bool(is_balanced(left_over)):
        raise ResponseRefused(f"the budget does not balance: £{left_over:,.0f} of the gap is still to find")
    return cleaned


def savings_total(choices: dict) -> float:
    """Pounds a year saved by a cleaned choice set."""
    return to_internal(sum(choices["savings"].values()), "gbp_m")


def posts_affected(options: ConsultationOptions, choices: dict) -> float:
    """Posts (FTE) affected: each option's posts in proportion to the share of its full saving chosen."""
    return float(sum(o.posts * choices["savings"][o.id] / o.full_saving for o in options.savings))


def remaining_gap(gap: float, tax_base: float, band_d_rise, savings) -> np.ndarray:
    """Gap left (pounds; negative = surplus) after an extra Band D rise (£, on top of the
    plan) and savings (pounds). Vectorised over rises and savings of the same shape."""
    rise = np.asarray(band_d_rise, dtype=float)
    return gap - rise * tax_base - np.asarray(savings, dtype=float)


def is_balanced(remaining) -> np.ndarray:
    """True where the remaining gap is closed (within BALANCE_TOLERANCE pounds)."""
    return np.asarray(remaining, dtype=float) <= BALANCE_TOLERANCE

