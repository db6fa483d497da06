"""Start from your force: pick a force, get a scenario from its published figures."""
from __future__ import annotations

import streamlit as st

from mtfp.scenario import ScenarioError
from mtfp.scenario.files import validate
from mtfp.scenario.forces import SUPPORTED_BASE_YEARS, all_forces, force_scenario
from mtfp.scenario.national import figures_by_basis
from mtfp.ui import state

st.title("Start from your force")
st.caption("A scenario built from your force's published figures (2025/26 core grant, Band D, precept, officer FTE), "
           "the national rules for each year of the plan, and neutral settings elsewhere. Every figure the shipped data "
           "does not hold is an estimate you must replace; the Assumptions page marks them.")
forces = {f"{f.name} ({f.nation.title()})": f.name for f in all_forces().values()}
choice = st.selectbox("Force", list(forces), index=None, placeholder="Choose your force", key="new_force_name")
base_year = st.selectbox("Base year", SUPPORTED_BASE_YEARS, index=len(SUPPORTED_BASE_YEARS) - 1, key="new_force_base_year")
if st.button("Start from this force", key="new_force_start", disabled=choice is None, type="primary"):
    try:
        data = force_scenario(forces[choice], base_year)
        scenario = validate(data, data["name"])
    except (ValueError, ScenarioError) as exc:
        state.show_errors(getattr(exc, "problems", [str(exc)]), "The scenario could not be made:")
    else:
        groups = figures_by_basis(scenario)
        st.session_state["new_force_estimates"] = groups["estimate"]
        state.set_scenario(scenario, f"published figures for {scenario.name}")
        st.rerun()
estimates = st.session_state.get("new_force_estimates")
if estimates:
    st.warning(f"The plan is incomplete: {len(estimates)} figures are estimates awaiting your force's figure.")
    st.dataframe({"field": estimates}, hide_index=True, key="new_force_estimates_table", width="stretch")
