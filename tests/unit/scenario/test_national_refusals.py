"""The present-day fields (nation, pay_scheme, basis, source: estimate) refuse bad values with the field named."""
from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from mtfp.scenario import ScenarioError, load_scenario
from tests.conftest import ROOT, tiny_data


def _refused(tmp_path, overlay: dict) -> str:
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(tiny_data(overlay)))
    with pytest.raises(ScenarioError) as refused:
        load_scenario(path)
    return "\n".join(refused.value.problems)


@pytest.mark.parametrize("overlay, field", [
    ({"nation": "scotland"}, "nation"),
    ({"nation": ["england"]}, "nation"),
    ({"nation": True}, "nation"),
    ({"workforce": {"groups": {"police_officers": {"pay_scheme": 1}}}}, "pay_scheme"),
    ({"workforce": {"groups": {"police_officers": {"pay_scheme": "chief_officers"}}}}, "pay_scheme"),
    ({"gdp_deflator": {"value": 2.0, "source": "illustrative", "basis": "guess"}}, "gdp_deflator.basis"),
    ({"gdp_deflator": {"value": 2.0, "source": "estimated"}}, "gdp_deflator.source"),
])
def test_bad_present_day_fields_are_refused_with_the_field_named(tmp_path, overlay, field):
    assert field in _refused(tmp_path, overlay)


def test_the_cli_refuses_a_bad_nation_with_exit_2_and_no_traceback(tmp_path):
    path = tmp_path / "bad-nation.yaml"
    path.write_text(yaml.safe_dump(tiny_data({"nation": {"a": [1, 2]}})))
    done = subprocess.run([sys.executable, "-m", "mtfp", "validate", str(path)], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and "nation" in done.stderr and "Traceback" not in done.stderr
