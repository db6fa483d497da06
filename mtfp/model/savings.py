"""Savings plan items, collaboration projects and non-cashable productivity.

Arrays are (S, T) per item; money is pounds; confidence and shares are fractions.
"""
from __future__ import annotations

import numpy as np


def item_savings(*, full_year_amount: np.ndarray, ramp: np.ndarray, confidence: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(planned, risk-adjusted) saving each year: full-year amount x ramp, x confidence. Pounds."""
    planned = full_year_amount[:, :1] * ramp[None, :]
    risk_adjusted = planned * confidence[:, :1]
    return planned, risk_adjusted


def collaboration_saving(
    *, joint_cost_base: np.ndarray, saving_rate: np.ndarray, force_share: np.ndarray, ramp: np.ndarray,
) -> np.ndarray:
    """This force's planned saving: joint cost base x saving % x force share x ramp. Pounds."""
    joint_saving = joint_cost_base[:, :1] * saving_rate[:, :1]
    return joint_saving * force_share[:, :1] * ramp[None, :]


def one_off_in_start_year(*, amount: np.ndarray, start_index: int, n_years: int) -> np.ndarray:
    """A one-off cost charged in full in the start year. Pounds, (S, T)."""
    cost = np.zeros((amount.shape[0], n_years))
    cost[:, start_index] = amount[:, 0]
    return cost


def productivity_capacity_fte(
    *, minutes_per_day: np.ndarray, productive_minutes_per_day: np.ndarray, average_fte: np.ndarray,
    active: np.ndarray,
) -> np.ndarray:
    """Capacity released, in FTE: minutes saved / productive minutes a day x FTE of the group.

    Reported as capacity only, never as cash (DESIGN §2 Savings).
    """
    share_of_day = minutes_per_day[:, :1] / productive_minutes_per_day[:, :1]
    return share_of_day * average_fte * active[None, :]
