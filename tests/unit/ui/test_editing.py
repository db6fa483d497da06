"""Editing the scenario outside the sidebar: a goal-seek answer adopted with its change log."""
from __future__ import annotations

import pytest

from mtfp.analysis import goalseek
from mtfp.scenario import load_scenario
from mtfp.ui import editing
from tests.conftest import DEFAULT


def test_an_adopted_savings_answer_logs_each_new_saving_after_the_files_own_log():
    """The default scenario needs further recurring savings to keep its minimum reserve: the
    answer adds one item a year, and adopting it logs each item's amount (old: none) at the
    time given, after whatever the file's log already held."""
    base = editing.edit_scenario(load_scenario(DEFAULT), "precept.band_d_rise_pct", 1.5, when="2026-12-01T14:05:00+00:00")
    answer = goalseek.savings(base)
    adopted = editing.adopt(base, answer.scenario, when="2026-12-01T14:06:00+00:00")
    assert adopted.changes[0].field == "precept.band_d_rise_pct" and adopted.changes[0].new == 1.5
    new = {c.field: c for c in adopted.changes[1:]}
    amounts = {f: c.new for f, c in new.items() if f.endswith(".amount")}
    assert sum(amounts.values()) * 1e6 == pytest.approx(answer.value)
    assert all(c.when == "2026-12-01T14:06:00+00:00" for c in new.values())
    assert all(new[f].old is None for f in amounts)


def test_adopting_the_same_scenario_logs_nothing():
    sc = load_scenario(DEFAULT)
    assert editing.adopt(sc, sc).changes == sc.changes


def test_a_saved_description_says_once_how_many_changes_were_made_since_the_file():
    from mtfp.ui.files import changed_description

    once = changed_description("Blueprint 2020 inputs.", "upload plan.yaml", 3)
    assert once == "Blueprint 2020 inputs. Changed in mtfp from upload plan.yaml: 3 changes (listed in the change log)."
    # Saved again after one more edit: the sentence is replaced, not repeated.
    again = changed_description(once, "upload plan.yaml", 1)
    assert again == "Blueprint 2020 inputs. Changed in mtfp from upload plan.yaml: 1 change (listed in the change log)."
    assert changed_description("", "x.yaml", 0) == ""
