"""Two ids that would fill the same result line are refused when the file is read, not only at run time."""
from __future__ import annotations

import copy

import pytest
import yaml

from mtfp.scenario import ScenarioError, load_scenario
from tests.conftest import tiny_data


def test_groups_staff_and_average_staff_are_refused_by_validate(tmp_path):
    # 'fte_average_{group}' for group 'staff' and 'fte_{group}' for group 'average_staff' are both
    # 'fte_average_staff': one would silently overwrite the other.
    data = tiny_data()
    officers = data["workforce"]["groups"]["police_officers"]
    data["workforce"]["groups"]["staff"] = copy.deepcopy(officers)
    data["workforce"]["groups"]["average_staff"] = copy.deepcopy(officers)
    path = tmp_path / "colliding.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ScenarioError) as refused:
        load_scenario(path)
    message = "\n".join(refused.value.problems)
    assert "fte_average_staff" in message and "'staff'" in message and "'average_staff'" in message
