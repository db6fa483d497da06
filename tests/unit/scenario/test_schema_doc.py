"""docs/scenario-format.md documents every field of the schema, with the allowed range the
schema enforces. Walks the pydantic models, so a new field without documentation fails here."""
from __future__ import annotations

import types
import typing

from pydantic import BaseModel

from mtfp.scenario import Param, Scenario, Source
from mtfp.scenario.params import KINDS
from tests.conftest import ROOT

DOC = ROOT / "docs" / "scenario-format.md"


def _fields(model: type[BaseModel], prefix: str = ""):
    """(dotted path with <id> for collection keys, Param type or None) for every field."""
    for name, info in model.model_fields.items():
        kinds = [k for k in typing.get_args(info.annotation) if k is not type(None)] \
            if typing.get_origin(info.annotation) in (typing.Union, types.UnionType) else [info.annotation]
        kind, path = kinds[0], prefix + name
        if isinstance(kind, type) and issubclass(kind, Param):
            yield path, kind
        elif typing.get_origin(kind) is dict and isinstance(typing.get_args(kind)[1], type) \
                and issubclass(typing.get_args(kind)[1], BaseModel):
            yield path, None
            yield from _fields(typing.get_args(kind)[1], path + ".<id>.")
        elif isinstance(kind, type) and issubclass(kind, BaseModel) and kind is not Source \
                and typing.get_origin(info.annotation) is not list:
            yield path, None
            yield from _fields(kind, path + ".")
        else:
            yield path, None


def _table_rows() -> dict[str, str]:
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("| `"):
            rows[line.split("`")[1]] = line
    return rows


def _number(x: float) -> str:
    return f"{int(x):,}" if x == int(x) else f"{x:,g}"


def test_every_schema_field_has_a_row_in_the_doc():
    rows = _table_rows()
    text = DOC.read_text(encoding="utf-8")
    missing = [path for path, _ in _fields(Scenario) if path not in rows and f"`{path}`" not in text]
    assert missing == []


def test_every_numeric_fields_documented_range_is_the_one_the_schema_enforces():
    rows = _table_rows()
    wrong = [(path, f"{_number(kind.LOW)} to {_number(kind.HIGH)}") for path, kind in _fields(Scenario)
             if kind is not None and f"{_number(kind.LOW)} to {_number(kind.HIGH)}" not in rows[path]]
    assert wrong == []


def test_per_year_and_single_fields_are_marked_as_the_schema_reads_them():
    rows = _table_rows()
    wrong = [path for path, kind in _fields(Scenario)
             if kind is not None and path != "gdp_deflator"
             and ("(per year" in rows[path]) != kind.PER_YEAR]
    assert wrong == []
    assert "per year" in rows["gdp_deflator"]


def test_every_per_year_field_states_its_kind_as_the_schema_declares_it():
    # "per year: level" carries forward; "per year: in that year only" is 0 in years not named.
    rows = _table_rows()
    phrase = {kind: f"(per year: {words})" for kind, words in KINDS.items()}
    per_year = [(path, kind) for path, kind in _fields(Scenario) if kind is not None and kind.PER_YEAR]
    wrong = [(path, kind.KIND) for path, kind in per_year if phrase[kind.KIND] not in rows[path]]
    assert wrong == []
    in_year = {path for path, kind in per_year if kind.KIND == "in_year"}
    assert in_year >= {"precept.collection_fund", "workforce.groups.<id>.planned_reduction_fte",
                       "reserves.earmarked.<id>.planned_use", "reserves.earmarked.<id>.contributions",
                       "reserves.general_contributions", "savings.collaboration.<id>.realised_benefit"}
