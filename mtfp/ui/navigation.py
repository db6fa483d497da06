"""The app's page list. To add a page, add one line to PAGES: (script, title, icon).

Scripts are files of the package mtfp.ui.pages, found through importlib.resources; the
first page is the one the app opens on.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

import streamlit as st

PAGES: list[tuple[str, str, str]] = [
    ("scenario.py", "Scenario", ":material/query_stats:"),
    ("compare.py", "Compare", ":material/compare_arrows:"),
    ("risk.py", "Risk", ":material/ssid_chart:"),
    ("capital_reserves.py", "Capital and reserves", ":material/account_balance:"),
    ("sensitivity.py", "Sensitivity", ":material/tune:"),
    ("goal_seek.py", "Goal seek", ":material/target:"),
    ("assumptions.py", "Assumptions", ":material/list_alt:"),
    ("scenarios.py", "Save, load, upload", ":material/folder_open:"),
    ("new_force.py", "Start from your force", ":material/local_police:"),
    ("export.py", "Export", ":material/download:"),
    ("consultation_results.py", "Consultation results", ":material/how_to_vote:"),
]


def pages() -> list:
    """st.Page objects for every entry of PAGES, the first one the default."""
    return [st.Page(str(resources.files("mtfp.ui.pages").joinpath(script)), title=title, icon=icon, default=(i == 0),
                    url_path=Path(script).stem)
            for i, (script, title, icon) in enumerate(PAGES)]


def run_consultation(path: str) -> None:
    """The public consultation view (`streamlit run app.py -- --consultation FILE`)."""
    from mtfp.ui import consultation_public

    consultation_public.main(path)
