"""Assumptions as data: a value in the field's units, a source or 'illustrative', a range.

Every number in a scenario is a `Param`: a value in the units the schema gives for that
field (money in £m, rates in %), plus a source (title and url or document) or the word
`illustrative`. A value is one number for every year or a mapping from year label
("2016/17") to value. What a mapping means depends on the field's KIND:

- "level" (rates, salaries, FTE targets, limits): a value carries forward; years missing
  from a mapping keep the latest earlier value (years before the first take the first);
- "in_year" (a collection-fund surplus, a planned reduction, a reserve draw, a realised
  benefit): an amount in that year only; years missing from a mapping are 0.

A single number applies to every year whatever the kind.
"""
from __future__ import annotations

import math
import reprlib
from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from mtfp import timeline
from mtfp.units import unit_label

SCHEMA_VERSION = 1
MAX_PROJECTED_YEARS = 10

# Limits on what a scenario may hold (listed in docs/scenario-format.md, "Limits"). Far above
# any real plan, they keep a hostile or broken file from costing more than a moment to refuse.
FIRST_BASE_YEAR = 1990  # base_year from 1990/91 ...
LAST_BASE_YEAR = 2090  # ... to 2090/91
MAX_NAME_CHARS = 200  # a scenario's or an item's name
MAX_COLLECTION_ITEMS = 200  # entries in one named collection (grants, groups, savings items...)
MAX_CHANGES = 5_000  # entries in the change log
MAX_CHANGE_VALUE_ITEMS = 200  # numbers, texts, lists and mappings in one change's old or new value
MAX_SHOWN_CHARS = 80  # a value quoted in an error message is cut to this length


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = _REPR.maxlong = MAX_SHOWN_CHARS
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 6
_REPR.maxlevel = 3


def shown(value: Any) -> str:
    """A value as it may appear in an error message: short, one line, control characters escaped.

    reprlib never builds the full repr of a huge object, so quoting a value costs nothing
    whatever the file holds; an integer too long to print is described instead.
    """
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]  # as the file spells them
    if isinstance(value, int) and value.bit_length() > 128:
        return f"a {'negative ' if value < 0 else ''}whole number of about {int(value.bit_length() * math.log10(2))} digits"
    text = _REPR.repr(value)
    text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)
    return text if len(text) <= MAX_SHOWN_CHARS else text[: MAX_SHOWN_CHARS - 3] + "..."


def number_text(number: Any) -> str:
    """A number for a message ('2.5', '1e+39'); anything that is not a plain number via `shown`."""
    if isinstance(number, (int, float)) and not isinstance(number, bool):
        try:
            return f"{number:g}"
        except OverflowError:  # an int too large for a float
            pass
    return shown(number)


class ScenarioError(Exception):
    """Invalid scenario input. `problems` lists one readable message per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Source(Strict):
    """Where a number comes from: a title and a url or a document reference."""

    title: str = Field(min_length=1, max_length=1_000)
    url: str | None = None
    document: str | None = None

    @model_validator(mode="after")
    def _url_or_document(self) -> Source:
        if not (self.url or self.document):
            raise ValueError("a source needs a url or a document as well as a title")
        return self


YearValues = float | dict[str, float | None]
Kind = Literal["level", "in_year"]
KINDS: dict[str, str] = {  # each kind as docs/scenario-format.md words it ("per year: level")
    "level": "level",
    "in_year": "in that year only",
}


class Distribution(Strict):
    """How uncertain an assumption is, in the field's own file units (%, £m...).

    uniform: any value from `low` to `high` equally likely; triangular: `low`, most likely
    `mode`, `high`; normal: `low` and `high` are the 80% interval (P10 and P90), draws are
    clipped to the field's allowed range. A draw replaces the value in every projected year
    (an amount given in named years only: in the projected years named; a base-year amount
    such as Band D or FTE: the base-year figure itself).
    """

    kind: Literal["uniform", "triangular", "normal"]
    low: float = Field(strict=True, allow_inf_nan=False)
    high: float = Field(strict=True, allow_inf_nan=False)
    mode: float | None = Field(default=None, strict=True, allow_inf_nan=False)

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
    KIND: ClassVar[str] = "level"  # what a per-year mapping means: see the module docstring

    value: YearValues
    # 'estimate': a placeholder the force must replace with its own figure (say why in the note).
    source: Source | Literal["illustrative", "estimate"]
    note: str | None = None
    # national = inherited from the nation's rules table; force = the force's own; estimate = a placeholder.
    basis: Literal["national", "force", "estimate"] | None = None
    distribution: Distribution | None = None  # for Monte Carlo (mtfp.analysis)

    @model_validator(mode="after")
    def _distribution_in_range(self) -> Param:
        d = self.distribution
        if d is not None:
            allowed = f"{self.LOW:g} to {self.HIGH:g} {unit_label(self.UNIT)}"
            for name, number in (("low", d.low), ("high", d.high), ("mode", d.mode)):
                if number is not None and not self.LOW <= number <= self.HIGH:
                    raise ValueError(f"distribution {name} {number_text(number)} is outside the allowed range {allowed}")
        return self

    @field_validator("value", mode="before")
    @classmethod
    def _check_value(cls, value: Any) -> Any:
        allowed = f"{cls.LOW:g} to {cls.HIGH:g} {unit_label(cls.UNIT)}"
        if isinstance(value, bool):
            raise ValueError(f"expected a number ({allowed}), got {shown(value)}")
        if isinstance(value, dict):
            if not cls.PER_YEAR:
                raise ValueError("this assumption is a single base-year figure, not a value per year")
            if not value:
                raise ValueError("a per-year mapping needs at least one year")
            if len(value) > MAX_PROJECTED_YEARS + 1:
                raise ValueError(f"a per-year mapping has {len(value):,} years; a plan has at most "
                                 f"{MAX_PROJECTED_YEARS + 1} (the base year and {MAX_PROJECTED_YEARS} projected)")
            for year, number in value.items():
                if not isinstance(year, str) or len(year) > 7:
                    raise ValueError(f"{shown(year)} is not a financial year label like '2016/17'")
                timeline.parse_year(year)
                if number is None and cls.NULLABLE:
                    continue
                cls._check_number(number, allowed, f" for {year}")
            return {str(k): (None if v is None else float(v)) for k, v in value.items()}
        cls._check_number(value, allowed, "")
        return float(value)

    @classmethod
    def _check_number(cls, number: Any, allowed: str, where: str) -> None:
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            raise ValueError(f"expected a number{where} ({allowed}), got {shown(number)}")
        if number != number or not cls.LOW <= number <= cls.HIGH:
            raise ValueError(f"{number_text(number)}{where} is outside the allowed range {allowed}")

    def year_values(self, years: list[str]) -> np.ndarray:
        """The value in each of `years`, in FILE units: (T,) floats. The one per-year rule.

        One number applies to every year, whatever the kind. A per-year mapping of a "level"
        applies from its year on, until a later year is given; years before the first one
        given take the first value. A per-year mapping of an "in_year" amount gives the
        amount in the years named and 0 in every other year. A null (allowed only for
        limits) is NaN = no value that year.
        """
        return year_values(self.value, years, self.KIND)


def year_values(value: YearValues, years: list[str], kind: str = "level") -> np.ndarray:
    """`Param.year_values` for a bare value (a number or a {year: value} mapping) of a kind."""
    if not isinstance(value, dict):
        return np.full(len(years), value, dtype=float)
    if kind == "in_year":
        return np.array([np.nan if value.get(y, 0.0) is None else value.get(y, 0.0) for y in years], dtype=float)
    given = sorted(value.items(), key=lambda kv: timeline.parse_year(kv[0]))
    current = np.nan if given[0][1] is None else given[0][1]
    out = np.empty(len(years))
    for i, year in enumerate(years):
        if year in value:
            current = np.nan if value[year] is None else value[year]
        out[i] = current
    return out


_PARAM_TYPES: dict[tuple, type[Param]] = {}


def param(unit: str, low: float, high: float, per_year: bool = True, nullable: bool = False,
          kind: Kind = "level") -> type[Param]:
    """A Param type with a fixed unit, allowed range and per-year kind (cached so schemas stay small).

    kind "level" carries a per-year value forward; "in_year" is an amount in the years named
    only (0 in the others). A base-year figure (per_year=False) has no per-year kind.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {sorted(KINDS)}, not {kind!r}")
    if kind == "in_year" and (nullable or not per_year):
        raise ValueError("an in-year amount is per year and has no null years")
    key = (unit, low, high, per_year, nullable, kind)
    if key not in _PARAM_TYPES:
        name = f"Param_{unit}_{kind}_{abs(hash(key)) % 10_000}"
        _PARAM_TYPES[key] = type(
            name, (Param,), {"UNIT": unit, "LOW": low, "HIGH": high, "PER_YEAR": per_year, "NULLABLE": nullable,
                             "KIND": kind}
        )
    return _PARAM_TYPES[key]


# The field types, named by what they hold.
MoneyBase = param("gbp_m", 0, 5_000, per_year=False)  # a base-year amount
MoneyPath = param("gbp_m", -1_000, 5_000)  # an amount each year that carries forward (a level)
MoneyInYear = param("gbp_m", -1_000, 5_000, kind="in_year")  # an amount in the years named only
RatePerYear = param("pct_per_year", -50, 100)
Rate = param("pct", 0, 100)
Share = param("pct", 0, 100, per_year=False)
FteBase = param("fte", 0, 100_000, per_year=False)
FtePath = param("fte", 0, 100_000)  # an FTE level (target, floor)
FteInYear = param("fte", 0, 100_000, kind="in_year")  # FTE in the years named only (a reduction)
SalaryBase = param("gbp_per_fte", 1_000, 500_000, per_year=False)
CostPerFte = param("gbp_per_fte", 0, 1_000_000, per_year=False)
PerFtePath = param("gbp_per_fte", -50_000, 100_000)
