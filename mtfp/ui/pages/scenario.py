"""Scenario page: the assumptions in the sidebar, the headline gap, charts, the plan by year and the savings plan."""
from __future__ import annotations

import streamlit as st

from mtfp import results
from mtfp.charts import plan as charts
from mtfp.results import scenario_title
from mtfp.ui import headline, savings_editor, sidebar, state, tables
from mtfp.ui.chart_panel import show_chart
from mtfp.ui.text import plain

sc = state.current_scenario()
sidebar.show()
sc = state.current_scenario()
p = state.run_cached(sc)

st.title(plain(scenario_title(sc)))
st.caption(f"{sc.years[0]} base year, projected to {sc.years[-1]} · from {plain(state.scenario_source())}"
           + (f" · {len(sc.changes)} change(s) in the log" if sc.changes else ""))
state.show_notice()
state.show_errors()

headline.metrics(p)
headline.master_check(p)
for text in results.warnings(p):  # what the plan asks for that it cannot deliver (e.g. officer reductions)
    st.warning(plain(text), icon=":material/warning:")

stem = headline.file_stem(sc)
show_chart(state.chart(charts.gap_chart, sc), f"{stem}-gap", "gap")

# Only the open tab is drawn (on_change="rerun"): a rerun builds two charts, not five.
MORE = [("Gap bridge", charts.bridge_chart, "bridge"), ("Funding and spending", charts.funding_spending_chart,
        "funding_spending"), ("Reserves", charts.reserves_chart, "reserves"), ("Workforce (FTE)", charts.fte_chart, "fte")]
for tab, (_label, build, key) in zip(st.tabs([m[0] for m in MORE], key="chart_tab", on_change="rerun"), MORE):
    if tab.open:
        with tab:
            show_chart(state.chart(build, sc), f"{stem}-{key.replace('_', '-')}", key)

st.subheader("Plan by year")
st.caption("The medium-term financial plan year by year, as a Police and Crime Panel report shows it: spending, "
           "savings and one-off costs, specific grants and income, net revenue expenditure, reserve movements, the "
           "budget requirement and the general grants, council tax and collection fund that meet it; then the "
           "recurring gap (and the new recurring savings it needs each year), one-off items, reserve movements, the "
           "gap after them and its running total, reserves and FTE. The same table `mtfp run` prints.")
st.dataframe(tables.plan_display_frame(p), hide_index=True, key="plan_by_year")

savings_editor.show()
