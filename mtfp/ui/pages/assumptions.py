"""Assumptions page: every input with value, unit and source, and the change log."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from mtfp.results import assumptions_table, is_edited, scenario_title
from mtfp.ui import state
from mtfp.ui.text import plain
from mtfp.units import fmt_when

sc = state.current_scenario()
st.title("Assumptions")
st.caption(f"{plain(scenario_title(sc))} · from {plain(state.scenario_source())}")
table = assumptions_table(sc)
unsourced = int(table["illustrative"].sum())
edited = sum(1 for param in state.params(sc).values() if is_edited(param))
st.markdown(f"{len(table)} assumptions; **{unsourced}** are :orange-badge[illustrative] (no published source), "
            f"{len(table) - unsourced} cite a source; **{edited}** edited in mtfp (the source says when and what "
            "it was).")
table = table.assign(value=table["value"].astype(str),
                     illustrative=table["illustrative"].map({True: "illustrative", False: ""}),
                     link=table["link"].where(table["link"].str.startswith("http"), None),
                     document=table["link"].where(~table["link"].str.startswith("http"), ""))
st.dataframe(table[["field", "value", "unit", "basis", "illustrative", "source", "link", "document", "note"]], hide_index=True,
             key="assumptions", width="stretch", height=600,
             column_config={"link": st.column_config.LinkColumn("Link", display_text="open"),
                            "illustrative": st.column_config.TextColumn("Badge"),
                            "basis": st.column_config.TextColumn("Basis", help="national default, force's own, or estimate"),
                            "field": st.column_config.TextColumn("Field", width="large")})

st.subheader("Change log")
if sc.changes:
    st.caption("Kept inside the scenario file when you save it.")
    log = pd.DataFrame([{"when": fmt_when(c.when), "field": c.field, "old": str(c.old), "new": str(c.new)}
                        for c in reversed(sc.changes)])
    st.dataframe(log, hide_index=True, key="change_log", width="stretch")
else:
    st.info("No changes yet: edits made on the Scenario page are listed here, newest first.")
