"""Goal seek page: what would close the gap? Precept, savings, posts or the break-even cut.

Each answer says whether it is feasible and why not; a feasible answer can become the
current scenario (then saved or exported like any other).
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from mtfp.analysis import goalseek
from mtfp.charts import plan as charts
from mtfp.scenario import Scenario, ScenarioError
from mtfp.ui import state
from mtfp.ui.chart_panel import show_chart
from mtfp.ui.headline import file_stem
from mtfp.ui.text import plain
from mtfp.units import fmt_gbp_m

TARGETS = {
    "precept": "Band D rise that balances the budget",
    "savings": "Savings that keep the general reserve at its minimum",
    "posts": "Posts to remove to close the gap",
    "cut": "Deepest grant cut the reserves can absorb",
}


@st.cache_resource(show_spinner=False, max_entries=32)
def _solve(key: str, target: str, year: str, whole_plan: bool, allow: bool, group: str, _sc: Scenario):
    if target == "precept":
        return goalseek.precept(_sc, year, whole_plan=whole_plan, allow_referendum=allow)
    if target == "savings":
        return goalseek.savings(_sc)
    if target == "posts":
        return goalseek.posts(_sc, group, year)
    return goalseek.breakeven_cut(_sc, year)


sc = state.current_scenario()
st.title("Goal seek")
st.caption("The answer comes from scipy.optimize and is checked by running the model with it.")
state.show_errors()

target = st.radio("What should close the gap?", list(TARGETS), format_func=TARGETS.get, key="goal_target")
years = sc.years[1:]
year, whole_plan, allow, group = years[-1], False, False, sc.workforce.officer_group
if target in ("precept", "posts", "cut"):
    label = {"precept": "Balance the year", "posts": "Balance the year", "cut": "Keep the minimum reserve up to"}[target]
    year = st.selectbox(label, years, index=len(years) - 1, key="goal_year")
if target == "precept":
    whole_plan = st.checkbox("Balance the whole plan (the sum of every year's gap) instead", key="goal_whole_plan")
    allow = st.checkbox("Allow a rise above the referendum limit (a referendum is held)", key="goal_allow")
if target == "posts":
    groups = list(sc.workforce.groups)
    group = st.selectbox("Workforce group", groups, index=groups.index(sc.workforce.officer_group), key="goal_group",
                         format_func=lambda g: sc.workforce.groups[g].name)

try:
    answer = _solve(state.content_key(sc), target, year, whole_plan, allow, group, sc)
except ScenarioError as exc:
    state.show_errors(exc.problems, "The goal seek could not run:")
    st.stop()

if answer.feasible:
    st.success(plain(answer.message), icon=":material/check_circle:")
else:
    st.warning(plain(answer.message), icon=":material/warning:")

# Detail -> (label, how to show it): money in £m, FTE to 1 dp, rates in %.
DETAILS = {
    "year": ("Target", str), "group": ("Workforce group", str),
    "band_d_rise_pct": ("Band D rise needed (% a year)", lambda v: f"{v:.2f}%"),
    "capped_years": ("Years the referendum limit caps the rise", lambda v: ", ".join(v) or "none"),
    "gap_within_limit": ("Gap left within the limit", lambda v: fmt_gbp_m(v, 2)),
    "new_savings_by_year": ("New recurring savings in", lambda v: fmt_gbp_m(v, 2)),
    "recurring_savings_by_final_year": ("Recurring savings by the final year", lambda v: fmt_gbp_m(v, 2)),
    "reduction_fte": ("FTE reduction", lambda v: f"{v:,.1f}"),
    "by_attrition_fte": ("Delivered by not replacing leavers (FTE)", lambda v: f"{v:,.1f}"),
    "redundancies_fte": ("Redundancies (FTE)", lambda v: f"{v:,.1f}"),
    "redundancy_cost": ("Redundancy cost (one-off)", lambda v: fmt_gbp_m(v, 2)),
    "reduction_by_year_fte": ("FTE reduction in", lambda v: f"{v:,.1f}"),
    "real_terms_cut_pct": ("Break-even real-terms cut", lambda v: f"{v:.2f}%"),
}
rows = []
for name, value in answer.details.items():
    label, show = DETAILS.get(name, (name, str))
    if isinstance(value, dict):
        rows += [{"item": f"{label} {k}", "value": show(v)} for k, v in value.items()]
    else:
        rows.append({"item": label, "value": show(value)})
if rows:
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="goal_details")

if answer.scenario is not None:
    solved = answer.scenario
    p = state.run_cached(solved)
    stem = file_stem(sc)
    show_chart(charts.reserves_chart(p) if target in ("savings", "cut") else charts.gap_chart(p),
               f"{stem}-goal-seek-{target}", f"goal_{target}")
    left, right = st.columns(2)
    if answer.feasible and left.button("Use this as the current scenario", key="goal_use", icon=":material/done:",
                                       help="Replaces the current scenario; save or export it from the other pages."):
        state.set_scenario(solved, f"goal seek ({TARGETS[target].lower()})")
        st.rerun()
    right.download_button("Scenario with this answer (YAML)", data=lambda: state.scenario_text(solved),
                          file_name=f"{stem}-goal-seek-{target}.yaml", mime="application/x-yaml", key="goal_yaml",
                          on_click="ignore", icon=":material/description:")
