"""The consultation options file (`consultation/options.yaml`): what residents may choose.

A finance lead writes one per consultation: the published scenario it applies to, the year
whose gap residents are asked to close, the Band D precept rises allowed, and the savings
options with their plain-English description and consequence. Read with the same safe,
strict YAML loader as scenarios: unknown keys, duplicate keys and bad values are errors
that name the file, the field and the value.

Money is in £m as in scenario files, except Band D rises, which are £ a year per Band D
property (the figure on the council-tax bill).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from mtfp import timeline
from mtfp.scenario import (
    Scenario,
    ScenarioError,
    Source,
    format_validation_error,
    load_scenario,
    read_text,
    read_yaml,
)

OPTIONS_VERSION = 1


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PreceptOptions(_Strict):
    """Band D rises (£ a year) residents may choose, on top of the rise the scenario plans."""

    band_d_rises: list[float] = Field(min_length=1)
    explanation: str = ""

    @field_validator("band_d_rises")
    @classmethod
    def _rises(cls, rises: list[float]) -> list[float]:
        for rise in rises:
            if not 0 <= rise <= 100:
                raise ValueError(f"{rise:g} is outside the allowed range 0 to 100 £ a year per Band D")
        if len(set(rises)) != len(rises):
            raise ValueError(f"each rise may appear once, got {rises}")
        return sorted(rises)


class SavingOption(_Strict):
    """One saving residents may choose: on/off (all or nothing) or a range (£m, min to max)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str = Field(min_length=1)
    description: str = Field(min_length=1)
    consequence: str = Field(min_length=1)
    kind: Literal["on_off", "range"]
    saving: float | None = Field(default=None, gt=0, le=500, description="£m a year, on/off options")
    min: float | None = Field(default=None, ge=0, le=500, description="£m a year, range options")
    max: float | None = Field(default=None, gt=0, le=500, description="£m a year, range options")
    step: float | None = Field(default=None, gt=0, le=500, description="£m, range options")
    posts: float = Field(ge=0, le=10_000, description="posts affected (FTE) at the full saving")
    source: Source | Literal["illustrative"]

    @model_validator(mode="after")
    def _kind_fields(self) -> SavingOption:
        if self.kind == "on_off":
            if self.saving is None:
                raise ValueError("an on_off option needs saving (£m)")
            if any(v is not None for v in (self.min, self.max, self.step)):
                raise ValueError("an on_off option takes saving only, not min/max/step")
        else:
            if None in (self.min, self.max, self.step) or self.saving is not None:
                raise ValueError("a range option needs min, max and step (£m) and no saving")
            if not self.min < self.max:
                raise ValueError(f"min ({self.min:g}) must be below max ({self.max:g})")
            if self.step > self.max - self.min:
                raise ValueError(f"step ({self.step:g}) is larger than max - min ({self.max - self.min:g})")
        return self

    @property
    def full_saving(self) -> float:
        """£m at the option's largest setting."""
        return self.saving if self.kind == "on_off" else self.max


class ConsultationOptions(_Strict):
    schema_version: Literal[1]
    title: str = Field(min_length=1)
    introduction: str = ""
    scenario: str = Field(min_length=1, description="scenario file, relative to the options file")
    year: str | None = Field(default=None, description="year whose gap residents close; default the final year")
    precept: PreceptOptions
    savings: list[SavingOption] = Field(min_length=1)

    @field_validator("year")
    @classmethod
    def _year_label(cls, value: str | None) -> str | None:
        if value is not None:
            timeline.parse_year(value)
        return value

    @model_validator(mode="after")
    def _unique_ids(self) -> ConsultationOptions:
        ids = [s.id for s in self.savings]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"savings ids must be unique; repeated: {', '.join(duplicates)}")
        return self

    def saving(self, option_id: str) -> SavingOption:
        return next(s for s in self.savings if s.id == option_id)


@dataclass(frozen=True)
class Consultation:
    """An options file with the scenario it applies to, checked against each other."""

    path: Path
    options: ConsultationOptions
    scenario: Scenario
    scenario_path: Path
    year_index: int

    @property
    def year(self) -> str:
        return self.scenario.years[self.year_index]


def parse_options(text: str, where: str = "<options>") -> ConsultationOptions:
    """Validate options YAML text. Raises ScenarioError naming `where`, the field and the value."""
    data = read_yaml(text, where)
    if data is None:
        raise ScenarioError([f"{where}: this file is empty; an options file starts with `schema_version: "
                             f"{OPTIONS_VERSION}` (see consultation/options.yaml)"])
    if not isinstance(data, dict):
        raise ScenarioError([f"{where}: an options file must be a mapping of fields, got {type(data).__name__}"])
    if data.get("schema_version", OPTIONS_VERSION) != OPTIONS_VERSION:
        raise ScenarioError([f"{where}: schema_version: {data.get('schema_version')!r} is not supported; "
                             f"this mtfp reads version {OPTIONS_VERSION}"])
    try:
        return ConsultationOptions.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError([_readable(p, data) for p in format_validation_error(exc, where)]) from None


def _readable(problem: str, data: dict) -> str:
    """pydantic names list items by position ('savings.2'): add the option's id."""
    problem = problem.replace("not part of the scenario format; see docs/scenario-format.md",
                              "not part of the options format; see consultation/options.yaml")
    savings = data.get("savings") if isinstance(data.get("savings"), list) else []
    for i, item in enumerate(savings):
        marker = f": savings.{i}"
        if isinstance(item, dict) and "id" in item and (marker + "." in problem or marker + ":" in problem):
            return problem.replace(marker, f"{marker} ({item['id']})", 1)
    return problem


def load_options(path: str | os.PathLike) -> ConsultationOptions:
    """Read and validate an options file. Raises ScenarioError."""
    path = Path(path)
    return parse_options(read_text(path), str(path))


def scenario_file(options_path: str | os.PathLike, options: ConsultationOptions) -> Path:
    """The scenario an options file applies to (its `scenario:` is relative to the options file)."""
    return Path(options_path).parent / options.scenario


def load_consultation(path: str | os.PathLike) -> Consultation:
    """Options file + the scenario it names (relative to the options file), with the year
    checked against the scenario's years. Raises ScenarioError."""
    path = Path(path)
    options = load_options(path)
    scenario_path = scenario_file(path, options)
    scenario = load_scenario(scenario_path)
    years = scenario.years
    year = options.year or years[-1]
    if year not in years[1:]:
        raise ScenarioError([f"{path}: year: {year!r} is not a projected year of {scenario_path} "
                             f"(allowed: {', '.join(years[1:])})"])
    return Consultation(path=path, options=options, scenario=scenario, scenario_path=scenario_path,
                        year_index=years.index(year))
