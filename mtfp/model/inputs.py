"""Scenario -> input arrays in internal units, each with a leading scenario axis.

Every numeric assumption becomes an array of shape (S, T): S scenarios (draws), T years
(base year + projected years), in pounds and fractions. A deterministic run has S = 1.
An ensemble replaces some of these arrays by (S, T) draws; everything else stays (1, T)
and numpy broadcasts it, so 1 and 100,000 scenarios go through the same code.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from mtfp.scenario import Param, Scenario, iter_params
from mtfp.units import to_internal


def param_array(p: Param, years: list[str]) -> np.ndarray:
    """One assumption as a (1, T) float array in internal units (Param.year_values is the rule)."""
    return to_internal(p.year_values(years), p.UNIT)[None, :]


@dataclass
class Inputs:
    """The scenario's structure plus every assumption as an array (S or 1, T)."""

    scenario: Scenario
    years: list[str]
    values: dict[str, np.ndarray]
    size: int = 1
    sampled: set[str] = field(default_factory=set)
    _defaults: dict = field(default_factory=dict, repr=False, compare=False)
    # What is derived from this Inputs alone (the typed block inputs, mtfp.model.typed), built
    # on first use. Inputs are never changed after they are made (apply_samples makes a new
    # one), so a deterministic run that reuses its compiled inputs skips this work.
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def get(self, path: str, default: float | None = None) -> np.ndarray:
        """The array for a field path; `default` (internal units) if the field is not set."""
        if path in self.values:
            return self.values[path]
        if default is None:
            raise KeyError(f"{path!r} is not set in scenario {self.scenario.name!r}")
        if default not in self._defaults:  # one read-only array per default value, shared
            array = np.full((1, len(self.years)), default)
            array.flags.writeable = False
            self._defaults[default] = array
        return self._defaults[default]

    def stack(self, paths: list[str], default: float | None = None) -> np.ndarray:
        """Arrays for several paths stacked on a middle axis: (S, len(paths), T)."""
        return stack_rows([self.get(p, default) for p in paths])

    def derived(self, key: str, compute):
        """`compute()` the first time `key` is asked for, then the same object again.

        For values that depend only on these inputs (e.g. the typed block inputs); treat the
        result as read-only, since every projection of these inputs shares it.
        """
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]


def stack_rows(arrays: list[np.ndarray]) -> np.ndarray:
    """(S or 1, T) arrays -> one (S, N, T) array; rows of size 1 are repeated across draws."""
    size = max(a.shape[0] for a in arrays)
    out = np.empty((size, len(arrays), arrays[0].shape[-1]))
    for i, a in enumerate(arrays):
        out[:, i] = a
    return out


def compile_inputs(scenario: Scenario) -> Inputs:
    years = scenario.years
    values = {path: param_array(p, years) for path, p in iter_params(scenario)}
    return Inputs(scenario=scenario, years=years, values=values)


def apply_samples(inputs: Inputs, samples: dict[str, np.ndarray]) -> Inputs:
    """Replace assumptions by draws given in file units (£m, %).

    Each array holds S values (one per draw, every year), or S x T (every year), or
    S x H (projected years; the base year keeps its central value).
    """
    if not samples:
        return inputs
    sizes = {np.shape(v)[0] for v in samples.values()}
    if len(sizes) != 1:
        raise ValueError(f"every sampled field needs the same number of draws, got {sorted(sizes)}")
    size = sizes.pop()
    params = dict(iter_params(inputs.scenario))
    units = {path: p.UNIT for path, p in params.items()}
    values = dict(inputs.values)
    n_years = len(inputs.years)
    for path, draws in samples.items():
        if path not in units:
            raise KeyError(f"{path!r} is not a numeric assumption of scenario {inputs.scenario.name!r}")
        draws = np.asarray(draws, dtype=float)
        low, high = params[path].LOW, params[path].HIGH
        # Two passes and no temporaries for the usual case; min/max are NaN if any draw is,
        # and a NaN fails both comparisons, so NaN draws are caught here too.
        if draws.size and not (draws.min() >= low and draws.max() <= high):
            outside = ~((draws >= low) & (draws <= high))
            raise ValueError(f"{path}: draw {draws[outside].flat[0]!r} is outside the allowed range {low:g} to {high:g}")
        draws = to_internal(draws, units[path])
        central = values[path]
        if draws.ndim == 1:
            array = np.broadcast_to(draws[:, None], (size, n_years))  # a view: same value every year
        elif draws.shape[1] == n_years:
            array = draws
        elif draws.shape[1] == n_years - 1:
            array = np.concatenate([np.broadcast_to(central[:, :1], (size, 1)), draws], axis=1)
        else:
            raise ValueError(f"{path}: draws must have shape (S,), (S, {n_years}) or (S, {n_years - 1}), got {draws.shape}")
        values[path] = array
    return Inputs(inputs.scenario, inputs.years, values, size=size, sampled=set(samples) | inputs.sampled)
