"""AppTest fixtures: the app on a temporary scenarios folder, with Streamlit's caches cleared.

Streamlit's caches are process-wide, so each test starts from empty caches; saving goes
to a tmp folder (MTFP_SCENARIO_DIR), never into the repository.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.app_helpers import TIMEOUT
from tests.conftest import ROOT


@pytest.fixture
def scenario_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    monkeypatch.setenv("MTFP_SCENARIO_DIR", str(folder))
    return folder


@pytest.fixture
def app(scenario_dir):
    """The app, run once on its first page (Scenario, default scenario)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at
