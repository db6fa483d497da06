"""Every limit on input is a named constant, and docs/scenario-format.md's "Limits" table gives
each one with its value: a limit changed in code without the docs fails here."""
from __future__ import annotations

import pytest

from mtfp.scenario import files, params
from mtfp.workbook import reader
from tests.conftest import ROOT

DOC = ROOT / "docs" / "scenario-format.md"
LIMITS = {name: getattr(module, name) for module in (files, params, reader) for name in dir(module)
          if name.startswith("MAX_") and isinstance(getattr(module, name), int)}


def _limits_section() -> str:
    text = DOC.read_text(encoding="utf-8")
    return text.split("## Limits", 1)[1].split("\n## ", 1)[0]


def test_the_limits_are_the_ones_this_test_knows():
    assert len(LIMITS) >= 20, sorted(LIMITS)


@pytest.mark.parametrize("name", sorted(LIMITS))
def test_each_limit_is_in_the_table_with_its_value(name):
    row = next((line for line in _limits_section().splitlines() if f"`{name}`" in line or f"`{name}`," in line), None)
    assert row is not None, f"{name} is not in the Limits table of docs/scenario-format.md"
    value = LIMITS[name]
    assert f"{value:,}" in row or (name == "MAX_PROJECTED_YEARS" and f"1 to {value}" in row), \
        f"{name} = {value:,} but its row says: {row}"


def test_the_base_year_range_is_documented():
    row = next(line for line in _limits_section().splitlines() if "`FIRST_BASE_YEAR`" in line)
    assert f"{params.FIRST_BASE_YEAR}/" in row and f"{params.LAST_BASE_YEAR}/" in row
