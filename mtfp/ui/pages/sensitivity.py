"""Sensitivity page: the +1 pp table, the tornado and the Sobol / Morris ranking of the
current scenario, each computed once per scenario content."""
from __future__ import annotations

import streamlit as st

from mtfp.analysis import sensitivity
from mtfp.charts import risk as charts
from mtfp.outputs import analysis_text as report
from mtfp.results import scenario_title
from mtfp.scenario import Scenario
from mtfp.scenario.plandate import plan_date
from mtfp.ui import state
from mtfp.ui.chart_panel import show_chart
from mtfp.ui.headline import file_stem
from mtfp.units import fmt_gbp_m

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@st.cache_resource(show_spinner=False, max_entries=16)
def _table(key: str, _sc: Scenario):
    return sensitivity.rate_table(_sc)


@st.cache_resource(show_spinner=False, max_entries=16)
def _tornado(key: str, year: int, _sc: Scenario):
    return sensitivity.tornado(_sc, year=year)


@st.cache_resource(show_spinner=False, max_entries=16)
def _global(key: str, method: str, n: int, year: int, _sc: Scenario):
    if method == "sobol":
        return sensitivity.sobol(_sc, n=n, year=year)
    return sensitivity.morris(_sc, year=year)


sc = state.current_scenario()
key = state.content_key(sc)
stem = file_stem(sc)
st.title("Sensitivity")
st.caption("Which assumptions move the funding gap most.")

st.subheader("Effect of one change at a time")
table = _table(key, sc)
years = sc.years[1:]
shown = table.drop(columns=["field"]).copy()
for y in years:
    shown[y] = shown[y].map(fmt_gbp_m)
st.caption("+1 percentage point on each rate, +£1 on Band D; effect on each year's gap "
           "(positive = a bigger gap), largest final-year effect first.")
st.dataframe(shown, hide_index=True, key="sensitivity_table",
             column_config={"assumption": "Assumption", "change": "Change"})
st.caption(table.attrs.get("master_check", ""))
st.download_button("Table (CSV, pounds)", data=lambda: report.frame_csv(table), file_name=f"{stem}-sensitivity.csv",
                   mime="text/csv", key="sensitivity_csv", on_click="ignore", icon=":material/csv:")

year = st.selectbox("Gap in year", years, index=len(years) - 1, key="sensitivity_year")
index = sc.years.index(year)

st.subheader("Tornado: each uncertain assumption at its low and high value")
frame = _tornado(key, index, sc)
st.caption(f"Ranges: {frame.attrs['origin']}. {frame.attrs.get('master_check', '')}")
show_chart(charts.tornado_chart(frame, scenario_title(sc), as_of=plan_date(sc)), f"{stem}-tornado", "sensitivity_tornado")

st.subheader("Global ranking (SALib)")
g1, g2 = st.columns(2)
method = g1.radio("Method", ["sobol", "morris"], horizontal=True, key="sensitivity_method",
                  format_func={"sobol": "Sobol indices", "morris": "Morris screen (quick)"}.get)
n = g2.select_slider("Sobol sample size N", [128, 256, 512, 1024], value=256, key="sensitivity_n",
                     help="Model runs = N x (number of inputs + 2). 1024 gives tighter confidence intervals.")
if st.toggle("Run the global ranking", key="sensitivity_run_global",
             help="Runs thousands of cases as one ensemble; a second or two."):
    with st.spinner("Running the ensemble..."):
        ranking = _global(key, method, n, index, sc)
    if method == "sobol":
        show_chart(charts.sobol_chart(ranking, scenario_title(sc), as_of=plan_date(sc)), f"{stem}-sobol", "sensitivity_sobol")
    st.dataframe(ranking.drop(columns=["field"]), hide_index=True, key="sensitivity_ranking")
    st.caption(ranking.attrs.get("master_check", ""))
    st.download_button("Ranking (XLSX)", data=lambda: report.xlsx({method: ranking}, {"scenario": sc.name, "method": method}),
                       file_name=f"{stem}-{method}.xlsx", mime=XLSX, key="sensitivity_xlsx", on_click="ignore",
                       icon=":material/table_view:")
