"""Hostile uploads in the app: refused with a message, the current scenario kept, no exception.

The same bytes as tests/unit/hostile/corpus/ (and the generated zip bomb), through the real upload
widgets of the Scenarios page.
"""
from __future__ import annotations

import pytest

from tests.app.app_helpers import current, errors
from tests.unit.hostile import cases as corpus

SCENARIOS_PAGE = "mtfp/ui/pages/scenarios.py"


@pytest.mark.parametrize("name,expected", [
    ("billion-laughs.yaml", "aliases are expanded"),
    ("deep-flow-5000.yaml", "nested more than 20 levels deep"),
    ("change-binary.yaml", "!!binary"),
    ("key-is-a-list.yaml", "a key must be a name"),
    ("award-month-true.yaml", "award_month"),
    ("nul-byte.yaml", "character 0x0000"),
])
def test_a_hostile_scenario_upload_is_refused_and_the_scenario_kept(app, name, expected):
    before = current(app)
    app.switch_page(SCENARIOS_PAGE).run()
    data = (corpus.CORPUS_DIR / name).read_bytes()
    app.file_uploader(key="upload_yaml").set_value((name, data, "application/x-yaml")).run()
    assert not app.exception, app.exception
    shown = " ".join(errors(app))
    assert name in shown and expected in shown, shown
    assert current(app) is before


def test_a_zip_bomb_baseline_is_refused_and_the_scenario_kept(app):
    before = current(app)
    app.switch_page(SCENARIOS_PAGE).run()
    app.file_uploader(key="upload_baseline").set_value(("bomb.xlsx", corpus.zip_bomb(), "application/octet-stream")).run()
    assert not app.exception, app.exception
    shown = " ".join(errors(app))
    assert "bomb.xlsx" in shown and "unpacks to" in shown, shown
    assert current(app) is before
