"""Assumptions page: the assumptions register (every input as a finance lead reads it, with its
basis and source), filtered by section, basis and a search; the values given by year; the change log."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from mtfp.outputs import safe
from mtfp.results import (
    BASIS_KINDS,
    assumption_label,
    assumptions_register,
    filter_register,
    is_edited,
    scenario_title,
)
from mtfp.scenario import iter_params
from mtfp.ui import state
from mtfp.ui.headline import file_stem
from mtfp.ui.text import plain
from mtfp.units import fmt_when

sc = state.current_scenario()
st.title("Assumptions")
st.caption(f"{plain(scenario_title(sc))} · from {plain(state.scenario_source())}")
register = assumptions_register(sc)
unsourced = int((register["Basis"] == "illustrative").sum())
estimates = int((register["Basis"] == "estimate").sum())
edited = sum(1 for _, param in iter_params(sc) if is_edited(param))
st.markdown(f"{len(register)} assumptions; **{unsourced}** are :orange-badge[illustrative] (no published source)"
            + (f", **{estimates}** are estimates awaiting the force's own figure" if estimates else "")
            + f"; **{edited}** edited in mtfp (the source says when and what it was).")

left, middle, right = st.columns([2, 2, 3])
sections = left.multiselect("Section", list(dict.fromkeys(register["Section"])), key="register_sections",
                            placeholder="All sections")
bases = middle.multiselect("Basis", BASIS_KINDS, key="register_bases", placeholder="Every basis",
                           help="National default: inherited from the nation's published rules. Force figure: the "
                                "force's own, with its source. Edited in mtfp: changed here (the change log says what "
                                "it was). Illustrative: no published source. Estimate: a placeholder awaiting the "
                                "force's figure.")
search = right.text_input("Search", key="register_search", placeholder="e.g. pay award, Police grant, Home Office")
shown = filter_register(register, sections, bases, search)
is_url = shown["Link"].str.startswith(("http://", "https://"))
# A document reference (not a web address) reads beside the title; the Link column holds web links only.
table = shown.assign(Source=[f"{t} ({link})" if link and not url else t
                             for t, link, url in zip(shown["Source"], shown["Link"], is_url)],
                     Link=shown["Link"].where(is_url, ""))  # blank, never "None", where there is no web link
st.caption(f"Showing {len(shown)} of {len(register)}.")
st.dataframe(table[["Section", "Assumption", "Value", "Basis", "Source", "Link", "Note", "Field"]],
             hide_index=True, key="assumptions", width="stretch", height=520,
             # Widths: the first six columns fill a 1440-px screen beside the sidebar; note and field scroll.
             column_config={
                 "Section": st.column_config.TextColumn(width=95),
                 "Assumption": st.column_config.TextColumn(width=290),
                 "Value": st.column_config.TextColumn(width=180, help="Money £m to 1 dp (£k under £1m); a value "
                                                                      "given by year by the year it changes (every "
                                                                      "year in the table below)"),
                 "Basis": st.column_config.TextColumn(width=140),
                 "Source": st.column_config.TextColumn(width=200),
                 "Link": st.column_config.LinkColumn("Link", display_text=r"https?://(?:www\.)?([^/]+)", width=75),
                 "Note": st.column_config.TextColumn(width=300),
                 "Field": st.column_config.TextColumn("Field (in the scenario file)", width=300),
             })

years = list(sc.years)
by_year = shown[shown[years].ne("").any(axis=1)]
st.subheader("Values by year")
if by_year.empty:
    st.caption("No assumption shown above is given year by year.")
else:
    st.caption("The value that applies in each year of the plan, for the assumptions given year by year.")
    st.dataframe(by_year[["Assumption", *years, "Basis"]], hide_index=True, key="assumptions_by_year", width="stretch")

st.download_button("Assumptions register (CSV)", data=safe.to_csv(register), file_name=f"{file_stem(sc)}-assumptions.csv",
                   mime="text/csv", key="register_csv", icon=":material/download:",
                   help="Every assumption, values as text with their units, one column per year; the results "
                        "workbook (Export) has the same register on its Assumptions sheet.")

st.subheader("Change log")
if sc.changes:
    st.caption("Kept inside the scenario file when you save it.")
    params = dict(iter_params(sc))
    log = pd.DataFrame([{"When": fmt_when(c.when),
                         "Assumption": assumption_label(sc, c.field) if c.field in params else c.field,
                         "Old": str(c.old), "New": str(c.new), "Old value's source": c.old_source or "",
                         "Field": c.field}
                        for c in reversed(sc.changes)])
    st.dataframe(log, hide_index=True, key="change_log", width="stretch")
else:
    st.info("No changes yet: edits made on the Scenario page are listed here, newest first.")
