"""The savings plan and collaboration projects, editable in place and validated by the schema.

The tables show what a finance lead reads (item names, "Non-pay", theme and group names, £m
with the unit in the cell) while the scenario keeps its keys and codes: a Selectbox column's
`format_func` labels a code without changing the value written back. Column widths are set so
every column of both tables is on screen at 1440 px wide with the sidebar open (checked by
tests/e2e/test_browser.py); the item key is kept but not shown (a new row's key is made from its name).
"""
from __future__ import annotations

import streamlit as st

from mtfp.scenario import ScenarioError
from mtfp.ui import state
from mtfp.ui.tables import apply_section, reduces_options, section_frame

THEMES = {"people": "People", "digital": "Digital", "demand": "Demand", "partnerships": "Partnerships",
          "support_services": "Support services", "other": "Other"}
# Inputs show what was typed (to 2 dp, the unit in the cell); results elsewhere are £m to 1 dp.
MONEY = "£%.2fm"
PERCENT = "%.0f%%"
# Pixel widths: both tables fit the ~980 px a 1440 px window leaves beside the sidebar, headers whole.
NAME_WIDTH = {"items": 180, "collaboration": 172}
ITEM_COLUMNS = ["name", "theme", "reduces", "fte", "amount_gbp_m", "start_year", "ramp_years", "confidence_pct",
                "one_off_cost_gbp_m"]
COLLABORATION_COLUMNS = ["name", "partners", "joint_cost_base_gbp_m", "saving_pct", "force_share_pct", "start_year",
                         "ramp_years", "implementation_cost_gbp_m", "confidence_pct"]


def _config(section: str, sc) -> dict:
    reduces = reduces_options(sc)
    years = sc.years[1:]
    num = st.column_config.NumberColumn
    choice = st.column_config.SelectboxColumn
    common = {
        "key": None,  # hidden: the scenario's id for the row
        "name": st.column_config.TextColumn("Name", required=True, width=NAME_WIDTH[section]),
        "start_year": choice("Starts", options=years, required=True, width=76),
        "ramp_years": num("Ramp", min_value=1, max_value=10, step=1, required=True, width=70,
                          help="Ramp-up: years to reach the full-year saving"),
        "confidence_pct": num("Confidence", min_value=0, max_value=100, step=5, required=True, format=PERCENT,
                              width=105, help="Delivery confidence: the share of the saving counted when the gap "
                                              "counts risk-adjusted savings"),
    }
    if section == "items":
        return {**common,
                "theme": choice("Theme", options=list(THEMES), format_func=THEMES.get, required=True, width=128),
                "reduces": choice("Reduces", options=list(reduces), format_func=reduces.get, required=True,
                                  width=150, help="What the saving comes off: a workforce group's pay, non-pay or income"),
                "fte": num("Posts", min_value=0, format="%.0f", width=66, help="Posts removed (FTE)"),
                "amount_gbp_m": num("Saving", min_value=0, format=MONEY, required=True, width=80,
                                    help="Full-year saving, £m"),
                "one_off_cost_gbp_m": num("One-off", min_value=0, format=MONEY, width=86,
                                          help="One-off cost of delivering it, £m")}
    return {**common,
            "partners": st.column_config.TextColumn("Partners", required=True, width=150,
                                                    help="Partner forces, comma-separated"),
            "joint_cost_base_gbp_m": num("Joint cost", min_value=0, format=MONEY, required=True, width=100,
                                         help="The partners' joint cost base, £m"),
            "saving_pct": num("Saving", min_value=0, max_value=100, format=PERCENT, required=True, width=70,
                              help="Saving as % of the joint cost base"),
            "force_share_pct": num("Our share", min_value=0, max_value=100, format=PERCENT, required=True, width=92,
                                   help="This force's share of the joint saving and cost"),
            "implementation_cost_gbp_m": num("Set-up cost", min_value=0, format=MONEY, required=True, width=106,
                                             help="Joint implementation cost, £m (this force pays its share)")}


def show() -> None:
    sc = state.current_scenario()
    st.subheader("Savings plan and collaboration")
    st.caption("Edit cells, add or delete rows, then apply. A value you change says when and what it was (see the "
               "Assumptions page); a new one is marked illustrative until you record its source in the file.")
    version = state.scenario_version()
    with st.form("savings_form", border=False):
        st.markdown("**Savings plan** (full-year saving; confidence scales it when the gap counts risk-adjusted savings)")
        items = st.data_editor(section_frame(sc, "items"), key=f"savings_items_{version}", num_rows="dynamic",
                               hide_index=True, column_config=_config("items", sc), column_order=ITEM_COLUMNS,
                               width="stretch")
        st.markdown("**Collaboration projects** (our share of the joint saving and implementation cost)")
        collaboration = st.data_editor(section_frame(sc, "collaboration"), key=f"collaboration_{version}",
                                       num_rows="dynamic", hide_index=True, column_config=_config("collaboration", sc),
                                       column_order=COLLABORATION_COLUMNS, width="stretch")
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
