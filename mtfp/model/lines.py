"""Every result line, declared once: key, label, unit, the line it rolls up into, where it shows.

`LINES` is the one table of what a projection produces. A key is literal ("total_funding")
or a pattern with one placeholder for a scenario id ("pay_{group}" -> pay_police_officers,
pay_police_staff...). `grep -rn 'pay_{group}'` finds the declaration and the line of the
projection that fills it; the expanded keys of each bundled scenario are listed in
tests/snapshots/<scenario>.csv (first column).

`parent` is the line this one rolls up into, with `sign` +1 (adds) or -1 (subtracts): the
control checks (mtfp.checks) derive "total = sum of its lines" from these declarations, not
from the code that computed the totals, so a line added to a total without being declared
(or declared under the wrong total) fails the master check.

Tables, exports, charts and the gap bridge read labels, units and sections from here.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from mtfp.model.inputs import Inputs

# Units of result lines (internal units: pounds, FTE, fractions).
# posts: headcount or FTE, as a grant condition measures it; years: how long reserves would last.
UNITS = ("gbp", "fte", "headcount", "fraction", "gbp_per_band_d", "gbp_per_fte", "band_d_equivalents", "flag",
         "posts", "years")

# The scenario collection each placeholder iterates over, with the words a message uses.
ID_KINDS = {
    "grant": "funding grant", "specific_grant": "specific grant", "group": "workforce group",
    "non_pay_line": "non-pay line", "growth_item": "growth item", "item": "savings item",
    "project": "collaboration project", "gain": "productivity gain", "reserve": "earmarked reserve",
    "authority": "billing authority",
    "scheme": "capital scheme",
}


@dataclass(frozen=True)
class LineSpec:
    """One declared result line (or one per scenario id, for a pattern key)."""

    key: str  # "total_funding", or a pattern "pay_{group}" (placeholder = an ID_KINDS key)
    label: str  # what a finance lead reads; "{name}" is the id's display name
    unit: str  # one of UNITS
    section: str  # where it is shown: the table/sheet section (see mtfp.results.SECTIONS)
    parent: str | None = None  # the line it rolls up into (checks: parent = sum of children x sign)
    sign: float = 1.0  # +1 adds to the parent, -1 is taken off it
    recurring: bool = True  # False: a one-off amount (in one year, not carried forward)
    kind: str | None = field(init=False, default=None)  # the placeholder: "group" for "pay_{group}"

    def __post_init__(self):
        found = re.search(r"\{(\w+)\}", self.key)
        object.__setattr__(self, "kind", found.group(1) if found else None)  # frozen: set once here

    def expand(self, ident: str) -> str:
        return self.key.replace("{" + self.kind + "}", ident) if self.kind else self.key


G, F = "gbp", "fte"
LINES: tuple[LineSpec, ...] = (
    # --- funding of the budget requirement: general grants, council-tax requirement, collection fund ---
    LineSpec("grant_{grant}", "{name}", G, "funding", parent="total_funding"),
    LineSpec("precept", "Council-tax requirement (precept)", G, "funding", parent="total_funding"),
    LineSpec("collection_fund", "Collection fund surplus/(deficit)", G, "funding", parent="total_funding", recurring=False),
    LineSpec("total_funding", "Total funding (general grants, council tax, collection fund)", G, "funding_total",
             parent="funding_gap", sign=-1.0),
    # --- precept ---
    LineSpec("tax_base", "Tax base", "band_d_equivalents", "precept"),
    LineSpec("band_d", "Band D precept", "gbp_per_band_d", "precept"),
    LineSpec("band_d_rise", "Band D rise", "gbp_per_band_d", "precept"),
    LineSpec("band_d_rise_pct", "Band D rise", "fraction", "precept"),
    LineSpec("band_d_rise_requested", "Band D rise requested", "gbp_per_band_d", "precept"),
    LineSpec("precept_capped", "Rise capped at referendum limit", "flag", "precept"),
    LineSpec("above_referendum_limit", "Rise above limit (referendum held)", "flag", "precept"),
    # --- ring-fenced and conditional grants (funding.specific_grants: ring_fenced_to, condition) ---
    LineSpec("ring_fenced_spending_{specific_grant}", "Ring-fenced spending: {name}", G, "spending",
             parent="total_spending"),
    LineSpec("grant_tested_{specific_grant}", "{name}: workforce tested", "posts", "grant_conditions"),
    LineSpec("grant_target_{specific_grant}", "{name}: workforce target", "posts", "grant_conditions"),
    LineSpec("grant_target_share_{specific_grant}", "{name}: share of target achieved", "fraction", "grant_conditions"),
    LineSpec("grant_paid_share_{specific_grant}", "{name}: share of grant paid", "fraction", "grant_conditions"),
    LineSpec("grant_withheld_{specific_grant}", "{name}: grant withheld", G, "grant_conditions"),
    # --- billing authorities (precept.billing_authorities) ---
    LineSpec("authority_tax_base_{authority}", "Tax base: {name}", "band_d_equivalents", "billing_authorities"),
    LineSpec("authority_precept_{authority}", "Precept: {name}", G, "billing_authorities"),
    LineSpec("authority_collection_fund_{authority}", "Collection fund: {name}", G, "billing_authorities"),
    # --- workforce and pay ---
    LineSpec("pay_{group}", "Pay: {name}", G, "spending", parent="total_spending"),
    LineSpec("overtime_{group}", "Overtime: {name}", G, "spending", parent="total_spending"),
    LineSpec("fte_{group}", "FTE: {name}", F, "workforce"),
    LineSpec("fte_average_{group}", "Average FTE: {name}", F, "workforce_detail"),
    LineSpec("headcount_{group}", "Headcount: {name}", "headcount", "workforce_detail"),
    LineSpec("leavers_{group}", "Leavers: {name}", F, "workforce_detail"),
    LineSpec("recruits_{group}", "Recruits: {name}", F, "workforce_detail"),
    LineSpec("redundancies_{group}", "Redundancies: {name}", F, "workforce_detail"),
    LineSpec("reduction_required_{group}", "Reduction asked for (incl. carried forward): {name}", F,
             "workforce_detail"),
    LineSpec("reduction_deferred_{group}", "Reduction carried forward (not met by attrition): {name}", F,
             "workforce_detail"),
    LineSpec("vacancies_{group}", "Vacancies (average FTE unfilled): {name}", F, "workforce_detail"),
    LineSpec("fte_opening_{group}", "Opening FTE: {name}", F, "workforce_detail"),
    LineSpec("salary_{group}", "Average salary: {name}", "gbp_per_fte", "workforce_detail"),
    LineSpec("cost_per_fte_{group}", "Employer cost per FTE: {name}", "gbp_per_fte", "workforce_detail"),
    LineSpec("apprenticeship_levy", "Apprenticeship levy", G, "spending", parent="total_spending"),
    # --- non-pay ---
    LineSpec("non_pay_{non_pay_line}", "{name}", G, "spending", parent="total_spending"),
    LineSpec("growth_{growth_item}", "Growth: {name}", G, "spending", parent="total_spending"),
    LineSpec("capital_financing", "Capital financing", G, "spending", parent="total_spending"),
    LineSpec("total_spending", "Total spending (before savings and one-off costs)", G, "spending_total",
             parent="net_revenue_expenditure"),
    # --- savings and collaboration ---
    LineSpec("saving_planned_{item}", "{name} (planned)", G, "savings_items", parent="savings_planned"),
    LineSpec("saving_risk_adjusted_{item}", "{name} (risk-adjusted)", G, "savings_items", parent="savings_risk_adjusted"),
    LineSpec("collaboration_planned_{project}", "{name} (planned benefit)", G, "collaboration", parent="savings_planned"),
    LineSpec("collaboration_risk_adjusted_{project}", "{name} (risk-adjusted)", G, "collaboration",
             parent="savings_risk_adjusted"),
    LineSpec("saving_realised_{item}", "{name} (realised)", G, "savings_items"),
    LineSpec("saving_variance_{item}", "{name} (realised less planned)", G, "savings_items"),
    LineSpec("collaboration_realised_{project}", "{name} (realised benefit)", G, "collaboration"),
    LineSpec("collaboration_variance_{project}", "{name} (realised less planned)", G, "collaboration"),
    LineSpec("recharge_planned_{project}", "{name}: recharge income from partners (planned)", G, "collaboration",
             parent="savings_planned"),
    LineSpec("recharge_income_{project}", "{name}: recharge income from partners (in the gap)", G, "collaboration"),
    LineSpec("recharge_shortfall_{project}", "{name}: recharge income short of plan", G, "collaboration"),
    LineSpec("capacity_fte_{gain}", "{name} (FTE capacity, non-cashable)", F, "productivity"),
    LineSpec("savings_fte_{group}", "Posts removed by savings: {name}", F, "savings_detail"),
    LineSpec("fte_after_savings_{group}", "FTE after savings posts: {name}", F, "savings_detail"),
    LineSpec("savings_planned", "Savings planned", G, "savings"),
    LineSpec("savings_risk_adjusted", "Savings risk-adjusted", G, "savings"),
    LineSpec("savings_variance", "Savings realised less planned (years recorded)", G, "savings"),
    LineSpec("savings_delivered", "Savings delivered (in gap)", G, "savings_total", parent="net_revenue_expenditure",
             sign=-1.0),
    LineSpec("savings_pay", "Savings: pay", G, "savings_detail", parent="savings_delivered"),
    LineSpec("savings_non_pay", "Savings: non-pay", G, "savings_detail", parent="savings_delivered"),
    LineSpec("savings_income", "Savings: income", G, "savings_detail", parent="savings_delivered"),
    # --- one-off costs ---
    LineSpec("redundancy_cost_{group}", "Redundancy costs: {name}", G, "one_off", parent="one_off_costs", recurring=False),
    LineSpec("savings_one_off_costs", "Savings one-off costs", G, "one_off", parent="one_off_costs", recurring=False),
    LineSpec("collaboration_one_off_costs", "Collaboration implementation (our share)", G, "one_off",
             parent="one_off_costs", recurring=False),
    LineSpec("one_off_costs", "One-off costs", G, "budget", parent="net_revenue_expenditure", recurring=False),
    # --- specific grants and income, net revenue expenditure, reserves, the budget requirement ---
    LineSpec("specific_grant_{specific_grant}", "{name}", G, "income", parent="specific_grants_and_income"),
    LineSpec("other_income", "Other income", G, "income", parent="specific_grants_and_income"),
    LineSpec("specific_grants_and_income", "Specific grants and other income", G, "income_total",
             parent="net_revenue_expenditure", sign=-1.0),
    LineSpec("net_revenue_expenditure", "Net revenue expenditure", G, "budget", parent="budget_requirement"),
    LineSpec("contributions_to_reserves", "Contributions to reserves", G, "budget", parent="budget_requirement",
             recurring=False),
    LineSpec("use_of_earmarked_reserves", "Use of earmarked reserves", G, "budget", parent="budget_requirement",
             sign=-1.0, recurring=False),
    LineSpec("budget_requirement", "Budget requirement", G, "budget", parent="funding_gap"),
    # --- the gap: recurring (structural) gap, then one-off items and reserve movements below it ---
    LineSpec("recurring_gap", "Recurring (structural) gap, before one-offs and reserves", G, "gap"),
    LineSpec("incremental_recurring_gap", "New recurring savings needed in year", G, "gap"),
    LineSpec("one_off_items", "One-off items (one-off costs less one-off income)", G, "gap", recurring=False),
    LineSpec("reserve_movements", "Contributions to less use of earmarked reserves", G, "gap", recurring=False),
    LineSpec("funding_gap", "Gap after one-offs and reserves (met from general reserve)", G, "gap"),
    LineSpec("cumulative_gap", "Cumulative gap after one-offs and reserves", G, "gap"),
    # --- reserves ---
    LineSpec("general_reserve_opening", "General reserve opening", G, "reserves_detail"),
    LineSpec("gap_funded_from_reserves", "Gap funded from general reserve", G, "reserves_detail"),
    LineSpec("general_contributions", "Contributions to general reserve", G, "reserves_detail"),
    LineSpec("general_reserve_closing", "General reserve closing", G, "reserves", parent="total_reserves_closing"),
    LineSpec("minimum_general_reserve", "Minimum general reserve", G, "reserves"),
    LineSpec("earmarked_opening_{reserve}", "{name} opening", G, "reserves_detail"),
    LineSpec("earmarked_used_{reserve}", "{name} used", G, "reserves_detail"),
    LineSpec("earmarked_contributions_{reserve}", "{name} contributions", G, "reserves_detail"),
    LineSpec("earmarked_closing_{reserve}", "{name} closing", G, "reserves_detail", parent="earmarked_reserves_closing"),
    LineSpec("earmarked_reserves_closing", "Earmarked reserves closing", G, "reserves", parent="total_reserves_closing"),
    LineSpec("total_reserves_closing", "Total reserves closing", G, "reserves"),
    # --- reserves strategy and resilience ---
    LineSpec("earmarked_gap_funding_{reserve}", "{name} used to fund the gap", G, "reserves_detail"),
    LineSpec("earmarked_interest_{reserve}", "{name} interest earned", G, "reserves_detail"),
    LineSpec("general_interest", "General reserve interest earned", G, "reserves_detail"),
    LineSpec("gap_unfunded", "Gap not funded from reserves", G, "reserves_detail"),
    LineSpec("reserves_pct_of_net_revenue_expenditure", "Usable reserves as % of net revenue expenditure", "fraction",
             "reserves"),
    LineSpec("reserves_years_cover", "Years usable reserves would last at this year's draw", "years", "reserves"),
    # --- capital programme and financing (only when the scenario gives a programme) ---
    LineSpec("capital_spend_{scheme}", "{name}", G, "capital_programme", parent="capital_spend"),
    LineSpec("capital_spend", "Capital programme", G, "capital_programme"),
    LineSpec("capital_funded_grant", "Funded by capital grant", G, "capital_funding", parent="capital_funding"),
    LineSpec("capital_funded_receipts", "Funded by capital receipts", G, "capital_funding", parent="capital_funding"),
    LineSpec("capital_funded_revenue", "Funded by revenue contributions", G, "capital_funding",
             parent="capital_funding"),
    LineSpec("capital_funded_reserves", "Funded by earmarked reserves", G, "capital_funding", parent="capital_funding"),
    LineSpec("earmarked_capital_use_{reserve}", "{name} used for capital", G, "reserves_detail",
             parent="capital_funded_reserves"),
    LineSpec("capital_funded_borrowing", "Funded by prudential borrowing", G, "capital_funding",
             parent="capital_funding"),
    LineSpec("capital_funding", "Capital funding", G, "capital_funding"),
    LineSpec("cfr_opening", "Capital financing requirement opening", G, "capital_cfr"),
    LineSpec("mrp_existing", "MRP on the opening CFR", G, "capital_cfr", parent="mrp"),
    LineSpec("mrp_new", "MRP on new borrowing", G, "capital_cfr", parent="mrp"),
    LineSpec("mrp", "Minimum Revenue Provision", G, "capital_cfr", parent="capital_financing_costs"),
    LineSpec("cfr_closing", "Capital financing requirement closing", G, "capital_cfr"),
    LineSpec("interest_existing", "Interest on existing debt", G, "capital_cfr", parent="capital_interest"),
    LineSpec("interest_new", "Interest on new borrowing", G, "capital_cfr", parent="capital_interest"),
    LineSpec("capital_interest", "Interest payable", G, "capital_cfr", parent="capital_financing_costs"),
    LineSpec("capital_financing_costs", "Financing costs (MRP + interest)", G, "capital_cfr"),
    LineSpec("external_debt", "External debt closing", G, "capital_cfr"),
    LineSpec("internal_borrowing", "Internal borrowing (CFR less external debt)", G, "capital_cfr"),
    LineSpec("net_revenue_stream", "Net revenue stream (grants and council tax)", G, "capital_cfr"),
    LineSpec("financing_costs_pct_of_net_revenue_stream", "Financing costs as % of net revenue stream", "fraction",
             "capital_cfr"),
    # --- key figures ---
    LineSpec("officer_post_equivalent", "Recurring gap in officer posts", F, "key"),
    LineSpec("gap_pct_of_net_budget", "Recurring gap as % of net revenue expenditure", "fraction", "key"),
    LineSpec("new_savings_in_year", "New cashable savings in year", G, "key"),
    LineSpec("cashable_savings_pct", "New cashable savings as % of net revenue expenditure", "fraction", "key"),
    LineSpec("savings_target", "Savings target", G, "key"),
    LineSpec("savings_against_target", "Savings against target", "fraction", "key"),
)
del G, F

SPECS: dict[str, LineSpec] = {spec.key: spec for spec in LINES}
# Totals with at least one declared child: each is checked as the signed sum of its children.
ROLLUPS: tuple[str, ...] = tuple(dict.fromkeys(spec.parent for spec in LINES if spec.parent))


def ids_by_kind(scenario) -> dict[str, list[str]]:
    """The scenario's ids for every placeholder of ID_KINDS (e.g. "group" -> its workforce groups)."""
    return {
        "grant": list(scenario.funding.grants), "specific_grant": list(scenario.funding.specific_grants),
        "group": list(scenario.workforce.groups), "non_pay_line": list(scenario.non_pay.lines),
        "growth_item": list(scenario.non_pay.growth_items), "item": list(scenario.savings.items),
        "project": list(scenario.savings.collaboration), "gain": list(scenario.savings.productivity),
        "reserve": list(scenario.reserves.earmarked),
        "authority": list(scenario.precept.billing_authorities),
        "scheme": list(scenario.capital.schemes) if scenario.capital is not None else [],
    }


def colliding_keys(ids: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """Result keys two declarations would both produce, each with what produces it.

    `ids` maps a placeholder kind ("group") to the scenario's ids of that kind. A workforce
    group `staff` and a group `average_staff` both make `fte_average_staff` (from
    "fte_average_{group}" and "fte_{group}"): that key maps to both, so a caller can refuse
    the scenario naming both ids. Empty when every key is distinct.
    """
    made: dict[str, list[str]] = {}
    for spec in LINES:
        if spec.kind is None:
            made.setdefault(spec.key, []).append(f"the line {spec.key}")
            continue
        for ident in ids.get(spec.kind, ()):
            made.setdefault(spec.expand(ident), []).append(f"{ID_KINDS[spec.kind]} {ident!r} ({spec.key})")
    return {key: sources for key, sources in made.items() if len(sources) > 1}


def collision_problems(ids: Mapping[str, Iterable[str]]) -> list[str]:
    """One readable message per colliding result key (for ScenarioError)."""
    return [f"result line {key!r} would be made twice, by {' and by '.join(sources)}: rename one of the ids"
            for key, sources in colliding_keys(ids).items()]


@dataclass(slots=True)  # slots: ~100 lines are made on every projection
class Line:
    key: str
    label: str
    unit: str
    section: str
    values: np.ndarray  # (S, T)
    spec: LineSpec


@dataclass(frozen=True)
class PlanWarning:
    """Something the plan asks for that the projection cannot deliver as asked, raised in each
    year (and draw) where `line` is positive; mtfp.results.warnings words it by `kind`.

    kind "reduction_deferred": a reduction attrition could not deliver in a group that cannot
    be made redundant (line reduction_deferred_<group>, name = the group's name).
    """

    kind: str
    line: str  # the result line whose positive values raise it
    name: str  # what it is about, as a finance reader knows it (a group's name)


@dataclass
class Projection:
    """Every result line of one or many scenarios, plus events, warnings and the control checks."""

    inputs: Inputs
    years: list[str]
    size: int
    lines: dict[str, Line] = field(default_factory=dict)
    events: dict[str, np.ndarray] = field(default_factory=dict)  # (S,) year index or -1
    warnings: list[PlanWarning] = field(default_factory=list)  # read through mtfp.results.warnings
    checks: dict[str, float] = field(default_factory=dict)

    def __post_init__(self):
        self.n_years = len(self.years)
        self._line_shape = (self.size, self.n_years)
        self._children: dict[str, list[str]] = {}  # declared parent -> keys of its lines, in order

    @property
    def scenario(self):
        return self.inputs.scenario

    def __getitem__(self, key: str) -> np.ndarray:
        return self.lines[key].values

    def __iter__(self):
        """The keys of the lines kept (a projection reads like a mapping of lines)."""
        return iter(self.lines)

    def __contains__(self, key: str) -> bool:
        return key in self.lines

    def add(self, pattern: str, values, *, id: str | None = None, name: str = "") -> np.ndarray:
        """Fill the declared line `pattern` (for the scenario id `id` if it is a pattern).

        `name` is the id's display name, put into the declared label. Returns the (S, T) values.
        """
        spec = SPECS[pattern]
        key = spec.expand(id) if spec.kind else pattern
        values = np.asarray(values, dtype=float)
        if values.shape != self._line_shape:
            values = np.broadcast_to(values, self._line_shape)
        label = spec.label.replace("{name}", name) if spec.kind else spec.label
        if key not in self.lines and spec.parent:
            self._children.setdefault(spec.parent, []).append(key)
        self.lines[key] = Line(key, label, spec.unit, spec.section, values, spec)
        return values

    def keys(self, section: str) -> list[str]:
        return [k for k, line in self.lines.items() if line.section == section]

    def children(self, total: str) -> list[str]:
        """Keys of the lines declared to roll up into `total`, in projection order."""
        return list(self._children.get(total, ()))

    @property
    def totals(self) -> dict[str, list[str]]:
        """Each declared total -> its child lines (from the declarations in LINES)."""
        return {total: self.children(total) for total in ROLLUPS}

    def master_check(self) -> bool:
        """True when every control check holds within tolerance (over every draw)."""
        from mtfp.checks import master_check  # checks read projections: imported when asked

        return master_check(self.checks)

    def worst_check(self) -> tuple[str, float, str]:
        """(check, largest error over every draw, unit) of the check nearest to failing."""
        from mtfp.checks import worst_check

        return worst_check(self.checks)

    def event_year(self, name: str, draw: int = 0) -> str | None:
        """Year label of an event (e.g. 'minimum_breached') for one draw, or None."""
        index = int(self.events[name][draw])
        return None if index < 0 else self.years[index]
