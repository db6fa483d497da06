"""Sampling uncertain assumptions: a seeded unit hypercube mapped through each distribution.

The hypercube comes from scipy.stats.qmc (Latin hypercube or scrambled Sobol) or plain
pseudo-random numbers; each column goes through the inverse CDF of its distribution
(scipy.stats), so a sampler and a distribution can be chosen independently. Draw 0 is
always the central case (the scenario as written). Values are in FILE units (%, £m) because
that is what `mtfp.run_ensemble` / `apply_samples` take.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats
from scipy.stats import qmc

from mtfp.analysis.assumptions import Uncertain, drawn_years, file_row
from mtfp.scenario import Distribution, Scenario, iter_params
from mtfp.scenario.paths import get_at, parts, set_value

Z90 = stats.norm.ppf(0.9)  # an 80% interval spans +-1.2816 standard deviations


def unit_hypercube(n: int, dims: int, seed: int, sampler: str = "lhs") -> np.ndarray:
    """n points in [0, 1)^dims, reproducible by seed. lhs | sobol | random."""
    if dims == 0 or n == 0:
        return np.empty((n, dims))
    rng = np.random.default_rng(seed)
    if sampler == "lhs":
        return qmc.LatinHypercube(d=dims, rng=rng).random(n)
    if sampler == "sobol":
        engine = qmc.Sobol(d=dims, scramble=True, rng=rng)
        # Sobol points balance best in powers of two: draw the next power and keep n.
        return engine.random_base2(max(math.ceil(math.log2(n)), 0))[:n]
    if sampler == "random":
        return rng.random((n, dims))
    raise ValueError(f"sampler {sampler!r}: expected one of lhs, sobol, random")


def inverse_cdf(d: Distribution, u: np.ndarray, low_bound: float = -np.inf, high_bound: float = np.inf) -> np.ndarray:
    """Map uniform numbers u in [0, 1) to values of the distribution (file units).

    A zero-width distribution (low = high) gives exactly its one value. Normal draws are
    clipped to the field's allowed range [low_bound, high_bound].
    """
    u = np.asarray(u, dtype=float)
    if d.high == d.low:
        return np.full(u.shape, float(d.low))
    width = d.high - d.low
    if d.kind == "uniform":
        return stats.uniform(loc=d.low, scale=width).ppf(u)
    if d.kind == "triangular":
        return stats.triang(c=(d.mode - d.low) / width, loc=d.low, scale=width).ppf(u)
    values = stats.norm(loc=(d.low + d.high) / 2, scale=width / (2 * Z90)).ppf(u)
    return np.clip(values, low_bound, high_bound)


def map_columns(uncertain: list[Uncertain], u: np.ndarray) -> np.ndarray:
    """Unit hypercube (n, k) -> assumption values (n, k), file units, column by column.

    Columns are worked on as contiguous rows of the transpose (twice as fast for scipy's
    inverse CDFs); the result is that transpose's (n, k) view.
    """
    columns = np.ascontiguousarray(np.asarray(u, dtype=float).T)
    out = np.empty((len(uncertain), columns.shape[1]))
    for j, x in enumerate(uncertain):
        out[j] = inverse_cdf(x.distribution, columns[j], x.low_bound, x.high_bound)
    return out.T


@dataclass
class Sample:
    """Draws of the uncertain assumptions. Row 0 is the central case.

    `values` (S, k) holds one number per draw and assumption, file units; Bernoulli savings
    columns hold 100 (delivered) or 0 (not delivered), as a confidence %. `scenario` is the
    scenario to run (with Bernoulli delivery its savings count risk-adjusted, so a 0/100
    confidence means delivered or not).
    """

    scenario: Scenario
    paths: list[str]
    labels: list[str]
    values: np.ndarray
    central: np.ndarray  # (k,) file units

    @property
    def size(self) -> int:
        return self.values.shape[0]


def savings_confidence_paths(scenario: Scenario) -> list[str]:
    """Confidence fields of every savings item and collaboration project."""
    s = scenario.savings
    return ([f"savings.items.{k}.confidence" for k in s.items]
            + [f"savings.collaboration.{k}.confidence" for k in s.collaboration])


def draw_sample(scenario: Scenario, uncertain: list[Uncertain], draws: int, seed: int, sampler: str = "lhs",
                savings_delivery: str = "expected") -> Sample:
    """`draws` rows: the central case, then draws - 1 sampled rows (file units)."""
    sampled = [x for x in uncertain]
    bernoulli = []
    if savings_delivery == "bernoulli":
        taken = {x.path for x in sampled}
        bernoulli = [p for p in savings_confidence_paths(scenario) if p not in taken]
    u = unit_hypercube(draws - 1, len(sampled) + len(bernoulli), seed, sampler)
    params = dict(iter_params(scenario))
    central = [x.central for x in sampled]
    continuous = map_columns(sampled, u[:, :len(sampled)])
    run_scenario = scenario
    delivered = np.empty((draws - 1, 0))
    if bernoulli:
        chance = np.array([params[p].value for p in bernoulli]) / 100.0
        delivered = np.where(u[:, len(sampled):] < chance, 100.0, 0.0)  # delivered in full, or not at all
        # Counting the plan in full, the central case delivers every item (confidence 100).
        planned = scenario.savings.count_in_gap == "planned"
        central += [100.0 if planned else float(params[p].value) for p in bernoulli]
        run_scenario = scenario.model_copy(update={"savings": scenario.savings.model_copy(
            update={"count_in_gap": "risk_adjusted"})})
        if planned:
            run_scenario = _with_confidence(run_scenario, bernoulli, 100.0)
    # Column-major (n, k): each assumption's draws are contiguous, as the chunked runs read them.
    values = np.empty((len(central), draws)).T
    values[0] = central
    values[1:, :len(sampled)] = continuous
    values[1:, len(sampled):] = delivered
    names = {p: getattr(_owner(scenario, p), "name", p) for p in bernoulli}
    labels = [x.label for x in sampled] + [f"Delivered: {names[p]}" for p in bernoulli]
    return Sample(run_scenario, [x.path for x in sampled] + bernoulli, labels, values, np.array(central, dtype=float))


def _owner(scenario: Scenario, path: str):
    """The savings item or collaboration project a confidence path belongs to."""
    return get_at(scenario, parts(path)[:3])


def _with_confidence(scenario: Scenario, paths: list[str], value: float) -> Scenario:
    data = scenario.model_dump(mode="python")
    for path in paths:
        set_value(data, path, value)
    return Scenario.model_validate(data)


def to_samples(scenario: Scenario, paths: list[str], values: np.ndarray, sampled: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Rows of assumption values -> the `samples` mapping `mtfp.run_ensemble` takes.

    values (S, k), file units. `sampled` (S, k) bool says which cells are draws; the other
    cells keep the scenario's own value in every year (its per-year mapping intact), so a
    central row reproduces the deterministic run exactly. A per-year assumption's draw
    applies to every projected year (the base year is actual, so it keeps its value), or for
    an amount given in named years only, to the projected years named (assumptions.drawn_years);
    a base-year amount's draw replaces the base-year figure.
    """
    params = dict(iter_params(scenario))
    years = scenario.years
    if sampled is None:
        sampled = np.ones(values.shape, dtype=bool)
    out = {}
    for j, path in enumerate(paths):
        p = params[path]
        if p.PER_YEAR:
            central = file_row(p, years)[1:]
            drawn = drawn_years(p, years)[1:]
            if not drawn.all():  # an in-year amount: drawn in the years it names, 0 elsewhere
                out[path] = np.where(sampled[:, j:j + 1] & drawn[None, :], values[:, j:j + 1], central[None, :])
            elif (central == central[0]).all():
                # One value every projected year: a (S,) column seen as (S, H) without copying
                # it H times (100,000 draws x 22 inputs would otherwise hold ~180 MB more).
                column = np.where(sampled[:, j], values[:, j], central[0])
                out[path] = np.broadcast_to(column[:, None], (len(column), len(central)))
            else:
                out[path] = np.where(sampled[:, j:j + 1], values[:, j:j + 1], central[None, :])
        else:
            out[path] = np.where(sampled[:, j], values[:, j], float(p.value))
    return out


def central_mask(size: int, k: int) -> np.ndarray:
    """Which cells are draws when row 0 is the central case: all but the first row."""
    mask = np.ones((size, k), dtype=bool)
    mask[:1] = False
    return mask
