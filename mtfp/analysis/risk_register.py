"""The risk-based general reserve: a risk register simulated to give the reserve needed at a
chosen confidence.

Each draw, each risk happens with its annual probability and, if it does, costs an amount
from a triangular distribution (low, most likely, high). The draws come from the same seeded
unit hypercube and inverse CDFs as the Monte Carlo (mtfp.analysis.sampling): for k risks, 2k
columns, the first k decide whether each risk happens (u < probability), the other k its
impact. The reserve needed is the chosen quantile of the year's total loss (the smallest
simulated loss not exceeded in that share of draws); each risk's contribution is its share of
the average loss in the draws at or beyond that quantile, scaled to the reserve needed, so
the contributions add up to it. Money in pounds. CIPFA's guidance (LAAP Bulletin 99, 2014) is
that reserves are set on a risk assessment of the authority's own circumstances.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mtfp.analysis.sampling import inverse_cdf, unit_hypercube
from mtfp.scenario import Distribution
from mtfp.scenario.schema import RiskRegister
from mtfp.units import to_internal


@dataclass(frozen=True)
class RiskContribution:
    """One risk's part of the simulated need: pounds, probability a fraction."""

    key: str
    name: str
    category: str
    probability: float
    impact_low: float
    impact_most_likely: float
    impact_high: float
    expected_loss: float  # probability x mean impact (the simulated average)
    contribution: float  # its share of the reserve needed
    source: str  # the probability's source title, 'illustrative' or 'estimate'
    owner: str


@dataclass(frozen=True)
class RiskReserve:
    """The simulated register: the reserve needed at `confidence`, and each risk's part."""

    confidence: float  # fraction, e.g. 0.9
    draws: int
    seed: int
    sampler: str
    needed: float  # pounds
    mean_loss: float  # pounds
    risks: list[RiskContribution]  # largest contribution first
    totals: np.ndarray  # (draws,) total loss of each draw, pounds


def simulated_losses(register: RiskRegister, draws: int | None = None, seed: int | None = None) -> np.ndarray:
    """(draws, k) loss of each risk in each draw, pounds (0 where it does not happen)."""
    risks = list(register.risks.values())
    n = register.draws if draws is None else draws
    u = unit_hypercube(n, 2 * len(risks), register.seed if seed is None else seed, register.sampler)
    losses = np.empty((n, len(risks)))
    for j, risk in enumerate(risks):
        low, mode, high = risk.impact_low.value, risk.impact_most_likely.value, risk.impact_high.value
        impact = inverse_cdf(Distribution(kind="triangular", low=low, mode=mode, high=high), u[:, len(risks) + j])
        happens = u[:, j] < risk.probability.value / 100.0
        losses[:, j] = np.where(happens, to_internal(impact, "gbp_m"), 0.0)
    return losses


def simulate_register(register: RiskRegister, draws: int | None = None, seed: int | None = None) -> RiskReserve:
    """The reserve needed at the register's confidence, with each risk's contribution."""
    losses = simulated_losses(register, draws, seed)
    totals = losses.sum(axis=1)
    confidence = register.confidence_pct / 100.0
    needed = float(np.quantile(totals, confidence, method="inverted_cdf"))
    tail = totals >= needed
    tail_mean = losses[tail].mean(axis=0)
    scale = needed / tail_mean.sum() if tail_mean.sum() > 0 else 0.0
    expected = losses.mean(axis=0)
    rows = []
    for j, (key, risk) in enumerate(register.risks.items()):
        source = risk.probability.source
        rows.append(RiskContribution(
            key=key, name=risk.name, category=risk.category, probability=risk.probability.value / 100.0,
            impact_low=to_internal(risk.impact_low.value, "gbp_m"),
            impact_most_likely=to_internal(risk.impact_most_likely.value, "gbp_m"),
            impact_high=to_internal(risk.impact_high.value, "gbp_m"),
            expected_loss=float(expected[j]), contribution=float(tail_mean[j] * scale),
            source=source if isinstance(source, str) else source.title, owner=risk.owner or "",
        ))
    rows.sort(key=lambda r: r.contribution, reverse=True)
    return RiskReserve(confidence=confidence, draws=len(totals), seed=register.seed if seed is None else seed,
                       sampler=register.sampler, needed=needed, mean_loss=float(totals.mean()), risks=rows,
                       totals=totals)
