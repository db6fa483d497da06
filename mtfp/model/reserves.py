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
    n_reserves, n_years = opening.shape[1], opening.shape[2]
    # Year-major (T, S, E) results in one block, so each year's row is one contiguous slice
    # and the loop below indexes plain rows (faster for one scenario and for many).
    block = np.zeros((4, n_years, size, n_reserves))
    balance_open, used, paid_in, balance_close = block
    balance_close[0] = opening[..., 0]
    paid_in[1:] = contributions[..., 1:].transpose(2, 0, 1)
    wanted = np.maximum(planned_use, 0.0).transpose(2, 0, 1)
    for t in range(1, n_years):
        open_t = balance_close[t - 1]
        available = np.maximum(open_t + paid_in[t], 0.0)
        use_t = np.minimum(wanted[t], available, out=used[t])
        close_t = np.subtract(open_t, use_t, out=balance_close[t])
        close_t += paid_in[t]  # = opening - used + contributions
    balance_open[0] = balance_close[0]
    balance_open[1:] = balance_close[:-1]  # each year opens with last year's closing
    block = block.transpose(0, 2, 3, 1)  # back to (S, E, T) views
    return {"opening": block[0], "used": block[1], "contributions": block[2], "closing": block[3]}


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
