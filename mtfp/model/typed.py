"""Typed inputs: each block's assumptions as named arrays, built once from an Inputs.

`Inputs.values` maps every field path to its (S or 1, T) array (so sampling can replace an
assumption by its path); `typed_inputs(inputs)` reads that mapping once into one small
frozen dataclass per block (e.g. `typed_inputs(inputs).workforce.salary`, (S, G, T) pounds
per FTE), which the blocks compute from. It is built on first use and shared by every
projection of the same Inputs.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mtfp.model import lines
from mtfp.model.capital import CapitalInputs
from mtfp.model.costs import NonPayInputs
from mtfp.model.funding import FundingInputs
from mtfp.model.inputs import Inputs
from mtfp.model.precept import PreceptInputs
from mtfp.model.reserves import ReservesInputs
from mtfp.model.savings import SavingsInputs
from mtfp.model.workforce import WorkforceInputs
from mtfp.scenario import ScenarioError


@dataclass(frozen=True)
class ModelInputs:
    """Every block's typed inputs, plus what every block shares."""

    years: list[str]
    size: int  # S, the number of draws
    projected: np.ndarray  # (T,) 1.0 in projected years, 0.0 in the base year
    funding: FundingInputs
    precept: PreceptInputs
    workforce: WorkforceInputs
    non_pay: NonPayInputs
    savings: SavingsInputs
    reserves: ReservesInputs
    capital: CapitalInputs
    savings_target_rate: np.ndarray | None  # (S, T) fraction of net revenue expenditure; None = no target


def typed_inputs(inputs: Inputs) -> ModelInputs:
    """The typed block inputs of `inputs` (built the first time, then shared)."""
    return inputs.derived("typed", lambda: _build(inputs))


def _build(inputs: Inputs) -> ModelInputs:
    sc = inputs.scenario
    problems = lines.collision_problems(lines.ids_by_kind(sc))
    if problems:  # two ids would fill the same result line: refuse rather than overwrite one
        raise ScenarioError(problems)
    return ModelInputs(
        years=inputs.years, size=inputs.size,
        projected=(np.arange(len(inputs.years)) > 0).astype(float),
        funding=FundingInputs.build(inputs),
        precept=PreceptInputs.build(inputs),
        workforce=WorkforceInputs.build(inputs),
        non_pay=NonPayInputs.build(inputs),
        savings=SavingsInputs.build(inputs),
        reserves=ReservesInputs.build(inputs),
        capital=CapitalInputs.build(inputs),
        savings_target_rate=inputs.get("savings.target_pct") if sc.savings.target_pct is not None else None,
    )
