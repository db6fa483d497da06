"""National rules by year (England, Wales), and how a scenario inherits them.

The package ships one table per nation (mtfp/data/national/<nation>.yaml) giving, for every
financial year 2010/11 to 2030/31, the precept referendum principle, employer NI rate and
secondary threshold, apprenticeship levy rate and allowance, police officer employer pension
rate, headline officer and staff pay awards and the GDP deflator. Every figure names its
source or carries an explicit assumption label.

A scenario says `nation: england | wales` (default england) and inherits every national
figure it does not set itself: `inherit_national` fills the scenario mapping before it is
validated, marking each inherited figure `basis: national` with its source. Any figure the
scenario sets is the force's own and is left alone.
"""
from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from mtfp import timeline
from mtfp.data import data_path
from mtfp.scenario.params import FIRST_BASE_YEAR, LAST_BASE_YEAR, MAX_PROJECTED_YEARS
from mtfp.scenario.paths import iter_params

NATIONS = ("england", "wales")
FIRST_YEAR, LAST_YEAR = "2010/11", "2030/31"
# Which national pay and pension rules a workforce group follows (WorkforceGroup.pay_scheme).
PAY_SCHEMES = ("police_officers", "police_staff", "own")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class NationalSource(_Strict):
    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    date: str = Field(min_length=4)
    url: str = Field(pattern=r"^https?://")


class Figure(_Strict):
    """One national figure for one year: a value with a source key or an assumption label."""

    value: float | None
    kind: Literal["pct", "gbp", "none"] | None = None  # referendum principle and pay awards
    equal_allowed: bool | None = None  # referendum: is a rise exactly equal to the principle allowed?
    month: int | None = Field(default=None, ge=1, le=12)  # pay awards: effective on the 1st of
    pct_equivalent: float | None = None  # a flat £ award as % of pay, used where a scenario needs %
    source: str | None = None
    assumption: str | None = Field(default=None, min_length=10)
    note: str | None = None

    @model_validator(mode="after")
    def _sourced(self) -> Figure:
        if (self.source is None) == (self.assumption is None):
            raise ValueError("a national figure needs exactly one of source (a key of `sources`) or assumption (its basis)")
        return self


class YearRules(_Strict):
    referendum_principle: Figure
    employer_ni_rate: Figure
    ni_threshold: Figure
    apprenticeship_levy_rate: Figure
    apprenticeship_levy_allowance: Figure
    officer_pension_rate: Figure
    officer_pay_award: Figure
    staff_pay_award: Figure
    gdp_deflator: Figure


class NationalRules(_Strict):
    nation: Literal["england", "wales"]
    name: str
    sources: dict[str, NationalSource]
    years: dict[str, YearRules]

    @model_validator(mode="after")
    def _complete(self) -> NationalRules:
        expected = timeline.year_labels(FIRST_YEAR, timeline.parse_year(LAST_YEAR) - timeline.parse_year(FIRST_YEAR))
        if list(self.years) != expected:
            raise ValueError(f"the table must give every year {FIRST_YEAR} to {LAST_YEAR} in order")
        for year, rules in self.years.items():
            for name, figure in rules:
                if figure.source is not None and figure.source not in self.sources:
                    raise ValueError(f"{year} {name}: source {figure.source!r} is not one of the table's sources")
            principle = rules.referendum_principle
            if principle.kind is None or (principle.kind == "none") != (principle.value is None):
                raise ValueError(f"{year} referendum_principle: kind pct/gbp needs a value, kind none needs value null")
            if principle.kind != "none" and principle.equal_allowed is None:
                raise ValueError(f"{year} referendum_principle: say whether a rise equal to it is allowed (equal_allowed)")
        return self

    def figure(self, year: str, name: str) -> Figure:
        """The figure for `year`, or for the nearest year of the table (plans reaching past it)."""
        first, last = timeline.parse_year(FIRST_YEAR), timeline.parse_year(LAST_YEAR)
        clamped = timeline.year_label(min(max(timeline.parse_year(year), first), last))
        return getattr(self.years[clamped], name)

    def provenance(self, year: str, name: str) -> str:
        """'<title>, <publisher>, <date>' or 'assumption: <basis>' for one figure."""
        f = self.figure(year, name)
        if f.assumption is not None:
            return f"assumption: {f.assumption}"
        s = self.sources[f.source]
        return f"{s.title}, {s.publisher}, {s.date}"


@lru_cache(maxsize=len(NATIONS))
def load_rules(nation: str) -> NationalRules:
    """The national rules table shipped with the package for `nation` (england or wales)."""
    if nation not in NATIONS:
        raise ValueError(f"nation {nation!r} is not one of {list(NATIONS)}")
    text = data_path("national", f"{nation}.yaml").read_text(encoding="utf-8")
    return NationalRules.model_validate(yaml.safe_load(text))


# --- inheritance: filling a scenario mapping before it is validated ---------------------------

LABELS = {
    "gdp_deflator": "GDP deflator",
    "referendum_principle": "Precept referendum principle",
    "employer_ni_rate": "Employer NI rate",
    "ni_threshold": "Employer NI secondary threshold",
    "apprenticeship_levy_rate": "Apprenticeship levy rate",
    "apprenticeship_levy_allowance": "Apprenticeship levy allowance",
    "officer_pension_rate": "Police officer employer pension rate",
    "officer_pay_award": "Police officer pay award",
    "staff_pay_award": "Police staff pay award",
}


def _years(data: dict) -> list[str] | None:
    """The plan's years, or None when base_year or projected_years is not valid (the schema says
    what is wrong with them; nothing is inherited for a plan whose years are unknown)."""
    base, count = data.get("base_year"), data.get("projected_years")
    if not isinstance(base, str) or type(count) is not int or not 1 <= count <= MAX_PROJECTED_YEARS:
        return None
    try:
        start = timeline.parse_year(base)
    except ValueError:
        return None
    if not FIRST_BASE_YEAR <= start <= LAST_BASE_YEAR:
        return None
    return timeline.year_labels(base, count)


def _param(rules: NationalRules, name: str, years: list[str], values: dict[str, float | None]) -> dict:
    """A Param mapping for an inherited figure: the values by year, the table's sources, basis national."""
    spans: list[list] = []  # [first year, last year, provenance], consecutive years with the same provenance
    for year in years:
        text = rules.provenance(year, name)
        if spans and spans[-1][2] == text:
            spans[-1][1] = year
        else:
            spans.append([year, year, text])
    note = "; ".join(f"{a if a == b else f'{a} to {b}'}: {text}" for a, b, text in spans)
    sourced = [rules.figure(y, name).source for y in years if rules.figure(y, name).source is not None]
    source: dict[str, str] = {"title": f"National rules for {rules.name}: {LABELS[name]}"}
    if sourced:
        source["url"] = rules.sources[sourced[-1]].url  # the latest year's published source
    source["document"] = f"mtfp national rules table, {rules.nation}.yaml ({years[0]} to {years[-1]})"
    return {"value": values, "source": source, "basis": "national", "note": note}


def _values(rules: NationalRules, name: str, years: list[str], scale: float = 1.0) -> dict[str, float | None]:
    out = {}
    for year in years:
        f = rules.figure(year, name)
        value = f.pct_equivalent if f.kind == "gbp" and name.endswith("pay_award") else f.value
        out[year] = None if value is None else value * scale
    return out


def default_pay_scheme(group_id: str, officer_group: str) -> str:
    """Officers follow the PRRB award and officer pension; every other group the Police Staff Council award."""
    return "police_officers" if group_id == officer_group else "police_staff"


def inherit_national(data: Any) -> Any:
    """The scenario mapping with every national figure it does not set filled from its nation's table.

    Only fields absent from the mapping are filled; a figure the scenario gives is its own.
    Anything malformed is left for validation to report. Inherited figures carry
    `basis: national`, a source naming the table's sources and a note giving each year's source
    or assumption.
    """
    if not isinstance(data, dict):
        return data
    nation = data.get("nation", "england")
    years = _years(data)
    if not isinstance(nation, str):
        return data
    if nation not in NATIONS or years is None:
        return data
    rules = load_rules(nation)
    out = copy.deepcopy(data)

    def fill(node: Any, key: str, name: str, scale: float = 1.0) -> None:
        if isinstance(node, dict) and key not in node:
            node[key] = _param(rules, name, years, _values(rules, name, years, scale))

    fill(out, "gdp_deflator", "gdp_deflator")
    precept = out.get("precept")
    if isinstance(precept, dict) and "referendum_limit_pct" not in precept and "referendum_limit_gbp" not in precept:
        pct, gbp = {}, {}
        for year in years:
            f = rules.figure(year, "referendum_principle")
            pct[year] = f.value if f.kind == "pct" else None
            gbp[year] = f.value if f.kind == "gbp" else None
        for key, values in (("referendum_limit_pct", pct), ("referendum_limit_gbp", gbp)):
            if any(v is not None for v in values.values()) or key == "referendum_limit_gbp":
                precept[key] = _param(rules, "referendum_principle", years, values)
    workforce = out.get("workforce")
    if not isinstance(workforce, dict):
        return out
    fill(workforce, "apprenticeship_levy_rate", "apprenticeship_levy_rate")
    if isinstance(workforce, dict) and "apprenticeship_levy_allowance" not in workforce:
        # A single figure in the schema: the allowance in the plan's last year (it has been £15,000
        # whenever the levy has been charged), in £m.
        allowance = _param(rules, "apprenticeship_levy_allowance", years, {})
        allowance["value"] = rules.figure(years[-1], "apprenticeship_levy_allowance").value / 1e6
        workforce["apprenticeship_levy_allowance"] = allowance
    groups = workforce.get("groups")
    officer_group = workforce.get("officer_group", "police_officers")
    for group_id, group in (groups.items() if isinstance(groups, dict) else []):
        if not isinstance(group, dict):
            continue
        scheme = group.get("pay_scheme") or default_pay_scheme(str(group_id), str(officer_group))
        fill(group, "employer_ni_rate", "employer_ni_rate")
        fill(group, "ni_threshold", "ni_threshold")
        if scheme == "police_officers":
            fill(group, "employer_pension_rate", "officer_pension_rate")
        if scheme != "own" and "pay_award_pct" not in group and "pay_award_gbp" not in group:
            fill(group, "pay_award_pct", "officer_pay_award" if scheme == "police_officers" else "staff_pay_award")
    return out


# --- which figures are national defaults, which are estimates awaiting a force's own figure ---

def basis_of(param) -> str:
    """'national' (inherited from the table), 'estimate' (a placeholder awaiting the force's
    figure) or 'force' (the force's own figure, sourced or illustrative)."""
    if getattr(param, "basis", None) == "national":
        return "national"
    if getattr(param, "basis", None) == "estimate" or param.source == "estimate":
        return "estimate"
    return "force"


def figures_by_basis(scenario) -> dict[str, list[str]]:
    """Field paths of the scenario's assumptions grouped by basis_of()."""
    groups: dict[str, list[str]] = {"national": [], "estimate": [], "force": []}
    for path, p in iter_params(scenario):
        groups[basis_of(p)].append(path)
    return groups


def incomplete_message(scenario) -> str | None:
    """'The plan is incomplete: ...' when any figure is still an estimate awaiting the force's
    own (a placeholder from `mtfp new` or a blank workbook row); None when there is none."""
    estimates = figures_by_basis(scenario)["estimate"]
    if not estimates:
        return None
    return (f"the plan is incomplete: {len(estimates)} figures are estimates awaiting your force's figure "
            f"(`mtfp validate FILE` lists them)")


def nation_name(scenario) -> str:
    return load_rules(getattr(scenario, "nation", "england") or "england").name


# --- the referendum rule, exactly ---------------------------------------------------------------

__all__ = ["NATIONS", "PAY_SCHEMES", "NationalRules", "Figure", "load_rules", "inherit_national", "basis_of",
           "figures_by_basis", "default_pay_scheme"]
