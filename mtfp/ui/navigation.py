"""The app's page list. To add a page, add one line to PAGES: (script, title, icon).

Scripts are paths relative to the repository root (where app.py lives); the first page
is the one the app opens on.
"""
from __future__ import annotations

import importlib
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parents[2]

PAGES: list[tuple[str, str, str]] = [
    ("mtfp/ui/pages/scenario.py", "Scenario", ":material/query_stats:"),
    ("mtfp/ui/pages/compare.py", "Compare", ":material/compare_arrows:"),
    ("mtfp/ui/pages/risk.py", "Risk", ":material/ssid_chart:"),
    ("mtfp/ui/pages/sensitivity.py", "Sensitivity", ":material/tune:"),
    ("mtfp/ui/pages/goal_seek.py", "Goal seek", ":material/target:"),
    ("mtfp/ui/pages/assumptions.py", "Assumptions", ":material/list_alt:"),
    ("mtfp/ui/pages/scenarios.py", "Save, load, upload", ":material/folder_open:"),
    ("mtfp/ui/pages/export.py", "Export", ":material/download:"),
    ("mtfp/ui/pages/consultation_results.py", "Consultation results", ":material/how_to_vote:"),
]


def pages() -> list:
    """st.Page objects for every entry of PAGES, the first one the default."""
    return [st.Page(str(ROOT / script), title=title, icon=icon, default=(i == 0),
                    url_path=Path(script).stem)
            for i, (script, title, icon) in enumerate(PAGES)]


def run_consultation(path: str) -> None:
    """The public consultation view (`streamlit run app.py -- --consultation FILE`)."""
    try:
        module = importlib.import_module("mtfp.ui.consultation_public")
    except ModuleNotFoundError as exc:
        if exc.name != "mtfp.ui.consultation_public":
            raise
        st.error("The consultation view is not part of this version of mtfp "
                 "(mtfp/ui/consultation_public.py is missing). Run `streamlit run app.py` for the full app.")
        return
    module.main(path)
