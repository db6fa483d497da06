"""Scenario discovery: which combinations of assumptions make the reserve fail?

Over a Monte Carlo ensemble, a shallow decision tree (scikit-learn's CART) separates the
draws where the general reserve falls below its minimum (or runs out) by a chosen year from
the rest. Each leaf where failure is more likely than on average becomes a plain rule:
"Pay award % (Police officers) above 1.52 and Real-terms grant cut % above 6.10: 81% of such
draws breach the minimum by 2018/19 (12% of all draws; 40% of the draws that breach)".
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.tree import DecisionTreeClassifier

from mtfp.analysis.montecarlo import MonteCarlo

# event -> (what a failing draw does, what the failing draws are called)
EVENTS = {"minimum_breached": ("breach the minimum", "breaching draws"),
          "reserves_run_out": ("run out of general reserve", "draws that run out")}


@dataclass
class Rule:
    conditions: list[str]
    bounds: dict[str, tuple[float, float]]  # field path -> (above, at most), file units; +-inf = open
    share_of_draws: float  # fraction of all draws inside the box
    failure_rate: float  # fraction of the draws in the box that fail
    coverage: float  # fraction of all failing draws that are in the box
    text: str


@dataclass
class Discovery:
    event: str
    year: str
    base_rate: float  # fraction of all draws that fail
    rules: list[Rule]
    summary: str


def failing(mc: MonteCarlo, event: str = "minimum_breached", by_year: int = 3) -> np.ndarray:
    """(S,) bool: the event happens in projected year 1..by_year."""
    happened = mc.events[event]
    return (happened >= 1) & (happened <= by_year)


def _condition(label: str, above: bool, threshold: float, binary: bool) -> str:
    if binary:  # a Bernoulli savings column holds 0 or 100
        name = label.removeprefix("Delivered: ")
        return f"{name} delivered" if above else f"{name} not delivered"
    return f"{label} {'above' if above else 'at most'} {threshold:.2f}"


def explain(mc: MonteCarlo, event: str = "minimum_breached", by_year: int = 3, max_depth: int = 2,
            min_leaf_share: float = 0.05, seed: int = 0) -> Discovery:
    """Plain rules for the draws where `event` happens by projected year `by_year`."""
    by_year = max(1, min(by_year, len(mc.years) - 1))
    year = mc.years[by_year]
    what, failures = EVENTS[event]
    y = failing(mc, event, by_year)[1:]  # draw 0 is the central case, not a random draw
    x = mc.sample.values[1:]
    base = float(y.mean()) if y.size else 0.0
    if y.size == 0 or base in (0.0, 1.0) or x.shape[1] == 0:
        share = "No" if base == 0.0 else "Every"
        return Discovery(event, year, base, [], f"{share} draw would {what} by {year}: nothing to explain.")
    tree = DecisionTreeClassifier(max_depth=max_depth, min_samples_leaf=max(1, int(min_leaf_share * y.size)),
                                  random_state=seed).fit(x, y)
    t = tree.tree_
    leaf_of = tree.apply(x)
    binary = [set(np.unique(x[:, j])) <= {0.0, 100.0} for j in range(x.shape[1])]
    rules = []

    def walk(node: int, bounds: dict[int, list[float]]) -> None:
        if t.children_left[node] == -1:
            inside = leaf_of == node
            rate = float(y[inside].mean())
            if rate > base:
                conditions = []
                for j, (low, high) in sorted(bounds.items()):
                    if low > -np.inf and high < np.inf:
                        conditions.append(f"{mc.sample.labels[j]} from {low:.2f} to {high:.2f}")
                    elif low > -np.inf:
                        conditions.append(_condition(mc.sample.labels[j], True, low, binary[j]))
                    else:
                        conditions.append(_condition(mc.sample.labels[j], False, high, binary[j]))
                share, coverage = float(inside.mean()), float(y[inside].sum() / y.sum())
                text = (f"{' and '.join(conditions) or 'All draws'}: {rate:.0%} of such draws {what} by {year} "
                        f"({share:.0%} of all draws; {coverage:.0%} of the {failures})")
                box = {mc.sample.paths[j]: (low, high) for j, (low, high) in sorted(bounds.items())}
                rules.append(Rule(conditions, box, share, rate, coverage, text))
            return
        j, threshold = t.feature[node], float(t.threshold[node])
        low, high = bounds.get(j, [-np.inf, np.inf])
        walk(t.children_left[node], {**bounds, j: [low, min(high, threshold)]})
        walk(t.children_right[node], {**bounds, j: [max(low, threshold), high]})

    walk(0, {})
    rules.sort(key=lambda r: -r.failure_rate)
    summary = f"{base:.0%} of draws {what} by {year}."
    return Discovery(event, year, base, rules, summary)
