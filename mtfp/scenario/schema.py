"""The scenario schema: funding, precept, workforce, non-pay, savings, reserves.

Unknown keys are errors: a mistyped key must never be silently ignored. Each numeric field
is a Param type that fixes its unit and allowed range (see mtfp.scenario.params).
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import AfterValidator, Field, field_validator, model_validator

from mtfp import timeline
from mtfp.scenario.params import (
    FIRST_BASE_YEAR,
    LAST_BASE_YEAR,
    MAX_CHANGE_VALUE_ITEMS,
    MAX_CHANGES,
    MAX_COLLECTION_ITEMS,
    MAX_NAME_CHARS,
    MAX_PROJECTED_YEARS,
    CostPerFte,
    FteBase,
    FteInYear,
    FtePath,
    MoneyBase,
    MoneyInYear,
    MoneyPath,
    PerFtePath,
    RatePerYear,
    SalaryBase,
    Share,
    Strict,
    param,
    shown,
)


# Whole numbers, true/false and choices are strict: `award_month: true`, `ramp_years: on`,
# `projected_years: "4"` and `csr_applies: 1` are refused, never coerced.
def _plain_text(text: str) -> str:
    # A name is printed in tables, terminals and workbooks: no control characters (an escape
    # sequence could recolour or rewrite a terminal line).
    bad = next((c for c in text if ord(c) < 32 or 127 <= ord(c) < 160), None)
    if bad is not None:
        raise ValueError(f"a name may not hold control characters (found {bad!r})")
    return text


Name = Annotated[str, Field(max_length=MAX_NAME_CHARS), AfterValidator(_plain_text)]
Flag = Annotated[bool, Field(strict=True)]


def Years(default: int | None = None, low: int = 1, high: int = MAX_PROJECTED_YEARS) -> Any:  # noqa: N802
    """A strict whole number of years (or months) in low..high."""
    if default is None:
        return Field(strict=True, ge=low, le=high)
    return Field(default=default, strict=True, ge=low, le=high)


def Collection() -> Any:  # noqa: N802
    """A named collection: at most MAX_COLLECTION_ITEMS entries."""
    return Field(default={}, max_length=MAX_COLLECTION_ITEMS)


# --- funding -------------------------------------------------------------------------

class GrantLine(Strict):
    """A central grant (police grant, formula funding, legacy council-tax grants...)."""

    name: Name
    base: MoneyBase
    csr_applies: Flag = True
    cash_change: RatePerYear | None = None  # % a year when the cut does not apply; none = flat cash


class SpecificGrant(Strict):
    """A grant with its own cash path (pensions grant, ring-fenced uplift grant...)."""

    name: Name
    base: MoneyBase
    cash_change: RatePerYear


class SpendingReview(Strict):
    """A real-terms cut to central grant reached after `over_years`, with a profile.

    `flat_cash` holds cash grant at its base-year level (a real-terms cut equal to the
    deflator); `explicit` applies the cash % per year in `explicit_cash_change`.
    """

    real_terms_cut: param("pct", -50, 90, per_year=False)
    over_years: int = Years()
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
    grants: dict[str, GrantLine] = Field(min_length=1, max_length=MAX_COLLECTION_ITEMS)
    specific_grants: dict[str, SpecificGrant] = Collection()
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
    referendum_held: Flag = False
    # A surplus (+) or deficit (-) declared by the billing authorities is paid in one year: an
    # amount in the years named only.
    collection_fund: param("gbp_m", -50, 50, kind="in_year") | None = None

    @model_validator(mode="after")
    def _one_rise(self) -> Precept:
        if (self.band_d_rise_pct is None) == (self.band_d_rise_gbp is None):
            raise ValueError("give the Band D rise as exactly one of band_d_rise_pct or band_d_rise_gbp")
        return self


# --- workforce and pay ------------------------------------------------------------------

class WorkforceGroup(Strict):
    """A workforce group (police officers, police staff, PCSOs...): FTE flows and pay."""

    name: Name
    fte: FteBase
    salary: SalaryBase
    attrition_rate: param("pct_per_year", 0, 50)
    recruitment: Literal["replace_leavers", "replace_share", "target", "freeze"] = "replace_leavers"
    replace_share: param("pct_per_year", 0, 300) | None = None
    target_fte: FtePath | None = None
    floor_fte: FtePath | None = None
    planned_reduction_fte: FteInYear | None = None  # FTE removed in the years named only
    redundancy_cost: CostPerFte
    pay_award_pct: param("pct_per_year", -10, 30) | None = None
    pay_award_gbp: PerFtePath | None = None
    award_month: int = Years(default=9, low=1, high=12)  # the month the award takes effect
    drift: param("pct_per_year", -5, 10)
    employer_pension_rate: param("pct_per_year", 0, 60)
    employer_ni_rate: param("pct_per_year", 0, 30)
    ni_threshold: param("gbp_per_fte", 0, 100_000)
    levy_applies: Flag = True
    # Which national pay and pension rules the group inherits (mtfp.scenario.national); none =
    # police_officers for the officer group, police_staff for every other group.
    pay_scheme: Literal["police_officers", "police_staff", "own"] | None = None

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
    officer_group: Name = "police_officers"
    apprenticeship_levy_rate: param("pct_per_year", 0, 5)
    apprenticeship_levy_allowance: param("gbp_m", 0, 1, per_year=False)
    groups: dict[str, WorkforceGroup] = Field(min_length=1, max_length=MAX_COLLECTION_ITEMS)


# --- non-pay ----------------------------------------------------------------------------

class NonPayLine(Strict):
    name: Name
    base: MoneyBase
    inflation: RatePerYear


class GrowthItem(Strict):
    """A named growth or investment: its recurring cost each year, a level that carries forward
    from the year it starts (give 0 for the years before). A cost in one year only is a one-off
    cost, not growth."""

    name: Name
    amount: MoneyPath


class NonPay(Strict):
    lines: dict[str, NonPayLine] = Field(min_length=1, max_length=MAX_COLLECTION_ITEMS)
    growth_items: dict[str, GrowthItem] = Collection()
    capital_financing: MoneyPath  # MRP + interest + revenue contributions to capital: a level


# --- savings ----------------------------------------------------------------------------

Theme = Literal["people", "digital", "demand", "partnerships", "support_services", "other"]


class SavingsItem(Strict):
    """A savings plan item: full-year amount from start_year, ramped, with a confidence."""

    name: Name
    theme: Theme = "other"
    reduces: Literal["pay", "non_pay", "income"]
    group: Name | None = None
    fte: FteBase | None = None
    amount: param("gbp_m", 0, 500, per_year=False)
    start_year: Name
    ramp_years: int = Years(default=1)
    confidence: Share
    one_off_cost: param("gbp_m", 0, 200, per_year=False) | None = None

    @model_validator(mode="after")
    def _pay_needs_group(self) -> SavingsItem:
        if self.reduces == "pay" and self.group is None:
            raise ValueError("a pay saving names the workforce group it reduces (group)")
        return self


class Collaboration(Strict):
    """A project shared with partner forces: this force gets its share of the joint saving."""

    name: Name
    partners: list[Name] = Field(min_length=1, max_length=MAX_COLLECTION_ITEMS)
    joint_cost_base: MoneyBase
    saving_pct: Share
    force_share: Share
    start_year: Name
    ramp_years: int = Years(default=1)
    implementation_cost: param("gbp_m", 0, 500, per_year=False)
    confidence: Share
    realised_benefit: MoneyInYear | None = None  # this force's realised saving in the years reported only


class Productivity(Strict):
    """A non-cashable gain (minutes per officer per day), reported as FTE capacity only."""

    name: Name
    group: Name
    minutes_per_day: param("minutes_per_day", 0, 480, per_year=False)
    productive_minutes_per_day: param("minutes_per_day", 60, 720, per_year=False)
    start_year: Name


class Savings(Strict):
    count_in_gap: Literal["planned", "risk_adjusted"] = "risk_adjusted"
    target_pct: param("pct_per_year", 0, 50) | None = None
    items: dict[str, SavingsItem] = Collection()
    collaboration: dict[str, Collaboration] = Collection()
    productivity: dict[str, Productivity] = Collection()


# --- reserves ---------------------------------------------------------------------------

class EarmarkedReserve(Strict):
    name: Name
    opening: MoneyBase
    planned_use: MoneyInYear | None = None  # drawn in the years named only
    contributions: MoneyInYear | None = None  # paid in, in the years named only


class Reserves(Strict):
    """General reserve (with a minimum as % of net revenue expenditure) and earmarked reserves."""

    general_opening: MoneyBase
    minimum_pct: param("pct_per_year", 0, 50)
    general_contributions: MoneyInYear | None = None  # paid in, in the years named only
    fund_gap_from_reserves: Flag = True
    earmarked: dict[str, EarmarkedReserve] = Collection()


class Uncertainty(Strict):
    """Monte Carlo settings (mtfp.analysis): seed, number of draws, sampler, savings delivery.

    savings_delivery 'bernoulli' delivers each savings item and collaboration project in full
    or not at all, with its confidence as the probability; 'expected' keeps confidence x amount.
    """

    seed: int = Field(default=2015, strict=True, ge=0, le=2**63 - 1)
    draws: int = Field(default=10_000, strict=True, ge=2, le=1_000_000)  # draw 0 is the central case
    sampler: Literal["lhs", "sobol", "random"] = "lhs"
    savings_delivery: Literal["bernoulli", "expected"] = "expected"


class Change(Strict):
    """One entry of the change log kept inside a saved scenario."""

    when: Name
    field: Name
    old: Any = None
    new: Any = None

    @field_validator("old", "new")
    @classmethod
    def _json_like(cls, value: Any) -> Any:
        """Only what JSON can hold (text, finite numbers, true/false, null, lists, mappings with
        text keys), of bounded size: the log is saved with the scenario and shown in the app.
        A numpy number from a table edit becomes the plain number it is."""
        count = 0

        def plain(item: Any, depth: int) -> Any:
            nonlocal count
            count += 1
            if count > MAX_CHANGE_VALUE_ITEMS or depth > 6:
                raise ValueError(f"a change-log value may hold at most {MAX_CHANGE_VALUE_ITEMS} items, "
                                 "nested at most 6 deep")
            if isinstance(item, np.generic) and not isinstance(item, (np.bytes_, np.str_, np.void)):
                item = item.item()
            if item is None or isinstance(item, (bool, int, str)):
                if isinstance(item, str) and len(item) > 10_000:
                    raise ValueError("a change-log text may be at most 10,000 characters")
                return item
            if isinstance(item, float):
                if not math.isfinite(item):
                    raise ValueError(f"a change-log value must be a finite number, got {shown(item)}")
                return item
            if isinstance(item, list):
                return [plain(v, depth + 1) for v in item]
            if isinstance(item, dict):
                if not all(isinstance(k, str) for k in item):
                    raise ValueError("a change-log mapping needs text keys")
                return {k: plain(v, depth + 1) for k, v in item.items()}
            raise ValueError(f"a change-log value holds text, numbers, true/false, lists and mappings only, "
                             f"not {type(item).__name__} ({shown(item)})")

        return plain(value, 0)


class Scenario(Strict):
    schema_version: Literal[1]
    name: Annotated[str, AfterValidator(_plain_text)] = Field(min_length=1, max_length=MAX_NAME_CHARS)
    description: str = ""
    # National rules the scenario inherits where it does not set a figure (mtfp.scenario.national).
    nation: Literal["england", "wales"] = "england"
    base_year: Name
    projected_years: int = Years()
    gdp_deflator: param("pct_per_year", -5, 20)
    funding: Funding
    precept: Precept
    workforce: Workforce
    non_pay: NonPay
    savings: Savings = Savings()
    reserves: Reserves
    uncertainty: Uncertainty | None = None
    changes: list[Change] = Field(default=[], max_length=MAX_CHANGES)

    @field_validator("schema_version", mode="before")
    @classmethod
    def _version_is_a_number(cls, value: Any) -> Any:
        # Literal[1] alone would take `true` or 1.0 (both equal 1 in Python).
        if type(value) is not int:
            raise ValueError(f"expected the whole number 1, got {shown(value)}")
        return value

    @field_validator("base_year")
    @classmethod
    def _base_year_label(cls, value: str) -> str:
        start = timeline.parse_year(value)
        if not FIRST_BASE_YEAR <= start <= LAST_BASE_YEAR:
            raise ValueError(f"the base year must be from {timeline.year_label(FIRST_BASE_YEAR)} to "
                             f"{timeline.year_label(LAST_BASE_YEAR)}")
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
    base_year, projected = data.get("base_year"), data.get("projected_years")
    if not (isinstance(base_year, str) and len(base_year) <= 7 and _is_label(base_year)
            and FIRST_BASE_YEAR <= timeline.parse_year(base_year) <= LAST_BASE_YEAR
            and type(projected) is int and 1 <= projected <= MAX_PROJECTED_YEARS):
        return []  # the field errors say what is wrong with base_year / projected_years
    years = timeline.year_labels(base_year, projected)
    problems = []
    for path, value in _year_mappings(data):
        outside = [y for y in value if _is_label(y) and y not in years]
        if outside:
            problems.append(f"{path}: year {outside[0]} is outside the plan {years[0]} to {years[-1]}")
    workforce = data.get("workforce") if isinstance(data.get("workforce"), dict) else {}
    groups = sorted(workforce.get("groups") or {}) if isinstance(workforce.get("groups"), dict) else None
    officer_group = workforce.get("officer_group", "police_officers")
    if groups is not None and officer_group not in groups:
        problems.append(f"workforce.officer_group: {shown(officer_group)} is not one of the groups {groups}")
    savings = data.get("savings") if isinstance(data.get("savings"), dict) else {}
    for section in ("items", "collaboration", "productivity"):
        entries = savings.get(section) if isinstance(savings.get(section), dict) else {}
        for key, item in entries.items():
            if not isinstance(item, dict):
                continue
            path = f"savings.{section}.{key}"
            if "start_year" in item and item["start_year"] not in years[1:]:
                problems.append(f"{path}.start_year: {shown(item['start_year'])} must be a projected year, {years[1]} to {years[-1]}")
            if section != "collaboration" and groups is not None and item.get("group") is not None \
                    and item["group"] not in groups:
                problems.append(f"{path}.group: {shown(item['group'])} is not one of the groups {groups}")
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
    if not isinstance(year, str) or len(year) > 7:
        return False
    try:
        timeline.parse_year(str(year))
    except ValueError:
        return False
    return True
