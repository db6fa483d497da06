"""Goal seek page: what would close the gap? Precept, savings, posts or the break-even cut.

Each answer says whether it is feasible and why not; a feasible answer can become the
current scenario (then saved or exported like any other).
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from mtfp.analysis import goalseek
from mtfp.charts import plan as charts
from mtfp.outputs import analysis_text
from mtfp.results import key_figures
from mtfp.scenario import Scenario, ScenarioError
from mtfp.ui import editing, state
from mtfp.ui.chart_panel import show_chart
from mtfp.ui.headline import file_stem
from mtfp.ui.text import plain

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
st.caption("The answer comes from scipy.optimize and is checked by running the model with it. Precept and posts "
           "balance the gap after one-off items and reserve movements (the budget requirement met by general "
           "grants, council tax and the collection fund); savings and the break-even cut keep the general reserve "
           "at its minimum.")
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

if target == "posts" and answer.value:
    # The headline divides the final-year recurring gap by one officer's full-year cost; the answer is what
    # the model must remove, so the two differ for reasons a finance lead should hear once.
    k = key_figures(state.run_cached(sc))
    headline_posts = k["officer_post_equivalent"]
    if year == k["final_year"] and abs(answer.value - headline_posts) >= 0.5:
        whose = ("" if group == sc.workforce.officer_group else
                 f" and a post of {plain(sc.workforce.groups[group].name)} costs a different amount")
        st.info(f"This is {answer.value:,.1f} FTE, not the headline's {headline_posts:,.0f} officer posts (the "
                f"{year} recurring gap over one officer's full-year pay and on-costs; the answer balances the gap after "
                "one-offs and reserves), because pay follows the average FTE "
                "in each year, so a post removed during a year saves about half of it that year (part-year effect), "
                "the reduction is spread over the years and met as leavers go (attrition timing), any redundancy "
                f"cost is paid once{whose}.", icon=":material/info:")

rows = analysis_text.answer_rows(answer)
if rows:
    st.dataframe(pd.DataFrame(rows, columns=["Measure", "Answer"]), hide_index=True, key="goal_details")

if answer.scenario is not None:
    solved = answer.scenario
    p = state.run_cached(solved)
    stem = file_stem(sc)
    show_chart(charts.reserves_chart(p) if target in ("savings", "cut") else charts.gap_chart(p),
               f"{stem}-goal-seek-{target}", f"goal_{target}")
    left, right = st.columns(2)
    if answer.feasible and left.button("Apply to scenario", key="goal_use", icon=":material/done:",
                                       help="Writes the answer into the current scenario (each setting it changes "
                                            "goes into the change log); save or export it from the other pages."):
        state.apply(editing.adopt(sc, solved), f"goal seek applied ({TARGETS[target].lower()})")
        st.rerun()
    right.download_button("Scenario with this answer (YAML)", data=lambda: state.scenario_text(solved),
                          file_name=f"{stem}-goal-seek-{target}.yaml", mime="application/x-yaml", key="goal_yaml",
                          on_click="ignore", icon=":material/description:")
