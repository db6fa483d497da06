"""The one walker of scenario field paths, and the one per-year rule (Param.year_values)."""
from __future__ import annotations

import numpy as np
import pytest

from mtfp.scenario import paths
from mtfp.scenario.params import RatePerYear

YEARS = ["2015/16", "2016/17", "2017/18", "2018/19", "2019/20"]
DRIFT = "workforce.groups.police_officers.drift"


def test_a_per_year_value_applies_from_its_year_until_the_next_one_given():
    # 1.0% given for 2016/17 and 2.5% from 2018/19: 2015/16 takes the first value given,
    # 2017/18 keeps 2016/17's value.
    p = RatePerYear(value={"2018/19": 2.5, "2016/17": 1.0}, source="illustrative")
    assert p.year_values(YEARS).tolist() == [1.0, 1.0, 1.0, 2.5, 2.5]
    assert RatePerYear(value=3.0, source="illustrative").year_values(YEARS).tolist() == [3.0] * 5


def test_a_null_limit_is_no_value_that_year():
    from mtfp.scenario.params import param

    limit = param("pct", 0, 100, nullable=True)(value={"2016/17": 2.0, "2018/19": None}, source="illustrative")
    values = limit.year_values(YEARS)
    assert values[:3].tolist() == [2.0, 2.0, 2.0] and np.isnan(values[3:]).all()


def test_get_and_set_walk_a_scenario_and_its_dumped_mapping_alike(default_scenario):
    p = paths.get_param(default_scenario, DRIFT)
    data = default_scenario.model_dump(mode="python")
    assert paths.get_at(data, DRIFT)["value"] == p.value == paths.field_value(default_scenario, DRIFT)
    paths.set_value(data, DRIFT, 1.7)
    # The value changes and its source stays; a figure set here is the force's own (no basis).
    before = default_scenario.workforce.groups["police_officers"].drift.model_dump()
    assert paths.get_at(data, DRIFT) == {**{k: v for k, v in before.items() if k != "basis"}, "value": 1.7}
    assert paths.owner_name(default_scenario, DRIFT) == default_scenario.workforce.groups["police_officers"].name


def test_with_value_gives_a_validated_copy_and_leaves_the_original(default_scenario):
    changed = paths.with_value(default_scenario, DRIFT, 2.0)
    assert changed.workforce.groups["police_officers"].drift.value == 2.0
    assert changed is not default_scenario and paths.get_param(changed, DRIFT).source == paths.get_param(default_scenario, DRIFT).source


def test_a_path_that_is_not_an_assumption_is_refused_by_name(default_scenario):
    with pytest.raises(KeyError, match="workforce.groups.nobody.drift"):
        paths.get_param(default_scenario, "workforce.groups.nobody.drift")
    with pytest.raises(KeyError, match="name"):
        paths.get_param(default_scenario, "name")
    assert paths.get_at(default_scenario, "workforce.groups.nobody", None) is None


def test_iter_params_finds_every_assumption_the_walker_can_read(default_scenario):
    found = list(paths.iter_params(default_scenario))
    assert len(found) > 40 and DRIFT in dict(found)
    for path, p in found:
        assert paths.get_param(default_scenario, path) is p
