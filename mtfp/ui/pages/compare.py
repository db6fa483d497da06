"""Compare page: saved scenarios side by side, what differs, and what explains the difference."""
from __future__ import annotations

import streamlit as st

from mtfp.analysis.attribution import attribute_gap_difference, diff_assumptions
from mtfp.charts import plan as charts
from mtfp.outputs.tables import compare_summary
from mtfp.results import scenario_title
from mtfp.scenario import ScenarioError
from mtfp.ui import state
from mtfp.ui.chart_panel import show_chart
from mtfp.units import fmt_gbp_m, fmt_pct

CURRENT = "Current scenario (unsaved edits)"

st.title("Compare scenarios")
available = state.saved_scenarios()
options = [CURRENT, *available]
csr = [label for label in available if f"{label}.yaml" in state.CSR_SET]


def pick_csr_set() -> None:
    st.session_state["compare_pick"] = csr


st.button("CSR 25/30/35/40 set", on_click=pick_csr_set, icon=":material/stacked_line_chart:",
          help="Compare the four spending-review scenarios forces planned for: 25%, 30%, 35% and 40% real-terms cuts.")


def _file_names() -> dict[str, str]:
    """Each saved file's scenario name (its file id where the file cannot be read)."""
    names = {}
    for label, path in available.items():
        try:
            names[label] = state.load_cached(path).name
        except ScenarioError:
            names[label] = label
    return names


file_names = _file_names()


def option_title(label: str) -> str:
    """A file's scenario by its title ('CSR 25% real-terms cut'), not its file id; the id is added
    only where two files hold scenarios of one name."""
    if label == CURRENT:
        return f"{scenario_title(state.current_scenario())} (current)"
    name = file_names[label]
    return name if list(file_names.values()).count(name) == 1 else f"{name} ({label})"


chosen = st.multiselect("Scenarios to compare", options, key="compare_pick", format_func=option_title,
                        help="Built-in scenarios and the ones saved from the app (Save, load, upload page).")

scenarios, problems = {}, []
for label in chosen:
    if label == CURRENT:
        scenarios[label] = state.current_scenario()
        continue
    try:
        scenarios[label] = state.load_cached(available[label])
    except ScenarioError as exc:
        problems += exc.problems
state.show_errors(problems, "Some scenarios could not be read:")


def display_names(picked: dict) -> dict:
    """Charts and tables say each scenario's own name ('(edited)' once changed in mtfp); the file label is added only to tell two apart."""
    names = [f"{scenario_title(sc)} (current)" if label == CURRENT else scenario_title(sc) for label, sc in picked.items()]
    return {(f"{name} [{label}]" if names.count(name) > 1 else name): sc
            for name, (label, sc) in zip(names, picked.items())}


scenarios = display_names(scenarios)

if len(scenarios) < 1:
    st.info("Choose scenarios above, or click **CSR 25/30/35/40 set**.")
    st.stop()

with st.spinner("Running the scenarios..."):
    projections = {label: state.run_cached(sc) for label, sc in scenarios.items()}

show_chart(charts.compare_gap_chart(projections), "compare-gap", "compare_gap")

st.subheader("Final-year and cumulative gap")
summary = compare_summary(projections).sort_values("final_year_recurring_gap", kind="stable").reset_index(drop=True)
st.dataframe(
    summary.assign(final_year_recurring_gap=summary["final_year_recurring_gap"].map(fmt_gbp_m),
                   final_year_gap=summary["final_year_gap"].map(fmt_gbp_m),
                   cumulative_gap=summary["cumulative_gap"].map(fmt_gbp_m),
                   gap_pct_of_net_budget=summary["gap_pct_of_net_budget"].map(fmt_pct)),
    hide_index=True, key="compare_summary",
    column_config={"scenario": "Scenario", "final_year": "Final year",
                   "final_year_recurring_gap": "Final-year recurring gap",
                   "final_year_gap": "Final-year gap after one-offs and reserves",
                   "cumulative_gap": "Cumulative gap after one-offs and reserves",
                   "gap_pct_of_net_budget": "Recurring gap as % of net revenue expenditure"})

if len(scenarios) < 2:
    st.info("Choose a second scenario to see what differs and why.")
    st.stop()

st.subheader("What differs and why")
labels = list(scenarios)
left, right = st.columns(2)
name_a = left.selectbox("Scenario A", labels, index=0, key="compare_a")
name_b = right.selectbox("Scenario B", labels, index=len(labels) - 1, key="compare_b")
a, b = scenarios[name_a], scenarios[name_b]
differ = diff_assumptions(a, b)
if differ.empty:
    st.info("These two scenarios have the same assumptions.")
else:
    st.dataframe(differ.rename(columns={"a_value": f"A: {name_a}", "b_value": f"B: {name_b}"}), hide_index=True,
                 key="compare_diff")
    with st.spinner("Attributing the difference to its drivers..."):
        attribution = attribute_gap_difference(a, b)
    show_chart(charts.attribution_chart(attribution, name_a, name_b, year=projections[name_b].years[-1]),
               "gap-attribution", "attribution")
