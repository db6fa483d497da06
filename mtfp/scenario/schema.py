"""The scenario schema: funding, precept, workforce, non-pay, savings, reserves.

Unknown keys are errors: a mistyped key must never be silently ignored. Each numeric field
is a Param type that fixes its unit and allowed range (see mtfp.scenario.params).
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from mtfp import timeline
from mtfp.scenario.params import (
    MAX_PROJECTED_YEARS,
    CostPerFte,
    FteBase,
    FtePath,
    MoneyBase,
    MoneyPath,
    PerFtePath,
    RatePerYear,
    SalaryBase,
    Share,
    Strict,
    param,
)

# --- funding -------------------------------------------------------------------------

class GrantLine(Strict):
    """A central grant (police grant, formula funding, legacy council-tax grants...)."""

    name: str
    base: MoneyBase
    csr_applies: bool = True
    cash_change: RatePerYear | None = None  # % a year when the cut does not apply; none = flat cash


class SpecificGrant(Strict):
    """A grant with its own cash path (pensions grant, ring-fenced uplift grant...)."""

    name: str
    base: MoneyBase
    cash_change: RatePerYear


class SpendingReview(Strict):
    """A real-terms cut to central grant reached after `over_years`, with a profile.

    `flat_cash` holds cash grant at its base-year level (a real-terms cut equal to the
    deflator); `explicit` applies the cash % per year in `explicit_cash_change`.
    """

    real_terms_cut: param("pct", -50, 90, per_year=False)
    over_years: int = Field(ge=1, le=MAX_PROJECTED_YEARS)
    profile: Literal["even", "front_loaded", "back_loaded", "explicit", "flat_cash"] = "even"
    explicit_cash_change: RatePerYear | None = None

    @model_validator(mode="after")
    def _explicit_needs_path(self) -> SpendingReview:
        if self.profile == "explicit" and self.explicit_cash_change is None:
            raise ValueError("profile 'explicit' needs explicit_cash_change (cash % change per year)")
        return self


class OtherIncome(Strict):
    """Fees, charges, mutual aid and other local income."""

    base: MoneyBase
    growth: RatePerYear


class Funding(Strict):
    grants: dict[str, GrantLine] = Field(min_length=1)
    specific_grants: dict[str, SpecificGrant] = {}
    spending_review: SpendingReview
    other_income: OtherIncome


class Precept(Strict):
    """Council-tax precept = tax base (Band D equivalents) x Band D (+ collection fund).

    Give the Band D rise as % (band_d_rise_pct) or £ (band_d_rise_gbp), not both. The
    referendum limit may be % and/or £ each year (null = no limit of that kind that year);
    a rise above it is capped and flagged unless `referendum_held` is true.
    """

    tax_base: param("band_d_equivalents", 1_000, 10_000_000, per_year=False)
    tax_base_growth: param("pct_per_year", -10, 10)
    band_d: param("gbp_per_band_d", 10, 2_000, per_year=False)
    band_d_rise_pct: param("pct_per_year", -20, 50) | None = None
    band_d_rise_gbp: param("gbp_per_band_d", -100, 500) | None = None
    referendum_limit_pct: param("pct_per_year", 0, 50, nullable=True) | None = None
    referendum_limit_gbp: param("gbp_per_band_d", 0, 500, nullable=True) | None = None
    referendum_held: bool = False
    collection_fund: param("gbp_m", -50, 50) | None = None

    @model_validator(mode="after")
    def _one_rise(self) -> Precept:
        if (self.band_d_rise_pct is None) == (self.band_d_rise_gbp is None):
            raise ValueError("give the Band D rise as exactly one of band_d_rise_pct or band_d_rise_gbp")
        return self


# --- workforce and pay ------------------------------------------------------------------

class WorkforceGroup(Strict):
    """A workforce group (police officers, police staff, PCSOs...): FTE flows and pay."""

    name: str
    fte: FteBase
    salary: SalaryBase
    attrition_rate: param("pct_per_year", 0, 50)
    recruitment: Literal["replace_leavers", "replace_share", "target", "freeze"] = "replace_leavers"
    replace_share: param("pct_per_year", 0, 300) | None = None
    target_fte: FtePath | None = None
    floor_fte: FtePath | None = None
    planned_reduction_fte: FtePath | None = None
    redundancy_cost: CostPerFte
    pay_award_pct: param("pct_per_year", -10, 30) | None = None
    pay_award_gbp: PerFtePath | None = None
    award_month: int = Field(default=9, ge=1, le=12)
    drift: param("pct_per_year", -5, 10)
    employer_pension_rate: param("pct_per_year", 0, 60)
    employer_ni_rate: param("pct_per_year", 0, 30)
    ni_threshold: param("gbp_per_fte", 0, 100_000)
    levy_applies: bool = True

    @model_validator(mode="after")
    def _policy_inputs(self) -> WorkforceGroup:
        if self.recruitment == "replace_share" and self.replace_share is None:
            raise ValueError("recruitment 'replace_share' needs replace_share (% of leavers replaced)")
        if self.recruitment == "target" and self.target_fte is None:
            raise ValueError("recruitment 'target' needs target_fte (FTE at the end of each year)")
        if (self.pay_award_pct is None) == (self.pay_award_gbp is None):
            raise ValueError("give the pay award as exactly one of pay_award_pct or pay_award_gbp")
        return self


class Workforce(Strict):
    officer_group: str = "police_officers"
    apprenticeship_levy_rate: param("pct_per_year", 0, 5)
    apprenticeship_levy_allowance: param("gbp_m", 0, 1, per_year=False)
    groups: dict[str, WorkforceGroup] = Field(min_length=1)


# --- non-pay ----------------------------------------------------------------------------

class NonPayLine(Strict):
    name: str
    base: MoneyBase
    inflation: RatePerYear


class GrowthItem(Strict):
    """A named growth or investment: its cost in each year (0 where it does not apply)."""

    name: str
    amount: MoneyPath


class NonPay(Strict):
    lines: dict[str, NonPayLine] = Field(min_length=1)
    growth_items: dict[str, GrowthItem] = {}
    capital_financing: MoneyPath


# --- savings ----------------------------------------------------------------------------

Theme = Literal["people", "digital", "demand", "partnerships", "support_services", "other"]


class SavingsItem(Strict):
    """A savings plan item: full-year amount from start_year, ramped, with a confidence."""

    name: str
    theme: Theme = "other"
    reduces: Literal["pay", "non_pay", "income"]
    group: str | None = None
    fte: FteBase | None = None
    amount: param("gbp_m", 0, 500, per_year=False)
    start_year: str
    ramp_years: int = Field(default=1, ge=1, le=MAX_PROJECTED_YEARS)
    confidence: Share
    one_off_cost: param("gbp_m", 0, 200, per_year=False) | None = None

    @model_validator(mode="after")
    def _pay_needs_group(self) -> SavingsItem:
        if self.reduces == "pay" and self.group is None:
            raise ValueError("a pay saving names the workforce group it reduces (group)")
        return self


class Collaboration(Strict):
    """A project shared with partner forces: this force gets its share of the joint saving."""

    name: str
    partners: list[str] = Field(min_length=1)
    joint_cost_base: MoneyBase
    saving_pct: Share
    force_share: Share
    start_year: str
    ramp_years: int = Field(default=1, ge=1, le=MAX_PROJECTED_YEARS)
    implementation_cost: param("gbp_m", 0, 500, per_year=False)
    confidence: Share
    realised_benefit: MoneyPath | None = None  # this force's realised saving each year, when known


class Productivity(Strict):
    """A non-cashable gain (minutes per officer per day), reported as FTE capacity only."""

    name: str
    group: str
    minutes_per_day: param("minutes_per_day", 0, 480, per_year=False)
    productive_minutes_per_day: param("minutes_per_day", 60, 720, per_year=False)
    start_year: str


class Savings(Strict):
    count_in_gap: Literal["planned", "risk_adjusted"] = "risk_adjusted"
    target_pct: param("pct_per_year", 0, 50) | None = None
    items: dict[str, SavingsItem] = {}
    collaboration: dict[str, Collaboration] = {}
    productivity: dict[str, Productivity] = {}


# --- reserves ---------------------------------------------------------------------------

class EarmarkedReserve(Strict):
    name: str
    opening: MoneyBase
    planned_use: MoneyPath | None = None
    contributions: MoneyPath | None = None


class Reserves(Strict):
    """General reserve (with a minimum as % of net budget) and earmarked reserves."""

    general_opening: MoneyBase
    minimum_pct: param("pct_per_year", 0, 50)
    general_contributions: MoneyPath | None = None
    fund_gap_from_reserves: bool = True
    earmarked: dict[str, EarmarkedReserve] = {}


class Uncertainty(Strict):
    """Monte Carlo settings (mtfp.analysis): seed, number of draws, sampler, savings delivery.

    savings_delivery 'bernoulli' delivers each savings item and collaboration project in full
    or not at all, with its confidence as the probability; 'expected' keeps confidence x amount.
    """

    seed: int = Field(default=2015, ge=0)
    draws: int = Field(default=10_000, ge=2, le=1_000_000)  # draw 0 is the central case
    sampler: Literal["lhs", "sobol", "random"] = "lhs"
    savings_delivery: Literal["bernoulli", "expected"] = "expected"


class Change(Strict):
    """One entry of the change log kept inside a saved scenario."""

    when: str
    field: str
    old: Any = None
    new: Any = None


class Scenario(Strict):
    schema_version: Literal[1]
    name: str = Field(min_length=1)
    description: str = ""
    base_year: str
    projected_years: int = Field(ge=1, le=MAX_PROJECTED_YEARS)
    gdp_deflator: param("pct_per_year", -5, 20)
    funding: Funding
    precept: Precept
    workforce: Workforce
    non_pay: NonPay
    savings: Savings = Savings()
    reserves: Reserves
    uncertainty: Uncertainty | None = None
    changes: list[Change] = []

    @field_validator("base_year")
    @classmethod
    def _base_year_label(cls, value: str) -> str:
        timeline.parse_year(value)
        return value

    @property
    def years(self) -> list[str]:
        return timeline.year_labels(self.base_year, self.projected_years)

    @model_validator(mode="after")
    def _cross_checks(self) -> Scenario:
        problems = cross_check(self.model_dump(exclude_none=True))
        if problems:
            raise ValueError("; ".join(problems))
        return self


def cross_check(data: Any) -> list[str]:
    """Rules that span fields: year labels within the plan, references to groups exist.

    Works on the scenario as a mapping (file units), and tolerates other errors in it, so
    `validate` can report these problems in the same pass as field errors.
    """
    if not isinstance(data, dict):
        return []
    try:
        years = timeline.year_labels(str(data["base_year"]), int(data["projected_years"]))
    except (KeyError, TypeError, ValueError):
        return []  # the field errors say what is wrong with base_year / projected_years
    problems = []
    for path, value in _year_mappings(data):
        outside = [y for y in value if _is_label(y) and y not in years]
        if outside:
            problems.append(f"{path}: year {outside[0]} is outside the plan {years[0]} to {years[-1]}")
    workforce = data.get("workforce") if isinstance(data.get("workforce"), dict) else {}
    groups = sorted(workforce.get("groups") or {}) if isinstance(workforce.get("groups"), dict) else None
    officer_group = workforce.get("officer_group", "police_officers")
    if groups is not None and officer_group not in groups:
        problems.append(f"workforce.officer_group: {officer_group!r} is not one of the groups {groups}")
    savings = data.get("savings") if isinstance(data.get("savings"), dict) else {}
    for section in ("items", "collaboration", "productivity"):
        entries = savings.get(section) if isinstance(savings.get(section), dict) else {}
        for key, item in entries.items():
            if not isinstance(item, dict):
                continue
            path = f"savings.{section}.{key}"
            if "start_year" in item and item["start_year"] not in years[1:]:
                problems.append(f"{path}.start_year: {item['start_year']!r} must be a projected year, {years[1]} to {years[-1]}")
            if section != "collaboration" and groups is not None and item.get("group") is not None \
                    and item["group"] not in groups:
                problems.append(f"{path}.group: {item['group']!r} is not one of the groups {groups}")
    return problems


def _year_mappings(data: dict, prefix: str = "") -> Iterator[tuple[str, dict]]:
    """(field path, {year: value}) for every assumption given per year."""
    for key, value in data.items():
        if not isinstance(value, dict):
            continue
        path = f"{prefix}{key}"
        if "value" in value and "source" in value:
            if isinstance(value["value"], dict):
                yield path, value["value"]
        else:
            yield from _year_mappings(value, path + ".")


def _is_label(year: Any) -> bool:
    try:
        timeline.parse_year(str(year))
    except ValueError:
        return False
    return True
