"""Non-pay spending: lines with their own inflation, growth items, capital financing.

Arrays are (S, T); money is pounds, rates are fractions.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mtfp.model.funding import growth_index


@dataclass(frozen=True)
class NonPayLineInput:
    key: str
    name: str
    base: np.ndarray  # pounds (the base-year figure is used)
    inflation: np.ndarray  # fraction a year


@dataclass(frozen=True)
class GrowthItemInput:
    key: str
    name: str
    amount: np.ndarray  # pounds each year


@dataclass(frozen=True)
class NonPayInputs:
    """The non-pay assumptions, in internal units, (S or 1, T) each."""

    lines: tuple[NonPayLineInput, ...]
    growth_items: tuple[GrowthItemInput, ...]
    capital_financing: np.ndarray  # pounds each year (zero when a capital programme makes the line)

    @classmethod
    def build(cls, inputs) -> NonPayInputs:
        sc, get = inputs.scenario.non_pay, inputs.get
        return cls(
            lines=tuple(NonPayLineInput(key, line.name, get(f"non_pay.lines.{key}.base"),
                                        get(f"non_pay.lines.{key}.inflation")) for key, line in sc.lines.items()),
            growth_items=tuple(GrowthItemInput(key, item.name, get(f"non_pay.growth_items.{key}.amount"))
                               for key, item in sc.growth_items.items()),
            capital_financing=get("non_pay.capital_financing", 0.0),
        )


@dataclass(frozen=True)
class NonPay:
    """The non-pay block's results: pounds, (S, T) each (lines and growth items by key)."""

    lines: dict[str, np.ndarray]
    growth_items: dict[str, np.ndarray]
    capital_financing: np.ndarray


def inflated(*, base: np.ndarray, inflation: np.ndarray) -> np.ndarray:
    """A base-year amount grown by its own inflation path from year 1 on. Pounds, (S, T)."""
    return base[:, :1] * growth_index(inflation)


def project_non_pay(n: NonPayInputs) -> NonPay:
    """The non-pay block: each line inflated from its base year; growth items and capital financing as given."""
    return NonPay(
        lines={line.key: inflated(base=line.base, inflation=line.inflation) for line in n.lines},
        growth_items={item.key: item.amount for item in n.growth_items},
        capital_financing=n.capital_financing,
    )
