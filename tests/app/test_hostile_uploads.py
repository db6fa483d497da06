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


def test_a_yaml_syntax_error_keeps_its_caret_under_the_column(app):
    """An unclosed list: the message names line 3, column 4, and the quoted line with its
    caret is shown as code, line breaks and spaces kept, so the caret points at the colon."""
    app.switch_page(SCENARIOS_PAGE).run()
    data = b"name: x\nyears: [2015/16, 2016/17\nfoo: 1\n"
    app.file_uploader(key="upload_yaml").set_value(("bad.yaml", data, "application/x-yaml")).run()
    assert not app.exception, app.exception
    assert "line 3, column 4" in " ".join(errors(app))
    snippet = app.code[0].value
    line, caret = snippet.split("\n")[-2:]
    assert line.strip() == "foo: 1" and caret.index("^") == line.index(":")
