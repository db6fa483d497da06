"""Large ensembles in chunks: the same projection, a slice of the draws at a time.

A full projection keeps ~100 result lines of shape (S, T). At S = 100,000 and T = 11 that
is close to 1 GB, so a big Monte Carlo run projects `chunk_size` draws at a time and keeps
only the lines asked for. Each chunk goes through exactly the code of `mtfp.run_ensemble`
(the draws are just split along the scenario axis), so results equal one big run.
"""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from mtfp.checks import CHECKS, TOLERANCE
from mtfp.model.inputs import apply_samples, compile_inputs
from mtfp.model.projection import project
from mtfp.scenario import Scenario

DEFAULT_LINES = ("funding_gap", "cumulative_gap", "net_budget_requirement", "total_funding",
                 "general_reserve_closing")


@dataclass
class EnsembleResult:
    """Selected lines of an ensemble, (S, T) each, plus events and the worst check errors."""

    years: list[str]
    size: int
    lines: dict[str, np.ndarray] = field(default_factory=dict)
    events: dict[str, np.ndarray] = field(default_factory=dict)  # (S,) year index or -1
    checks: dict[str, float] = field(default_factory=dict)  # largest error over every chunk

    def __getitem__(self, key: str) -> np.ndarray:
        return self.lines[key]

    def master_check(self) -> bool:
        return all(error <= TOLERANCE[CHECKS[name][1]] for name, error in self.checks.items())


def run_chunked(
    scenario: Scenario, samples: dict[str, np.ndarray], lines: tuple[str, ...] = DEFAULT_LINES,
    chunk_size: int = 10_000, workers: int = 1,
) -> EnsembleResult:
    """Project S draws (file units, as for run_ensemble) `chunk_size` at a time.

    Keeps `lines` (pounds, FTE or fractions as in a Projection) and every event; the
    checks are the largest error seen in any chunk, so the master check covers all draws.
    `workers` > 1 projects chunks on that many threads (numpy releases the GIL inside its
    array loops); chunks are independent, so the result is the same for any value.
    """
    if not samples:
        raise ValueError("run_chunked needs at least one sampled field; use mtfp.run for a single scenario")
    sizes = {np.shape(v)[0] for v in samples.values()}
    if len(sizes) != 1:
        raise ValueError(f"every sampled field needs the same number of draws, got {sorted(sizes)}")
    size = sizes.pop()
    if chunk_size < 1 or workers < 1:
        raise ValueError(f"chunk_size and workers must be at least 1, got {chunk_size} and {workers}")
    inputs = compile_inputs(scenario)
    samples = {path: np.asarray(v) for path, v in samples.items()}

    def one_chunk(start: int):
        p = project(apply_samples(inputs, {path: v[start:start + chunk_size] for path, v in samples.items()}))
        # copies, so the chunk's projection (every line) can be freed at once
        return {k: np.array(p[k]) for k in lines}, dict(p.events), dict(p.checks)

    starts = range(0, size, chunk_size)
    if workers == 1:
        parts = [one_chunk(start) for start in starts]
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            parts = list(pool.map(one_chunk, starts))
    result = EnsembleResult(years=inputs.years, size=size)
    result.lines = {k: np.concatenate([part[0][k] for part in parts], axis=0) for k in lines}
    result.events = {k: np.concatenate([part[1][k] for part in parts]) for k in parts[0][1]}
    for _, _, errors in parts:
        for name, error in errors.items():
            worst = result.checks.get(name, 0.0)
            # a NaN error is kept (it fails the master check), never hidden by max()
            result.checks[name] = error if (error != error or error > worst) else worst
    return result
