"""Risk page: Monte Carlo over the uncertain assumptions of the current scenario.

Fan charts of the gap and the general reserve, the chance by year of breaking the minimum
reserve or running out, the cumulative gap and P(gap > X), and the combinations of
assumptions behind the failing draws. Runs are kept per scenario content and settings.
"""
from __future__ import annotations

import streamlit as st

from mtfp.analysis import discovery, montecarlo
from mtfp.charts import risk as charts
from mtfp.checks import worst_check_text
from mtfp.outputs import analysis_text as report
from mtfp.scenario.plandate import plan_date
from mtfp.ui import state
from mtfp.ui.chart_panel import show_chart
from mtfp.ui.headline import file_stem
from mtfp.ui.text import plain
from mtfp.units import fmt_gbp_m, fmt_pct

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_RUNS = "risk_runs"  # session cache: (scenario content, settings) -> MonteCarlo
KEEP_RUNS = 4

sc = state.current_scenario()
st.title("Risk")
st.caption("How far the gap and the reserves could move if the assumptions turn out differently. "
           "Draw 0 is the scenario as written (the central case).")

opts = montecarlo.settings(sc)
c1, c2, c3, c4 = st.columns(4)
draws = c1.number_input("Draws", min_value=100, max_value=100_000, step=1_000, key="risk_draws",
                        value=min(int(opts["draws"]), 100_000), help="More draws: smoother percentiles, a longer run.")
seed = c2.number_input("Seed", min_value=0, value=int(opts["seed"]), step=1, key="risk_seed",
                       help="The same seed and scenario always give the same numbers.")
samplers = ["lhs", "sobol", "random"]
sampler = c3.selectbox("Sampler", samplers, index=samplers.index(opts["sampler"]), key="risk_sampler",
                       format_func={"lhs": "Latin hypercube", "sobol": "Sobol sequence", "random": "Random"}.get)
deliveries = ["expected", "bernoulli"]
delivery = c4.selectbox("Savings delivery", deliveries, index=deliveries.index(opts["savings_delivery"]),
                        key="risk_delivery", format_func={"expected": "Expected (amount x confidence)",
                                                          "bernoulli": "All or nothing (chance = confidence)"}.get)

key = (state.content_key(sc), int(draws), int(seed), sampler, delivery)
runs = st.session_state.setdefault(_RUNS, {})
if key not in runs:
    bar = st.progress(0.0, text="Running the draws...")
    try:
        mc = montecarlo.simulate(sc, int(draws), int(seed), sampler, delivery,
                                 progress=lambda done, total: bar.progress(done / total, text=f"{done:,} of {total:,} draws"))
    finally:
        bar.empty()
    while len(runs) >= KEEP_RUNS:
        runs.pop(next(iter(runs)))
    runs[key] = mc
mc = runs[key]

st.info(plain(f"Ranges: {mc.origin}. Uncertain: {', '.join(mc.sample.labels)}."), icon=":material/info:")
st.caption(worst_check_text(mc.checks, mc.size))
final = mc.years[-1]
h = montecarlo.headline(mc)
# One measure for the threshold, the metric and the histogram: the cumulative gap over the plan.
span = f"{mc.years[1]} to {final}"
central_cumulative = float(mc.lines["cumulative_gap"][0, -1])
threshold_m = st.number_input(f"Show the chance that the cumulative gap {span} is above (£m)",
                              value=round(max(central_cumulative, 0) / 1e6, 1), step=0.5, key="risk_threshold",
                              help="The same measure as the histogram of the cumulative gap below.")
threshold = threshold_m * 1e6
m1, m2, m3 = st.columns(3)
m1.metric("Cumulative gap (central)", fmt_gbp_m(h["cumulative_gap_central"]),
          help=f"Sum of the gaps {span} in the central case (the scenario as written).")
m2.metric("Cumulative gap P5", fmt_gbp_m(h["cumulative_gap_p5"]), help="1 draw in 20 is lower than this.")
m3.metric("Cumulative gap P95", fmt_gbp_m(h["cumulative_gap_p95"]), help="1 draw in 20 is higher than this.")
m4, m5, _ = st.columns(3)  # two rows of three, so no label is cut short
m4.metric(f"Below minimum by {final}", fmt_pct(h["p_minimum_breached_by_final_year"], 0),
          help="Share of draws where the general reserve closes below its minimum in any year up to this one.")
m5.metric(f"Cumulative gap above {fmt_gbp_m(threshold)}",
          fmt_pct(montecarlo.exceedance(mc, threshold, line="cumulative_gap"), 0),
          help=f"Share of the {mc.size:,} draws whose cumulative gap {span} is above the amount chosen above "
               "(the dashed line on the histogram).")

stem = file_stem(sc)
as_of = plan_date(sc)
show_chart(charts.fan_chart(mc, "funding_gap", as_of=as_of), f"{stem}-gap-fan", "risk_gap_fan")
show_chart(charts.fan_chart(mc, "general_reserve_closing", as_of=as_of), f"{stem}-reserve-fan", "risk_reserve_fan")
show_chart(charts.probability_chart(mc, as_of=as_of), f"{stem}-reserve-risk", "risk_probability")
show_chart(charts.cumulative_gap_chart(mc, threshold, as_of=as_of), f"{stem}-cumulative-gap", "risk_cumulative")

st.subheader("What drives the failures")
d1, d2 = st.columns(2)
event = d1.selectbox("Failure", list(discovery.EVENTS), key="risk_event",
                     format_func={"minimum_breached": "General reserve below its minimum",
                                  "reserves_run_out": "General reserve runs out"}.get)
by_year = d2.selectbox("By", mc.years[1:], index=min(2, len(mc.years) - 2), key="risk_by_year")
found = discovery.explain(mc, event=event, by_year=mc.years.index(by_year))
st.markdown(plain(found.summary))
if found.rules:
    st.markdown("\n".join(f"- {plain(rule.text)}" for rule in found.rules))

by_year_table = report.mc_by_year(mc)
st.download_button("Monte Carlo results (XLSX)", data=lambda: report.mc_xlsx(mc, threshold), file_name=f"{stem}-risk.xlsx",
                   mime=XLSX, key="risk_xlsx", on_click="ignore", icon=":material/table_view:")
with st.expander("Percentiles and probabilities by year (£m)"):
    shown = by_year_table.copy()
    money = [c for c in shown.columns if c.startswith(("gap_", "general_reserve_"))]
    shown[money] = shown[money] / 1e6
    st.dataframe(shown, hide_index=True, key="risk_table",
                 column_config={c: st.column_config.NumberColumn(format="%.1f") for c in money}
                 | {c: st.column_config.NumberColumn(format="percent") for c in shown.columns if c.startswith("p_")})
