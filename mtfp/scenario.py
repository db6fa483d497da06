"""The scenario file: a pydantic schema, a safe and strict loader with `extends`, atomic save.

Every number in a scenario is an *assumption*: a value in the units the schema gives for
that field (money in £m, rates in %), plus a source (title and url or document) or the
word `illustrative`. A value is one number for every year or a mapping from year label
("2016/17") to value; years missing from a mapping keep the latest earlier value.
Unknown keys are errors: a mistyped key must never be silently ignored.
"""
from __future__ import annotations

import copy
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from mtfp import timeline
from mtfp.files import write_atomic
from mtfp.units import unit_label

SCHEMA_VERSION = 1
MAX_PROJECTED_YEARS = 10


class ScenarioError(Exception):
    """Invalid scenario input. `problems` lists one readable message per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Source(Strict):
    """Where a number comes from: a title and a url or a document reference."""

    title: str = Field(min_length=1)
    url: str | None = None
    document: str | None = None

    @model_validator(mode="after")
    def _url_or_document(self) -> Source:
        if not (self.url or self.document):
            raise ValueError("a source needs a url or a document as well as a title")
        return self


YearValues = float | dict[str, float | None]


class Distribution(Strict):
    """How uncertain an assumption is, in the field's own file units (%, £m...).

    uniform: any value from `low` to `high` equally likely; triangular: `low`, most likely
    `mode`, `high`; normal: `low` and `high` are the 80% interval (P10 and P90), draws are
    clipped to the field's allowed range. A draw replaces the value in every projected year
    (a base-year amount such as Band D or FTE: the base-year figure itself).
    """

    kind: Literal["uniform", "triangular", "normal"]
    low: float
    high: float
    mode: float | None = None

    @model_validator(mode="after")
    def _shape(self) -> Distribution:
        if self.low > self.high:
            raise ValueError(f"distribution low {self.low:g} is above high {self.high:g}")
        if self.kind == "triangular" and (self.mode is None or not self.low <= self.mode <= self.high):
            raise ValueError("a triangular distribution needs a mode between low and high")
        if self.kind != "triangular" and self.mode is not None:
            raise ValueError(f"mode is only used by a triangular distribution, not {self.kind}")
        return self


class Param(Strict):
    """A numeric assumption: value (file units), source or 'illustrative', optional note.

    Subclasses made by `param()` fix the unit, the allowed range and whether the value may
    vary by year. The unit is a property of the field, not of the file, so a file cannot
    say "rates in fractions" by mistake.
    """

    UNIT: ClassVar[str] = "pct"
    LOW: ClassVar[float] = float("-inf")
    HIGH: ClassVar[float] = float("inf")
    PER_YEAR: ClassVar[bool] = True
    NULLABLE: ClassVar[bool] = False

    value: YearValues
    source: Source | Literal["illustrative"]
    note: str | None = None
    distribution: Distribution | None = None  # for Monte Carlo (mtfp.analysis)

    @model_validator(mode="after")
    def _distribution_in_range(self) -> Param:
        d = self.distribution
        if d is not None:
            allowed = f"{self.LOW:g} to {self.HIGH:g} {unit_label(self.UNIT)}"
            for name, number in (("low", d.low), ("high", d.high), ("mode", d.mode)):
                if number is not None and not self.LOW <= number <= self.HIGH:
                    raise ValueError(f"distribution {name} {number:g} is outside the allowed range {allowed}")
        return self

    @field_validator("value", mode="before")
    @classmethod
    def _check_value(cls, value: Any) -> Any:
        allowed = f"{cls.LOW:g} to {cls.HIGH:g} {unit_label(cls.UNIT)}"
        if isinstance(value, bool):
            raise ValueError(f"expected a number ({allowed}), got {value!r}")
        if isinstance(value, dict):
            if not cls.PER_YEAR:
                raise ValueError("this assumption is a single base-year figure, not a value per year")
            if not value:
                raise ValueError("a per-year mapping needs at least one year")
            for year, number in value.items():
                timeline.parse_year(str(year))
                if number is None and cls.NULLABLE:
                    continue
                cls._check_number(number, allowed, f" for {year}")
            return {str(k): (None if v is None else float(v)) for k, v in value.items()}
        cls._check_number(value, allowed, "")
        return float(value)

    @classmethod
    def _check_number(cls, number: Any, allowed: str, where: str) -> None:
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            raise ValueError(f"expected a number{where} ({allowed}), got {number!r}")
        if number != number or not cls.LOW <= number <= cls.HIGH:
            raise ValueError(f"{number:g}{where} is outside the allowed range {allowed}")

    def year_keys(self) -> list[str]:
        return list(self.value) if isinstance(self.value, dict) else []


_PARAM_TYPES: dict[tuple, type[Param]] = {}


def param(unit: str, low: float, high: float, per_year: bool = True, nullable: bool = False) -> type[Param]:
    """A Param type with a fixed unit and allowed range (cached so schemas stay small)."""
    key = (unit, low, high, per_year, nullable)
    if key not in _PARAM_TYPES:
        name = f"Param_{unit}_{abs(hash(key)) % 10_000}"
        _PARAM_TYPES[key] = type(
            name, (Param,), {"UNIT": unit, "LOW": low, "HIGH": high, "PER_YEAR": per_year, "NULLABLE": nullable}
        )
    return _PARAM_TYPES[key]


# The field types, named by what they hold.
MoneyBase = param("gbp_m", 0, 5_000, per_year=False)  # a base-year amount
MoneyPath = param("gbp_m", -1_000, 5_000)  # an amount each year
RatePerYear = param("pct_per_year", -50, 100)
Rate = param("pct", 0, 100)
Share = param("pct", 0, 100, per_year=False)
FteBase = param("fte", 0, 100_000, per_year=False)
FtePath = param("fte", 0, 100_000)
SalaryBase = param("gbp_per_fte", 1_000, 500_000, per_year=False)
CostPerFte = param("gbp_per_fte", 0, 1_000_000, per_year=False)
PerFtePath = param("gbp_per_fte", -50_000, 100_000)


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
        problems = cross_check(self)
        if problems:
            raise ValueError("; ".join(problems))
        return self


def cross_check(scenario: Scenario) -> list[str]:
    """Rules that span fields: year labels within the plan, references to groups exist."""
    years = scenario.years
    problems = []
    for path, p in iter_params(scenario):
        outside = [y for y in p.year_keys() if y not in years]
        if outside:
            problems.append(f"{path}: year {outside[0]} is outside the plan {years[0]} to {years[-1]}")
        if isinstance(p.value, dict) and p.value.get(min(p.value, key=timeline.parse_year)) is None and not p.NULLABLE:
            problems.append(f"{path}: the first year given has no value")
    groups = scenario.workforce.groups
    if scenario.workforce.officer_group not in groups:
        problems.append(
            f"workforce.officer_group: {scenario.workforce.officer_group!r} is not one of the groups {sorted(groups)}"
        )
    starts = {**scenario.savings.items, **scenario.savings.collaboration, **scenario.savings.productivity}
    for key, item in starts.items():
        if item.start_year not in years[1:]:
            problems.append(f"savings.{key}.start_year: {item.start_year!r} must be a projected year, {years[1]} to {years[-1]}")
    for section, entries in (("items", scenario.savings.items), ("productivity", scenario.savings.productivity)):
        for key, item in entries.items():
            if getattr(item, "group", None) is not None and item.group not in groups:
                problems.append(f"savings.{section}.{key}.group: {item.group!r} is not one of the groups {sorted(groups)}")
    return problems


# --- walking the assumptions ---------------------------------------------------------------

def iter_params(model: BaseModel, prefix: str = "") -> Iterator[tuple[str, Param]]:
    """Every assumption in a scenario with its dotted field path, in file order."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        path = f"{prefix}{name}"
        if isinstance(value, Param):
            yield path, value
        elif isinstance(value, BaseModel):
            yield from iter_params(value, path + ".")
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, BaseModel):
                    yield from iter_params(item, f"{path}.{key}.")


def get_param(scenario: Scenario, path: str) -> Param:
    """The assumption at a dotted field path, e.g. 'workforce.groups.police_officers.drift'."""
    for candidate, p in iter_params(scenario):
        if candidate == path:
            return p
    raise KeyError(f"{path!r} is not a numeric assumption of this scenario")


def with_value(scenario: Scenario, path: str, value: YearValues) -> Scenario:
    """A copy of the scenario with the assumption at `path` given a new value (file units)."""
    data = scenario.model_dump(mode="python")
    node = data
    parts = path.split(".")
    for part in parts[:-1]:
        node = node[part]
    node[parts[-1]]["value"] = value
    return Scenario.model_validate(data)


# --- loading and saving --------------------------------------------------------------------

class _StrictLoader(yaml.SafeLoader):
    """Safe loader that refuses duplicate keys (a silent overwrite otherwise)."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(text: str, where: str = "<text>") -> Any:
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise ScenarioError([f"{where}: not valid YAML: {exc}"]) from None


def merge(base: dict, overlay: dict) -> dict:
    """Overlay one scenario mapping on another.

    Mappings merge key by key; an assumption given in the overlay (a mapping with `value`)
    replaces the base one whole, so it never inherits the base's source; `null` removes a key.
    """
    result = copy.deepcopy(base)
    for key, value in overlay.items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, dict) and isinstance(result.get(key), dict) and "value" not in value:
            result[key] = merge(result[key], value)
        else:
            result[key] = copy.deepcopy(value)
    return result


def load_raw(path: str | os.PathLike, _chain: tuple[Path, ...] = ()) -> dict:
    """Read a scenario file and the files it extends into one mapping (not yet validated)."""
    path = Path(path)
    if path.resolve() in _chain:
        raise ScenarioError([f"{path}: extends: circular chain {' -> '.join(str(p) for p in _chain + (path,))}"])
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError([f"{path}: file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError([f"{path}: cannot read the file ({exc})"]) from None
    data = read_yaml(text, str(path))
    if not isinstance(data, dict):
        raise ScenarioError([f"{path}: a scenario file must be a mapping of fields, got {type(data).__name__}"])
    base_name = data.pop("extends", None)
    if base_name is None:
        return data
    if not isinstance(base_name, str):
        raise ScenarioError([f"{path}: extends: expected a file name, got {base_name!r}"])
    base_path = path.parent / base_name
    if not base_path.is_file():
        # Names the file that extends and the base it cannot find ("<base>: file not found",
        # as for any missing file).
        raise ScenarioError([f"{path}: extends: {base_path}: file not found"])
    base = load_raw(base_path, _chain + (path.resolve(),))
    return merge(base, data)


def format_validation_error(exc: ValidationError, where: str) -> list[str]:
    """One line per problem: file, field path, the bad value and what is allowed."""
    lines = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"] if not str(p).startswith("function-after"))
        loc = loc.replace(".float", "").replace(".dict[str,nullable[float]]", "")
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = "unknown key (not part of the scenario format; see docs/scenario-format.md)"
        elif err["type"] == "missing":
            message = "required field is missing"
        value = err.get("input")
        shown = "" if err["type"] == "missing" or isinstance(value, dict) else f" (value: {value!r})"
        lines.append(f"{where}: {loc or '(top level)'}: {message}{shown}")
    return sorted(set(lines), key=lines.index)


def validate(data: Any, where: str = "<scenario>") -> Scenario:
    if isinstance(data, dict) and data.get("schema_version", SCHEMA_VERSION) != SCHEMA_VERSION:
        raise ScenarioError(
            [f"{where}: schema_version: {data.get('schema_version')!r} is not supported; this mtfp reads version {SCHEMA_VERSION}"]
        )
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(format_validation_error(exc, where)) from None


def load_scenario(path: str | os.PathLike) -> Scenario:
    """Load, merge `extends` and validate a scenario file. Raises ScenarioError."""
    return validate(load_raw(path), str(path))


def loads_scenario(text: str, where: str = "<upload>") -> Scenario:
    """Validate scenario YAML given as text (an upload). `extends` is not allowed here."""
    data = read_yaml(text, where)
    if isinstance(data, dict) and "extends" in data:
        raise ScenarioError([f"{where}: extends: not allowed in an uploaded file; upload the full scenario"])
    return validate(data, where)


def dumps_scenario(scenario: Scenario) -> str:
    """The scenario as YAML text, every field written out (no `extends`)."""
    data = scenario.model_dump(mode="json", exclude_none=True)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def save_scenario(scenario: Scenario, path: str | os.PathLike, overwrite: bool = False) -> Path:
    """Write atomically (temp file in the same folder, then rename). Refuses to overwrite."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(path, dumps_scenario(scenario), overwrite=overwrite)
