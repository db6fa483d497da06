"""The savings plan and collaboration projects, editable in place and validated by the schema."""
from __future__ import annotations

import streamlit as st

from mtfp.scenario import ScenarioError
from mtfp.ui import state
from mtfp.ui.tables import apply_section, section_frame

THEMES = ["people", "digital", "demand", "partnerships", "support_services", "other"]


def _config(section: str, sc) -> dict:
    groups = list(sc.workforce.groups)
    years = sc.years[1:]
    num = st.column_config.NumberColumn
    common = {
        "key": st.column_config.TextColumn("Key", help="Short id; made from the name when empty"),
        "name": st.column_config.TextColumn("Name", required=True),
        "start_year": st.column_config.SelectboxColumn("Starts", options=years, required=True),
        "ramp_years": num("Ramp-up (years)", min_value=1, max_value=10, step=1, required=True),
        "confidence_pct": num("Delivery confidence %", min_value=0, max_value=100, step=5, required=True),
    }
    if section == "items":
        return {**common,
                "theme": st.column_config.SelectboxColumn("Theme", options=THEMES, required=True),
                "reduces": st.column_config.SelectboxColumn("Reduces", options=["pay", "non_pay", "income"],
                                                            required=True),
                "group": st.column_config.SelectboxColumn("Workforce group", options=groups),
                "fte": num("Posts (FTE)", min_value=0, format="%.0f"),
                "amount_gbp_m": num("Full-year saving £m", min_value=0, format="%.2f", required=True),
                "one_off_cost_gbp_m": num("One-off cost £m", min_value=0, format="%.2f")}
    return {**common,
            "partners": st.column_config.TextColumn("Partner forces (comma-separated)", required=True),
            "joint_cost_base_gbp_m": num("Joint cost base £m", min_value=0, format="%.2f", required=True),
            "saving_pct": num("Saving %", min_value=0, max_value=100, required=True),
            "force_share_pct": num("Our share %", min_value=0, max_value=100, required=True),
            "implementation_cost_gbp_m": num("Implementation cost £m (joint)", min_value=0, format="%.2f",
                                             required=True)}


def show() -> None:
    sc = state.current_scenario()
    st.subheader("Savings plan and collaboration")
    st.caption("Edit cells, add or delete rows, then apply. Values you change are marked illustrative "
               "in the Assumptions page until you record their source in the file.")
    version = state.scenario_version()
    with st.form("savings_form", border=False):
        st.markdown("**Savings plan** (£m full-year saving; confidence scales it when the gap counts risk-adjusted savings)")
        items = st.data_editor(section_frame(sc, "items"), key=f"savings_items_{version}", num_rows="dynamic",
                               hide_index=True, column_config=_config("items", sc), width="stretch")
        st.markdown("**Collaboration projects** (our share of the joint saving and implementation cost)")
        collaboration = st.data_editor(section_frame(sc, "collaboration"), key=f"collaboration_{version}",
                                       num_rows="dynamic", hide_index=True, column_config=_config("collaboration", sc),
                                       width="stretch")
        applied = st.form_submit_button("Apply savings changes", type="primary")
    if applied:
        try:
            edited = apply_section(apply_section(sc, "items", items), "collaboration", collaboration)
        except ScenarioError as exc:
            state.show_errors(exc.problems, "The savings plan was not applied:")
        else:
            if edited is not sc:
                state.replace(edited)
                st.rerun()
            st.info("No change to apply.")
