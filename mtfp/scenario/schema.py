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
    Source,
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

# A grant's cash path, one of: base-year cash under the spending review or its own % cash change
# (as before); `amounts` typed as published (a settlement), each year from the base year on; or
# `national_total` x `formula_share` (the force's share of a national total). `base` is always
# the base-year figure (0 for a grant first paid after the base year).
GrantAmounts = param("gbp_m", 0, 5_000)
NationalTotal = param("gbp_m", 0, 100_000)
FormulaShare = param("pct", 0, 100)


def _grant_path_problems(grant) -> list[str]:
    problems = []
    if grant.amounts is not None and grant.national_total is not None:
        problems.append("give the grant's projected cash as amounts or as national_total x formula_share, not both")
    if (grant.national_total is None) != (grant.formula_share is None):
        problems.append("a grant given as a national total needs both national_total (£m) and formula_share (%)")
    if grant.national_total is not None and grant.cash_change is not None:
        problems.append("a grant given as national_total x formula_share has no cash_change (the national total "
                        "gives every year)")
    return problems


class GrantLine(Strict):
    """A central grant (police grant, formula funding, legacy council-tax grants...)."""

    name: Name
    base: MoneyBase
    csr_applies: Flag = True
    cash_change: RatePerYear | None = None  # % a year when the cut does not apply; none = flat cash
    amounts: GrantAmounts | None = None  # £m by year as published (the spending review does not apply)
    national_total: NationalTotal | None = None  # £m by year, the national total the force has a share of
    formula_share: FormulaShare | None = None  # % of the national total, by year

    @model_validator(mode="after")
    def _one_path(self) -> GrantLine:
        problems = _grant_path_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self


class PaymentBand(Strict):
    """One band of a conditional grant's payment schedule: at or above `at_least_pct` of the
    target, `paid_pct` of the grant is paid."""

    at_least_pct: float = Field(strict=True, ge=0, le=1_000, allow_inf_nan=False)
    paid_pct: float = Field(strict=True, ge=0, le=100, allow_inf_nan=False)


class GrantCondition(Strict):
    """A workforce test a grant is paid on (the officer uplift / maintenance grants, the 2026/27
    Neighbourhood Policing Grant): the groups counted, by headcount or FTE, at the end of each
    year from `tested_from`, against a target, paid by the schedule of the share achieved."""

    groups: list[Name] = Field(min_length=1, max_length=MAX_COLLECTION_ITEMS)
    measure: Literal["headcount", "fte"] = "headcount"
    target: param("posts", 1, 1_000_000)  # headcount or FTE (as `measure`) at 31 March, by year
    tested_from: Name  # the first year tested (its 31 March); earlier years are paid in full
    schedule: list[PaymentBand] = Field(min_length=1, max_length=20)
    source: Source | Literal["illustrative", "estimate"]

    @model_validator(mode="after")
    def _schedule_order(self) -> GrantCondition:
        bands = self.schedule
        for upper, lower in zip(bands, bands[1:]):
            if not lower.at_least_pct < upper.at_least_pct:
                raise ValueError("schedule: list the bands from the highest at_least_pct down, each lower than the last "
                                 f"({upper.at_least_pct:g} then {lower.at_least_pct:g})")
            if lower.paid_pct > upper.paid_pct:
                raise ValueError(f"schedule: a lower band cannot pay more ({lower.paid_pct:g}% at "
                                 f"{lower.at_least_pct:g}% of target, {upper.paid_pct:g}% at {upper.at_least_pct:g}%)")
        if len(set(self.groups)) != len(self.groups):
            raise ValueError("groups: each group is listed once")
        return self


class SpecificGrant(Strict):
    """A grant with its own cash path (pensions grant, ring-fenced or conditional grants...).

    `ring_fenced_to` names the spending the grant pays for: the model adds that spending line,
    equal to the grant paid each year, so the grant nets to zero on the gap. `condition` makes
    the payment depend on the projected workforce (GrantCondition).
    """

    name: Name
    base: MoneyBase
    cash_change: RatePerYear | None = None  # % a year; none = flat cash (or, with amounts, flat after them)
    amounts: GrantAmounts | None = None
    national_total: NationalTotal | None = None
    formula_share: FormulaShare | None = None
    ring_fenced_to: Name | None = None
    condition: GrantCondition | None = None

    @model_validator(mode="after")
    def _one_path(self) -> SpecificGrant:
        problems = _grant_path_problems(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self


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
    """Fees, charges, mutual aid and other local income: base-year income grown each year, or
    `amounts` by year as budgeted (then `growth` after the last year they give)."""

    base: MoneyBase
    growth: RatePerYear
    amounts: GrantAmounts | None = None


class Funding(Strict):
    grants: dict[str, GrantLine] = Field(min_length=1, max_length=MAX_COLLECTION_ITEMS)
    specific_grants: dict[str, SpecificGrant] = Collection()
    spending_review: SpendingReview
    other_income: OtherIncome


# A surplus (+) or deficit (-) declared by the billing authorities is paid in one year: an
# amount in the years named only.
CollectionFund = param("gbp_m", -50, 50, kind="in_year")
TaxBase = param("band_d_equivalents", 1_000, 10_000_000, per_year=False)
# Known figures for a given year (a notified tax base, a set Band D or council-tax requirement):
# in the years named only.
TaxBaseKnown = param("band_d_equivalents", 1, 10_000_000, kind="in_year")
TaxBaseGrowth = param("pct_per_year", -10, 10)


class BillingAuthority(Strict):
    """A billing authority (district or unitary council) collecting the precept: its tax base
    (Band D equivalents) grown by its own rate, and its share of collection-fund surpluses."""

    name: Name
    tax_base: param("band_d_equivalents", 1, 10_000_000, per_year=False)
    tax_base_growth: TaxBaseGrowth | None = None  # none = the precept's tax_base_growth
    tax_base_known: TaxBaseKnown | None = None  # a known tax base in a given year; growth applies after it
    collection_fund: CollectionFund | None = None  # its collection-fund surplus (+) / deficit (-) paid to the force


class Precept(Strict):
    """Council-tax precept = tax base (Band D equivalents) x Band D (+ collection fund).

    The Band D rise is % (band_d_rise_pct) or £ (band_d_rise_gbp) in each projected year:
    one of them per year (both may be per-year mappings, with null in the years the other
    gives). A known Band D or council-tax requirement for a year replaces the rise that year.
    The referendum limit may be % and/or £ each year (null = no limit of that kind that year);
    a rise above it is capped and flagged unless a referendum is held that year.
    """

    tax_base: TaxBase
    tax_base_growth: TaxBaseGrowth
    tax_base_known: TaxBaseKnown | None = None
    band_d: param("gbp_per_band_d", 10, 2_000, per_year=False)
    band_d_rise_pct: param("pct_per_year", -20, 50, nullable=True) | None = None
    band_d_rise_gbp: param("gbp_per_band_d", -100, 500, nullable=True) | None = None
    band_d_known: param("gbp_per_band_d", 10, 2_000, kind="in_year") | None = None
    council_tax_requirement_known: param("gbp_m", 0.01, 5_000, kind="in_year") | None = None
    referendum_limit_pct: param("pct_per_year", 0, 50, nullable=True) | None = None
    referendum_limit_gbp: param("gbp_per_band_d", 0, 500, nullable=True) | None = None
    # true/false for every year, or {year: true} for the years a referendum is held
    referendum_held: Flag | Annotated[dict[Name, Flag], Field(max_length=MAX_PROJECTED_YEARS + 1)] = False
    collection_fund: CollectionFund | None = None
    billing_authorities: dict[str, BillingAuthority] = Collection()

    @field_validator("referendum_held", mode="before")
    @classmethod
    def _held_years(cls, value: Any) -> Any:
        # One message for either shape (the union alone would report both of its branches).
        if isinstance(value, bool):
            return value
        if isinstance(value, dict):
            if len(value) > MAX_PROJECTED_YEARS + 1:
                raise ValueError(f"a mapping of {len(value):,} years; a plan has at most {MAX_PROJECTED_YEARS + 1}")
            for year, held in value.items():
                if not _is_label(year):
                    raise ValueError(f"{shown(year)} is not a financial year label like '2026/27'")
                if not isinstance(held, bool):
                    raise ValueError(f"{year}: expected true or false, got {shown(held)}")
            return value
        raise ValueError("expected true or false, or years with true/false such as {2027/28: true}")

    @model_validator(mode="after")
    def _one_rise(self) -> Precept:
        if self.band_d_rise_pct is None and self.band_d_rise_gbp is None:
            raise ValueError("give the Band D rise as exactly one of band_d_rise_pct or band_d_rise_gbp in each projected year")
        if self.band_d_rise_pct is not None and self.band_d_rise_gbp is not None and not (
                isinstance(self.band_d_rise_pct.value, dict) and isinstance(self.band_d_rise_gbp.value, dict)):
            raise ValueError("give the Band D rise as exactly one of band_d_rise_pct or band_d_rise_gbp, or both as "
                             "mappings by year with one of them null in each year")
        for name in ("tax_base_known", "band_d_known", "council_tax_requirement_known"):
            if getattr(self, name) is not None and not isinstance(getattr(self, name).value, dict):
                raise ValueError(f"{name} is a figure for a given year: give it by year, e.g. {{2026/27: ...}}")
        for key, authority in self.billing_authorities.items():
            if authority.tax_base_known is not None and not isinstance(authority.tax_base_known.value, dict):
                raise ValueError(f"billing_authorities.{key}.tax_base_known is a figure for a given year: "
                                 "give it by year, e.g. {2026/27: ...}")
        if self.billing_authorities:
            total = sum(a.tax_base.value for a in self.billing_authorities.values())
            if abs(total - self.tax_base.value) > 0.5:
                raise ValueError(f"tax_base {self.tax_base.value:,.2f} is not the sum of the billing authorities' "
                                 f"tax bases ({total:,.2f})")
            if self.tax_base_known is not None:
                raise ValueError("with billing authorities, give a known tax base by authority "
                                 "(billing_authorities.<id>.tax_base_known), not tax_base_known")
            if self.collection_fund is not None and any(
                    a.collection_fund is not None for a in self.billing_authorities.values()):
                raise ValueError("give the collection fund for the force (collection_fund) or by billing authority, "
                                 "not both")
        return self


def precept_year_problems(precept: Precept, years: list[str]) -> list[str]:
    """Per-year rules of the precept: exactly one Band D rise in every projected year that has
    no known Band D or council-tax requirement; known figures and referendums in projected years."""
    problems = []
    projected = years[1:]
    known = set()
    for name in ("band_d_known", "council_tax_requirement_known"):
        param_ = getattr(precept, name)
        if param_ is not None:
            known |= set(param_.value)
    if precept.band_d_known is not None and precept.council_tax_requirement_known is not None:
        both = sorted(set(precept.band_d_known.value) & set(precept.council_tax_requirement_known.value))
        if both:
            problems.append(f"precept: {both[0]} has both band_d_known and council_tax_requirement_known; give one")
    for name in ("band_d_known", "council_tax_requirement_known", "tax_base_known"):
        param_ = getattr(precept, name)
        if param_ is not None:
            early = [y for y in param_.value if y == years[0]]
            if early:
                problems.append(f"precept.{name}: {early[0]} is the base year (give the base year in "
                                f"{'tax_base' if name == 'tax_base_known' else 'band_d'}); a known figure is for a projected year")
    if isinstance(precept.referendum_held, dict):
        outside = [y for y in precept.referendum_held if y not in projected]
        if outside:
            problems.append(f"precept.referendum_held: {outside[0]} is not a projected year ({projected[0]} to {projected[-1]})")
    pct = precept.band_d_rise_pct.year_values(years) if precept.band_d_rise_pct is not None else np.full(len(years), np.nan)
    gbp = precept.band_d_rise_gbp.year_values(years) if precept.band_d_rise_gbp is not None else np.full(len(years), np.nan)
    for year, p_, g_ in zip(years[1:], pct[1:], gbp[1:]):
        if year in known:
            continue
        if not np.isnan(p_) and not np.isnan(g_):
            problems.append(f"precept: {year} has a Band D rise in both band_d_rise_pct ({p_:g}%) and band_d_rise_gbp "
                            f"(£{g_:g}); give one a value and the other null that year")
        elif np.isnan(p_) and np.isnan(g_):
            problems.append(f"precept: {year} has no Band D rise (band_d_rise_pct and band_d_rise_gbp are both null)")
    return problems


# --- workforce and pay ------------------------------------------------------------------

# What `salary` means, in the words docs/scenario-format.md, the workbook template and the app use.
SALARY_DEFINITION = ("the budgeted average salary per FTE for the base year, including the part of the base "
                     "year's award paid in it (7/12 of a September award); the rest of that award is carried "
                     "into year 1")


class WorkforceGroup(Strict):
    """A workforce group (police officers, police staff, PCSOs...): FTE flows and pay."""

    name: Name
    fte: FteBase
    salary: SalaryBase  # SALARY_DEFINITION
    attrition_rate: param("pct_per_year", 0, 50)
    recruitment: Literal["replace_leavers", "replace_share", "target", "freeze"] = "replace_leavers"
    replace_share: param("pct_per_year", 0, 300) | None = None
    target_fte: FtePath | None = None
    floor_fte: FtePath | None = None
    planned_reduction_fte: FteInYear | None = None  # FTE removed in the years named only
    # Whether the group can be made redundant; none = no for police officers (office holders,
    # not employees: the officer group or pay_scheme police_officers), yes for the rest.
    redundancy_allowed: Flag | None = None
    redundancy_cost: CostPerFte
    vacancy_factor: param("pct_per_year", 0, 50) | None = None  # % of the establishment unfilled
    overtime_pct: param("pct_per_year", 0, 50) | None = None  # % of the filled posts' salaries
    overtime_gbp_m: param("gbp_m", 0, 500) | None = None  # or £m a year
    # Whether employer pension is paid on overtime; none = no for the officer scheme, yes for the rest.
    overtime_pensionable: Flag | None = None
    pay_award_pct: param("pct_per_year", -10, 30) | None = None
    pay_award_gbp: PerFtePath | None = None
    award_month: int = Years(default=9, low=1, high=12)  # the month the award takes effect
    drift: param("pct_per_year", -5, 10)
    employer_pension_rate: param("pct_per_year", 0, 60)
    employer_ni_rate: param("pct_per_year", 0, 30)
    ni_threshold: param("gbp_per_fte", 0, 100_000)
    levy_applies: Flag = True
    # People per FTE (part-timers make it above 1), for conditions tested on headcount; none = 1.0.
    headcount_per_fte: param("heads_per_fte", 1, 3) | None = None
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
        if self.overtime_pct is not None and self.overtime_gbp_m is not None:
            raise ValueError("give overtime as at most one of overtime_pct (% of salaries) or overtime_gbp_m (£m a year)")
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
    # MRP + interest + revenue contributions to capital as one total a year (a level); none when
    # the scenario gives a capital programme (capital:), whose costs make the line instead.
    capital_financing: MoneyPath | None = None


# --- savings ----------------------------------------------------------------------------

Theme = Literal["people", "digital", "demand", "partnerships", "support_services", "other"]


class SavingsItem(Strict):
    """A savings plan item: full-year amount from start_year, ramped, with a confidence."""

    name: Name
    theme: Theme = "other"
    reduces: Literal["pay", "non_pay", "income"]
    group: Name | None = None
    fte: FteBase | None = None
    # Full-year saving once delivered, at base-year prices for a pay saving valued per_fte;
    # may be left out for such a saving with fte (then fte x the group's base-year cost per FTE).
    amount: param("gbp_m", 0, 500, per_year=False) | None = None
    # per_fte: a pay saving grows with the group's cost per FTE each year (awards, drift,
    # on-costs), as the posts it removes would have; fixed_cash: the amount in cash every year.
    # None = per_fte for a pay saving, fixed_cash otherwise.
    valued: Literal["per_fte", "fixed_cash"] | None = None
    start_year: Name
    ramp_years: int = Years(default=1)
    confidence: Share
    one_off_cost: param("gbp_m", 0, 200, per_year=False) | None = None
    realised: param("gbp_m", -1_000, 5_000, kind="in_year") | None = None  # the saving delivered, years recorded

    @model_validator(mode="after")
    def _pay_needs_group(self) -> SavingsItem:
        if self.reduces == "pay" and self.group is None:
            raise ValueError("a pay saving names the workforce group it reduces (group)")
        if self.valued == "per_fte" and self.reduces != "pay":
            raise ValueError("only a pay saving can be valued per_fte (at the cost per FTE of the posts it removes)")
        if self.amount is None and not (self.reduces == "pay" and self.fte is not None and self.valued != "fixed_cash"):
            raise ValueError("give the amount (£m a year), or for a pay saving valued per_fte the posts it removes (fte)")
        return self

    @property
    def valuation(self) -> str:
        """per_fte or fixed_cash, the default applied."""
        return self.valued or ("per_fte" if self.reduces == "pay" else "fixed_cash")


class Collaboration(Strict):
    """A project shared with partner forces: this force gets its share of the joint saving."""

    name: Name
    partners: list[Name] = Field(min_length=1, max_length=MAX_COLLECTION_ITEMS)
    reduces: Literal["pay", "non_pay"] = "non_pay"  # what this force's share of the saving reduces
    group: Name | None = None  # for a pay saving, the workforce group whose posts go
    fte: FteBase | None = None  # this force's posts removed at the full saving
    joint_cost_base: MoneyBase
    saving_pct: Share
    force_share: Share
    start_year: Name
    ramp_years: int = Years(default=1)
    implementation_cost: param("gbp_m", 0, 500, per_year=False)
    confidence: Share
    realised_benefit: MoneyInYear | None = None  # this force's realised saving in the years reported only
    recharge_income: MoneyPath | None = None  # income from the partners planned each year (a level)
    recharge_received: MoneyInYear | None = None  # the recharge income actually received, years recorded

    @model_validator(mode="after")
    def _pay_needs_group(self) -> Collaboration:
        if self.reduces == "pay" and self.group is None:
            raise ValueError("a collaboration saving that reduces pay names the workforce group it reduces (group)")
        if self.reduces != "pay" and (self.group is not None or self.fte is not None):
            raise ValueError("group and fte are for a collaboration saving that reduces pay (reduces: pay)")
        return self


class Productivity(Strict):
    """A non-cashable gain (minutes per officer per day), reported as FTE capacity only."""

    name: Name
    group: Name
    minutes_per_day: param("minutes_per_day", 0, 480, per_year=False)
    productive_minutes_per_day: param("minutes_per_day", 60, 720, per_year=False)
    start_year: Name
    # Who gets the gain: a share of the group, or the FTE covered (e.g. officers given devices);
    # neither = the whole group.
    share_of_group: Share | None = None
    fte_covered: FteBase | None = None

    @model_validator(mode="after")
    def _one_coverage(self) -> Productivity:
        if self.share_of_group is not None and self.fte_covered is not None:
            raise ValueError("give the FTE the gain covers as at most one of share_of_group or fte_covered")
        return self


class Savings(Strict):
    count_in_gap: Literal["planned", "risk_adjusted"] = "risk_adjusted"
    target_pct: param("pct_per_year", 0, 50) | None = None
    items: dict[str, SavingsItem] = Collection()
    collaboration: dict[str, Collaboration] = Collection()
    productivity: dict[str, Productivity] = Collection()


# --- reserves ---------------------------------------------------------------------------

ReserveUse = param("gbp_m", 0, 5_000, kind="in_year")


class EarmarkedReserve(Strict):
    name: Name
    opening: MoneyBase
    # Drawn in the years named only; never negative (money paid in is a contribution), so a
    # negative use is refused by its range rather than dropped or guessed.
    planned_use: ReserveUse | None = None
    contributions: MoneyInYear | None = None  # paid in, in the years named only
    # The Home Office reserves-strategy category: planned spend in this MTFP, specific projects
    # beyond it, or general contingency (e.g. insurance).
    category: Literal["planned_use", "future_projects", "general_contingency"] | None = None
    purpose: Name | None = None


class Reserves(Strict):
    """General reserve (with a minimum as % of net revenue expenditure) and earmarked reserves."""

    general_opening: MoneyBase
    minimum_pct: param("pct_per_year", 0, 50)
    general_contributions: MoneyInYear | None = None  # paid in, in the years named only
    fund_gap_from_reserves: Flag = True
    earmarked: dict[str, EarmarkedReserve] = Collection()
    # The reserves strategy: which reserves fund the gap, in order (earmarked ids and `general`);
    # none = the general reserve alone. Whether the general reserve may go below its minimum.
    gap_funding_order: list[Name] | None = Field(default=None, min_length=1, max_length=MAX_COLLECTION_ITEMS + 1)
    general_may_go_below_minimum: Flag = True
    interest_rate: param("pct_per_year", 0, 20) | None = None  # earned on each reserve's opening balance

    @model_validator(mode="after")
    def _order_names_reserves(self) -> Reserves:
        order = self.gap_funding_order
        if order is None:
            return self
        if not self.fund_gap_from_reserves:
            raise ValueError("gap_funding_order needs fund_gap_from_reserves: true (the gap is not funded from "
                             "reserves otherwise)")
        allowed = ["general", *self.earmarked]
        unknown = [key for key in order if key not in allowed]
        if unknown:
            raise ValueError(f"gap_funding_order: {shown(unknown[0])} is not a reserve; use earmarked reserve ids "
                             f"and 'general' ({', '.join(allowed)})")
        twice = sorted({key for key in order if order.count(key) > 1})
        if twice:
            raise ValueError(f"gap_funding_order names {shown(twice[0])} more than once")
        return self


# --- risk register and the risk-based general reserve (CIPFA LAAP Bulletin 99) -------------

RiskImpact = param("gbp_m", 0, 1_000, per_year=False)


class Risk(Strict):
    """A financial risk: its chance in a year and its cost if it happens (low / most likely / high).

    The source of the probability and impacts is each Param's source: a document, or `estimate`
    (the risk owner's estimate, named in `owner`), or `illustrative`.
    """

    name: Name
    category: Literal["pay", "funding", "operational", "pensions", "capital", "council_tax", "savings", "other"]
    probability: param("pct", 0, 100, per_year=False)  # chance it happens in a year
    impact_low: RiskImpact
    impact_most_likely: RiskImpact
    impact_high: RiskImpact
    owner: Name | None = None

    @model_validator(mode="after")
    def _impacts_in_order(self) -> Risk:
        low, mode, high = (self.impact_low.value, self.impact_most_likely.value, self.impact_high.value)
        if not low <= mode <= high:
            raise ValueError(f"impacts must be low <= most likely <= high (£m), got {low:g}, {mode:g}, {high:g}")
        return self


class RiskRegister(Strict):
    """The risk register simulated (seeded) to size the general reserve at a confidence level."""

    confidence_pct: float = Field(default=90.0, strict=True, ge=50, le=99.9, allow_inf_nan=False)
    draws: int = Field(default=100_000, strict=True, ge=1_000, le=1_000_000)
    seed: int = Field(default=2026, strict=True, ge=0, le=2**63 - 1)
    sampler: Literal["lhs", "sobol", "random"] = "lhs"
    risks: dict[str, Risk] = Field(min_length=1, max_length=MAX_COLLECTION_ITEMS)


# --- capital programme and financing (CIPFA Prudential Code 2021; MRP statutory guidance 2024) ---

# Capital amounts are money in the years given only (a mapping), or one amount every projected
# year (a single number): a scheme's spend in 2027/28 is not spent again in 2028/29.
CapitalAmount = param("gbp_m", 0, 5_000, kind="in_year")


class CapitalScheme(Strict):
    """A capital scheme: spend by year, asset life and the year the asset comes into use.

    No `in_use_year`: each year's spend comes into use in the year it is spent (a rolling
    programme: fleet, ICT refresh). MRP on the borrowing starts the year after it comes into use.
    """

    name: Name
    category: Literal["estates", "ict", "fleet", "equipment", "other"]
    spend: CapitalAmount
    asset_life: int = Field(strict=True, ge=1, le=100)  # years over which MRP is charged
    in_use_year: Name | None = None


class CapitalReserveDraw(Strict):
    """An earmarked reserve drawn to fund capital: the amount each year (limited to its balance)."""

    amount: CapitalAmount


class CapitalFunding(Strict):
    """How the programme is funded each year; prudential borrowing is the balance.

    `earmarked_reserves` maps an earmarked reserve id to its draw for capital.
    """

    capital_grant: CapitalAmount | None = None
    capital_receipts: CapitalAmount | None = None
    revenue_contributions: CapitalAmount | None = None
    earmarked_reserves: dict[str, CapitalReserveDraw] = Collection()


class Capital(Strict):
    """The capital programme, its funding, and the financing costs it puts in the revenue budget."""

    schemes: dict[str, CapitalScheme] = Collection()
    funding: CapitalFunding = CapitalFunding()
    mrp_policy: Literal["straight_line", "annuity"] = "straight_line"
    mrp_annuity_rate: param("pct", 0, 20, per_year=False) | None = None  # annuity MRP only
    interest_rate: param("pct_per_year", 0, 20)  # on new borrowing, on the year's average balance
    opening_cfr: MoneyBase  # capital financing requirement at the end of the base year
    existing_mrp: param("gbp_m", 0, 1_000)  # MRP a year on the opening CFR
    existing_debt: MoneyBase  # external debt at the end of the base year
    existing_interest: param("gbp_m", 0, 1_000)  # interest a year on the existing debt
    existing_debt_repaid: CapitalAmount | None = None  # existing loans repaid, in the years given

    @model_validator(mode="after")
    def _annuity_needs_rate(self) -> Capital:
        if self.mrp_policy == "annuity" and self.mrp_annuity_rate is None:
            raise ValueError("mrp_policy 'annuity' needs mrp_annuity_rate (the annuity rate, %)")
        return self


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
    # Where the old value came from (its source's title and link, 'illustrative' or 'an estimate'):
    # the published source an edit replaced stays in the log.
    old_source: Annotated[str, Field(max_length=2_000), AfterValidator(_plain_text)] | None = None

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
    capital: Capital | None = None
    risk_register: RiskRegister | None = None
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
        problems += precept_year_problems(self.precept, self.years)
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
            if groups is not None and item.get("group") is not None \
                    and item["group"] not in groups:
                problems.append(f"{path}.group: {shown(item['group'])} is not one of the groups {groups}")
    problems += _grant_condition_problems(data, years, groups)
    problems += _capital_cross_check(data, years)
    return problems


def _grant_condition_problems(data: dict, years: list[str], groups: list[str] | None) -> list[str]:
    """A conditional grant names existing workforce groups and a projected year to test from."""
    problems = []
    funding = data.get("funding") if isinstance(data.get("funding"), dict) else {}
    grants = funding.get("specific_grants") if isinstance(funding.get("specific_grants"), dict) else {}
    for key, grant in grants.items():
        condition = grant.get("condition") if isinstance(grant, dict) else None
        if not isinstance(condition, dict):
            continue
        path = f"funding.specific_grants.{key}.condition"
        tested = condition.get("tested_from")
        if tested is not None and tested not in years[1:]:
            problems.append(f"{path}.tested_from: {shown(tested)} must be a projected year, {years[1]} to {years[-1]}")
        named = condition.get("groups")
        if groups is not None and isinstance(named, list):
            unknown = [g for g in named if g not in groups]
            if unknown:
                problems.append(f"{path}.groups: {shown(unknown[0])} is not one of the groups {groups}")
    return problems


def _capital_cross_check(data: dict, years: list[str]) -> list[str]:
    """Capital: one capital financing route, years within the projection, reserves that exist,
    and funding no larger than the spend in any year (borrowing is the balance, never negative)."""
    capital = data.get("capital")
    non_pay = data.get("non_pay") if isinstance(data.get("non_pay"), dict) else {}
    typed = non_pay.get("capital_financing") is not None
    if not isinstance(capital, dict):
        return [] if typed or capital is not None else [
            "non_pay.capital_financing: required unless the scenario gives a capital programme (capital:)"]
    problems = []
    if typed:
        problems.append("non_pay.capital_financing: give capital financing either as this one line or as a capital "
                        "programme (capital:), not both (the programme's MRP, interest and revenue contributions "
                        "make the line)")
    projected = years[1:]

    def amounts(entry: Any, path: str) -> np.ndarray | None:
        # In-year amounts (file units) by projected year, or None if malformed (field errors say why).
        if not isinstance(entry, dict) or "value" not in entry:
            return None
        value = entry["value"]
        if isinstance(value, dict):
            if years[0] in value and value[years[0]]:
                problems.append(f"{path}: {years[0]} is the base year (actual); capital amounts are for the "
                                f"projected years {projected[0]} to {projected[-1]}")
            if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value.values()):
                return None
            return np.array([float(value.get(y, 0.0)) for y in projected])
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return np.full(len(projected), float(value))
        return None

    schemes = capital.get("schemes") if isinstance(capital.get("schemes"), dict) else {}
    spend = np.zeros(len(projected))
    for key, scheme in schemes.items():
        if not isinstance(scheme, dict):
            continue
        path = f"capital.schemes.{key}"
        row = amounts(scheme.get("spend"), f"{path}.spend")
        if row is not None:
            spend += row
        in_use = scheme.get("in_use_year")
        if in_use is not None and in_use not in projected:
            problems.append(f"{path}.in_use_year: {shown(in_use)} must be a projected year, {projected[0]} to {projected[-1]}")
    funding = capital.get("funding") if isinstance(capital.get("funding"), dict) else {}
    funded = np.zeros(len(projected))
    for source in ("capital_grant", "capital_receipts", "revenue_contributions"):
        row = amounts(funding.get(source), f"capital.funding.{source}")
        if row is not None:
            funded += row
    reserves = data.get("reserves") if isinstance(data.get("reserves"), dict) else {}
    earmarked = reserves.get("earmarked") if isinstance(reserves.get("earmarked"), dict) else {}
    draws = funding.get("earmarked_reserves") if isinstance(funding.get("earmarked_reserves"), dict) else {}
    for key, entry in draws.items():
        if key not in earmarked:
            problems.append(f"capital.funding.earmarked_reserves: {shown(key)} is not one of the earmarked reserves "
                            f"{sorted(earmarked)}")
        row = amounts(entry.get("amount") if isinstance(entry, dict) else None,
                      f"capital.funding.earmarked_reserves.{key}.amount")
        if row is not None:
            funded += row
    amounts(capital.get("existing_debt_repaid"), "capital.existing_debt_repaid")  # its base-year rule
    over = np.flatnonzero(funded > spend + 1e-9)
    if over.size:
        t = over[0]
        problems.append(f"capital.funding: in {projected[t]} the funding given (£{funded[t]:g}m) is more than the capital "
                        f"spend (£{spend[t]:g}m); borrowing is the balance and cannot be negative")
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
