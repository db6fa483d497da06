"""Reserves: earmarked reserves and the general reserve, rolled forward as corkscrews.

closing = opening - used + contributions. Arrays are (S, T) or (S, E, T); pounds.
"""
from __future__ import annotations

import numpy as np

NEVER = -1  # year index meaning "does not happen within the plan"


def earmarked_roll(*, opening: np.ndarray, planned_use: np.ndarray, contributions: np.ndarray) -> dict[str, np.ndarray]:
    """Roll each earmarked reserve: planned use is limited to what the reserve holds.

    Base year: the balance is the opening balance and nothing flows. (S, E, T).
    """
    size = max(a.shape[0] for a in (opening, planned_use, contributions))
    shape = (size,) + opening.shape[1:]
    balance_open, used, paid_in, balance_close = (np.zeros(shape) for _ in range(4))
    balance_close[..., 0] = opening[..., 0]
    balance_open[..., 0] = balance_close[..., 0]
    paid_in[..., 1:] = contributions[..., 1:]
    wanted = np.maximum(planned_use, 0.0)
    for t in range(1, shape[-1]):
        open_t = balance_close[..., t - 1]
        available = np.maximum(open_t + paid_in[..., t], 0.0)
        use_t = np.minimum(wanted[..., t], available)
        balance_open[..., t] = open_t
        used[..., t] = use_t
        balance_close[..., t] = open_t - use_t + paid_in[..., t]
    return {"opening": balance_open, "used": used, "contributions": paid_in, "closing": balance_close}


def general_reserve(*, opening: np.ndarray, drawn: np.ndarray, contributions: np.ndarray) -> dict[str, np.ndarray]:
    """General reserve: closing = opening - drawn to fund the gap + contributions.

    No year depends on a decision taken from an earlier balance, so this is a running sum.
    A negative `drawn` (a surplus) adds to the reserve. Base year: opening = closing.
    """
    flows = contributions - drawn
    flows = np.where(np.arange(flows.shape[-1]) == 0, 0.0, flows)
    closing = opening[..., :1] + np.cumsum(flows, axis=-1)
    opening_balance = np.concatenate([closing[..., :1], closing[..., :-1]], axis=-1)
    return {"opening": opening_balance, "closing": closing}


def first_year_below(*, balance: np.ndarray, threshold: np.ndarray) -> np.ndarray:
    """Index of the first projected year with balance < threshold, or NEVER. (S,) int."""
    below = balance[:, 1:] < threshold[:, 1:] - 0.005  # half a penny: ignore float noise
    first = np.argmax(below, axis=1) + 1
    return np.where(below.any(axis=1), first, NEVER)
