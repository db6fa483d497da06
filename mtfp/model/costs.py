"""Non-pay spending: lines with their own inflation, growth items, capital financing.

Arrays are (S, T) or (S, L, T) for L lines; money is pounds, rates are fractions.
"""
from __future__ import annotations

import numpy as np

from mtfp.model.funding import growth_index


def inflated(*, base: np.ndarray, inflation: np.ndarray) -> np.ndarray:
    """A base-year amount grown by its own inflation path from year 1 on. Pounds."""
    return base[..., :1] * growth_index_nd(inflation)


def growth_index_nd(rate: np.ndarray) -> np.ndarray:
    """growth_index over the last (year) axis for arrays of any leading shape."""
    if rate.ndim == 2:  # (S, T) already
        return growth_index(rate)
    flat = rate.reshape(-1, rate.shape[-1])
    return growth_index(flat).reshape(rate.shape)
