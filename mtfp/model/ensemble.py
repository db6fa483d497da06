"""The one ensemble runner: S draws through the same projection, a chunk of draws at a time.

`run_ensemble` projects `chunk_size` draws at a time (the draws are just split along the
scenario axis, so every draw's numbers are those of one big run, to the last bit) and
writes the lines asked for into arrays made once for all S draws. Chunking matters for
speed as well as memory: a chunk's ~100 (chunk, T) lines stay in the processor's cache,
where one projection of 10^5 draws spends much of its time allocating and zeroing memory
(see CHUNK and benchmarks/bench_engine.py). The result is a Projection (the kept lines, labels and
units, events for every draw) whose `checks` are the worst error of each control check
over every draw, so the master check covers the whole ensemble.

Monte Carlo, sensitivity and goal seek all run their cases through `run_ensemble`.
"""
from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from mtfp.model.inputs import Inputs, apply_samples, compile_inputs
from mtfp.model.lines import Line, Projection
from mtfp.model.projection import project
from mtfp.scenario import Scenario

# Draws per projection. A chunk's (draws, groups, years) arrays then fit in the processor's
# cache: on the 2-core benchmark machine 100,000 draws x 10 years took 0.39 s of CPU in
# chunks of 2,000 against 0.66 s in chunks of 10,000 and 0.58 s in chunks of 500.
CHUNK = 2_000
DEFAULT_LINES = ("funding_gap", "cumulative_gap", "budget_requirement", "total_funding",
                 "general_reserve_closing")


def draw_count(samples: dict[str, np.ndarray]) -> int:
    """S, the number of draws every sampled field gives (ValueError if they differ)."""
    sizes = {np.shape(v)[0] for v in samples.values()}
    if len(sizes) != 1:
        raise ValueError(f"every sampled field needs the same number of draws, got {sorted(sizes)}")
    return sizes.pop()


def worst_errors(parts: list[dict[str, float]]) -> dict[str, float]:
    """Each check's largest error over several projections; a NaN is kept (it fails), never hidden by max()."""
    worst: dict[str, float] = {}
    for errors in parts:
        for name, error in errors.items():
            before = worst.get(name, 0.0)
            worst[name] = error if (error != error or error > before) else before
    return worst


def run_ensemble(
    scenario: Scenario | Inputs, samples: dict[str, np.ndarray], *, lines: tuple[str, ...] | None = None,
    chunk_size: int = CHUNK, workers: int = 1, progress: Callable[[int, int], None] | None = None,
) -> Projection:
    """Project S draws. `samples` maps a field path (e.g.
    'workforce.groups.police_officers.pay_award_pct') to S values, S x years, or S x projected
    years, in the file's units (%, £m); fields not sampled keep their scenario values.

    `lines`: the result lines to keep (None = every line: about 100 x S x years floats, so
    give the few lines needed for large S). `workers` > 1 projects chunks on that many
    threads (numpy releases the GIL inside its array loops); the numbers are the same for
    any `chunk_size` and `workers`. `progress(done, total)` is called after each chunk.
    """
    inputs = scenario if isinstance(scenario, Inputs) else compile_inputs(scenario)
    if chunk_size < 1 or workers < 1:
        raise ValueError(f"chunk_size and workers must be at least 1, got {chunk_size} and {workers}")
    size = draw_count(samples) if samples else 1
    samples = {path: np.asarray(v) for path, v in samples.items()}
    if size <= chunk_size:  # one projection: every line as computed
        whole = project(apply_samples(inputs, samples))
        if progress:
            progress(size, size)
        return whole if lines is None else _kept(whole, lines)

    first = project(apply_samples(inputs, {path: v[:chunk_size] for path, v in samples.items()}))
    keep = tuple(first.lines) if lines is None else tuple(lines)
    result = Projection(inputs=inputs, years=inputs.years, size=size)
    for key in keep:
        line = first.lines[key]
        result.lines[key] = Line(key, line.label, line.unit, line.section, np.empty((size, len(inputs.years))), line.spec)
    result.events = {name: np.empty(size, dtype=first.events[name].dtype) for name in first.events}
    result.warnings = list(first.warnings)  # what can raise a warning is the same for every draw
    errors: list[dict[str, float]] = []

    def store(start: int, p: Projection) -> int:
        stop = start + p.size
        for key in keep:
            result.lines[key].values[start:stop] = p[key]
        for name, years in p.events.items():
            result.events[name][start:stop] = years
        errors.append(p.checks)
        return stop

    def one_chunk(start: int) -> int:
        chunk = {path: v[start:start + chunk_size] for path, v in samples.items()}
        return store(start, project(apply_samples(inputs, chunk)))

    done = store(0, first)
    if progress:
        progress(done, size)
    starts = range(chunk_size, size, chunk_size)
    if workers == 1:
        finished = map(one_chunk, starts)
        pool = None
    else:
        pool = ThreadPoolExecutor(max_workers=workers)
        finished = pool.map(one_chunk, starts)
    try:
        for stop in finished:
            if progress:
                progress(stop, size)
    finally:
        if pool is not None:
            pool.shutdown()
    result.checks = worst_errors(errors)
    return result


def _kept(p: Projection, lines: tuple[str, ...]) -> Projection:
    """The projection with only `lines` (same arrays, events and checks)."""
    kept = Projection(inputs=p.inputs, years=p.years, size=p.size)
    kept.lines = {key: p.lines[key] for key in lines}
    kept.events, kept.checks, kept.warnings = p.events, p.checks, p.warnings
    return kept


def run_chunked(scenario: Scenario, samples: dict[str, np.ndarray], lines: tuple[str, ...] = DEFAULT_LINES,
                chunk_size: int = CHUNK, workers: int = 1) -> Projection:
    """run_ensemble keeping `lines` (the name older code and notebooks use)."""
    if not samples:
        raise ValueError("run_chunked needs at least one sampled field; use mtfp.run for a single scenario")
    return run_ensemble(scenario, samples, lines=lines, chunk_size=chunk_size, workers=workers)
