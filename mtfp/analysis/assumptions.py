"""The uncertain assumptions of a scenario: which ones, their ranges and their plain names.

An assumption is uncertain when the scenario file gives it a `distribution` (uniform,
triangular, or normal given as an 80% interval; file units). A scenario without any
distribution can still be analysed with *planning ranges*: illustrative ranges around the
main drivers (spending-review cut, pay awards, inflation, tax base, attrition...), so the
Risk and Sensitivity views always have something to show. Every output says which was used.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mtfp.scenario import Distribution, Param, Scenario, iter_params, owner_name
from mtfp.units import unit_label

FROM_FILE = "distributions in the scenario file"
PLANNING_RANGES = "illustrative planning ranges (the scenario file gives no distributions)"

# Planning ranges: half-widths in file units, by field name (the last part of the path).
# Illustrative: roughly the spread of the planning assumptions forces published 2015-2019.
PLANNING_HALF_WIDTH = {
    "gdp_deflator": 1.0,
    "real_terms_cut": 10.0,
    "tax_base_growth": 0.75,
    "band_d_rise_pct": 1.0,
    "pay_award_pct": 1.0,
    "drift": 0.5,
    "attrition_rate": 2.0,
    "inflation": 1.0,
    "growth": 1.0,
}
PLANNING_SECTIONS = ("gdp_deflator", "funding.spending_review.", "funding.other_income.", "precept.",
                     "workforce.groups.", "non_pay.lines.")


@dataclass(frozen=True)
class Uncertain:
    """One uncertain assumption: where it is, what it is called and how it may vary."""

    path: str
    label: str
    unit: str  # file unit, e.g. "pct_per_year"
    central: float  # the scenario's value (first projected year for a per-year mapping), file units
    distribution: Distribution
    low_bound: float  # the field's allowed range, file units
    high_bound: float
    per_year: bool

    @property
    def unit_label(self) -> str:
        return unit_label(self.unit)


def file_row(p: Param, years: list[str]) -> np.ndarray:
    """An assumption's value in each year in FILE units (NaN = no value that year): Param.year_values."""
    return p.year_values(years)


def central_value(p: Param, years: list[str]) -> float:
    """One number for an assumption: its value, or its first projected year's value."""
    row = file_row(p, years)
    return float(row[1] if p.PER_YEAR and len(row) > 1 else row[0])


FIELD_NAMES = {
    "gdp_deflator": "GDP deflator %", "real_terms_cut": "Real-terms grant cut %", "growth": "Growth %",
    "tax_base_growth": "Tax base growth %", "band_d": "Band D £", "band_d_rise_pct": "Band D rise %",
    "band_d_rise_gbp": "Band D rise £", "attrition_rate": "Attrition %", "pay_award_pct": "Pay award %",
    "drift": "Pay drift %", "inflation": "Inflation %", "cash_change": "Cash change %",
    "employer_pension_rate": "Employer pension %", "employer_ni_rate": "Employer NI %",
    "minimum_pct": "Minimum general reserve %", "confidence": "Delivery confidence %",
    "apprenticeship_levy_rate": "Apprenticeship levy %", "saving_pct": "Saving %", "force_share": "Our share %",
}


def label(scenario: Scenario, path: str) -> str:
    """A finance lead's name for a field path, e.g. 'Pay award % (Police officers)'."""
    parts = path.split(".")
    field = FIELD_NAMES.get(parts[-1]) or parts[-1].replace("_pct", " %").replace("_gbp", " £").replace("_", " ")
    field = field[:1].upper() + field[1:]
    if parts[:2] == ["funding", "other_income"]:
        field = f"Other income {field[:1].lower()}{field[1:]}"
    owner = owner_name(scenario, path)
    return f"{field} ({owner})" if owner else field


def _uncertain(scenario: Scenario, path: str, p: Param, distribution: Distribution) -> Uncertain:
    return Uncertain(path=path, label=label(scenario, path), unit=p.UNIT, central=central_value(p, scenario.years),
                     distribution=distribution, low_bound=p.LOW, high_bound=p.HIGH, per_year=p.PER_YEAR)


def from_file(scenario: Scenario) -> list[Uncertain]:
    """Assumptions the scenario file gives a distribution, in file order."""
    return [_uncertain(scenario, path, p, p.distribution) for path, p in iter_params(scenario) if p.distribution]


def planning_ranges(scenario: Scenario) -> list[Uncertain]:
    """Illustrative triangular ranges (central value most likely) around the main drivers.

    A mapping that changes over the years (e.g. a pay award that differs by year) is left
    out: one range cannot describe it. Ranges are clipped to the field's allowed range.
    """
    out = []
    for path, p in iter_params(scenario):
        half = PLANNING_HALF_WIDTH.get(path.split(".")[-1])
        if half is None or not path.startswith(PLANNING_SECTIONS):
            continue
        row = file_row(p, scenario.years)[1:]
        if np.isnan(row).any() or np.ptp(row) > 0:
            continue
        mode = float(row[0])
        low, high = max(mode - half, p.LOW), min(mode + half, p.HIGH)
        out.append(_uncertain(scenario, path, p, Distribution(kind="triangular", low=low, mode=mode, high=high)))
    return out


def for_analysis(scenario: Scenario) -> tuple[list[Uncertain], str]:
    """The scenario's own distributions, or planning ranges when it gives none; and which."""
    own = from_file(scenario)
    return (own, FROM_FILE) if own else (planning_ranges(scenario), PLANNING_RANGES)
