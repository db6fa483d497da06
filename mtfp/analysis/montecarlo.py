"""Monte Carlo: many draws of the uncertain assumptions through the same engine, summarised.

The ensemble runs in chunks (mtfp.model.ensemble.CHUNK draws) through `mtfp.run_ensemble`; only the
lines the summaries need are kept, so memory stays bounded whatever the number of draws.
Results: percentiles by year of the annual gap and the closing general reserve (fan
charts), the probability by year that the reserve is below its minimum or runs out, the
distribution of the cumulative gap and P(gap > X). Same scenario + seed -> same numbers.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

import mtfp
from mtfp.analysis import assumptions, sampling
from mtfp.model.ensemble import CHUNK  # draws per projection: the ensemble runner's own default
from mtfp.model.lines import Projection
from mtfp.results import scenario_title
from mtfp.scenario import Scenario

PERCENTILES = (5, 25, 50, 75, 95)
KEPT_LINES = ("funding_gap", "cumulative_gap", "general_reserve_closing", "minimum_general_reserve",
              "total_reserves_closing", "budget_requirement")
DEFAULT_DRAWS, DEFAULT_SEED = 10_000, 2015
WORKERS = 2  # the machines this runs on have 2 cores


@dataclass
class MonteCarlo:
    """Kept lines (S, T) in pounds, events (S,) year index or -1, and the sampled inputs."""

    scenario_name: str
    years: list[str]
    seed: int
    sampler: str
    savings_delivery: str
    origin: str  # where the ranges came from (file or planning ranges)
    sample: sampling.Sample
    lines: dict[str, np.ndarray] = field(default_factory=dict)
    events: dict[str, np.ndarray] = field(default_factory=dict)
    checks: dict[str, float] = field(default_factory=dict)  # worst error of each identity over every draw

    @property
    def size(self) -> int:
        return self.sample.size


def settings(scenario: Scenario, draws: int | None = None, seed: int | None = None, sampler: str | None = None,
             savings_delivery: str | None = None) -> dict:
    """Run settings: arguments first, then the file's `uncertainty:` section, then defaults."""
    own = scenario.uncertainty
    return {
        "draws": draws or (own.draws if own else DEFAULT_DRAWS),
        "seed": seed if seed is not None else (own.seed if own else DEFAULT_SEED),
        "sampler": sampler or (own.sampler if own else "lhs"),
        "savings_delivery": savings_delivery or (own.savings_delivery if own else "expected"),
    }


def simulate(scenario: Scenario, draws: int | None = None, seed: int | None = None, sampler: str | None = None,
             savings_delivery: str | None = None, chunk: int = CHUNK,
             progress: Callable[[int, int], None] | None = None) -> MonteCarlo:
    """Run the ensemble. `progress(done, total)` is called after each chunk."""
    opts = settings(scenario, draws, seed, sampler, savings_delivery)
    if opts["draws"] < 2:
        raise ValueError("a Monte Carlo run needs at least 2 draws (draw 0 is the central case)")
    uncertain, origin = assumptions.for_analysis(scenario)
    sample = sampling.draw_sample(scenario, uncertain, opts["draws"], opts["seed"], opts["sampler"],
                                  opts["savings_delivery"])
    mc = MonteCarlo(scenario_title(scenario), scenario.years, opts["seed"], opts["sampler"], opts["savings_delivery"],
                    origin, sample)
    ensemble = run_rows(sample.scenario, sample.paths, sample.values,
                        sampling.central_mask(*sample.values.shape), KEPT_LINES, chunk, progress)
    mc.lines = {key: ensemble[key] for key in KEPT_LINES}
    mc.events = {name: ensemble.events[name] for name in ("minimum_breached", "reserves_run_out")}
    mc.checks = ensemble.checks
    return mc


def run_rows(scenario: Scenario, paths: list[str], values: np.ndarray, mask: np.ndarray | None,
             keep: tuple[str, ...], chunk: int = CHUNK,
             progress: Callable[[int, int], None] | None = None, workers: int = WORKERS) -> Projection:
    """Project every row of assumption values (file units) through mtfp.run_ensemble, in
    chunks of `chunk` draws on `workers` threads (the numbers are the same for any), keeping
    the lines `keep`. The result's checks are the worst error of each identity over all rows.
    """
    if mask is None:
        mask = np.ones(values.shape, dtype=bool)
    samples = sampling.to_samples(scenario, paths, values, mask)
    ensemble = mtfp.run_ensemble(scenario, samples, lines=keep, chunk_size=chunk, workers=workers, progress=progress)
    if not paths:  # nothing uncertain: every row is the central case
        rows = values.shape[0]
        for line in ensemble.lines.values():
            line.values = np.broadcast_to(line.values, (rows, line.values.shape[1]))
        ensemble.events = {name: np.repeat(years, rows) for name, years in ensemble.events.items()}
    return ensemble


# --- summaries ------------------------------------------------------------------------------

def fan(mc: MonteCarlo, line: str = "funding_gap") -> pd.DataFrame:
    """Percentiles by year of a kept line (pounds): year, p5, p25, p50, p75, p95, central."""
    values = mc.lines[line]
    # percentiles along contiguous rows: several times faster than down the draws axis
    q = np.percentile(np.ascontiguousarray(values.T), PERCENTILES, axis=1)
    frame = pd.DataFrame({f"p{p}": q[i] for i, p in enumerate(PERCENTILES)})
    frame.insert(0, "year", mc.years)
    frame["central"] = values[0]
    return frame


def probabilities(mc: MonteCarlo) -> pd.DataFrame:
    """By year: share of draws with the general reserve below its minimum / below zero that
    year, and share where that has happened in this year or before ('by' columns)."""
    reserve, minimum = mc.lines["general_reserve_closing"], mc.lines["minimum_general_reserve"]
    index = np.arange(len(mc.years))
    breached, run_out = mc.events["minimum_breached"], mc.events["reserves_run_out"]

    def by_year(event: np.ndarray) -> np.ndarray:
        return ((event[:, None] >= 1) & (event[:, None] <= index[None, :])).mean(axis=0)

    frame = pd.DataFrame({
        "year": mc.years,
        "p_below_minimum": (reserve < minimum - 0.005).mean(axis=0),
        "p_below_minimum_by_year": by_year(breached),
        "p_run_out": (reserve < -0.005).mean(axis=0),
        "p_run_out_by_year": by_year(run_out),
    })
    frame.loc[0, ["p_below_minimum", "p_run_out"]] = 0.0  # the base year is actual, not a risk
    return frame


def exceedance(mc: MonteCarlo, threshold: float, line: str = "funding_gap", year: int | str = -1) -> float:
    """P(line > threshold) in one year (pounds), e.g. the chance the final-year gap tops £10m."""
    t = mc.years.index(year) if isinstance(year, str) else year
    return float((mc.lines[line][:, t] > threshold).mean())


def cumulative_gap_distribution(mc: MonteCarlo, bins: int = 40) -> pd.DataFrame:
    """Histogram of the cumulative gap at the end of the plan: bin_low, bin_high (pounds), share."""
    final = mc.lines["cumulative_gap"][:, -1]
    counts, edges = np.histogram(final, bins=bins)
    return pd.DataFrame({"bin_low": edges[:-1], "bin_high": edges[1:], "share": counts / final.size})


def headline(mc: MonteCarlo, threshold: float | None = None) -> dict:
    """The figures a finance lead quotes: central and P5-P95 cumulative gap, risks by the end."""
    final = mc.lines["cumulative_gap"][:, -1]
    probs = probabilities(mc).iloc[-1]
    out = {
        "scenario": mc.scenario_name, "draws": mc.size, "seed": mc.seed, "sampler": mc.sampler,
        "savings_delivery": mc.savings_delivery, "ranges": mc.origin,
        "uncertain_assumptions": list(mc.sample.labels),
        "final_year": mc.years[-1],
        "cumulative_gap_central": float(final[0]),
        "cumulative_gap_p5": float(np.percentile(final, 5)),
        "cumulative_gap_p50": float(np.percentile(final, 50)),
        "cumulative_gap_p95": float(np.percentile(final, 95)),
        "p_minimum_breached_by_final_year": float(probs["p_below_minimum_by_year"]),
        "p_reserves_run_out_by_final_year": float(probs["p_run_out_by_year"]),
    }
    if threshold is not None:
        out["gap_threshold"] = threshold
        out["p_final_year_gap_above_threshold"] = exceedance(mc, threshold)
    return out


def tables(mc: MonteCarlo) -> dict[str, pd.DataFrame]:
    """Every summary table, named for an export sheet or a JSON key."""
    return {
        "gap_percentiles": fan(mc, "funding_gap"),
        "reserve_percentiles": fan(mc, "general_reserve_closing"),
        "reserve_probabilities": probabilities(mc),
        "cumulative_gap_distribution": cumulative_gap_distribution(mc),
        "inputs": pd.DataFrame({"field": mc.sample.paths, "label": mc.sample.labels, "central": mc.sample.central}),
    }
