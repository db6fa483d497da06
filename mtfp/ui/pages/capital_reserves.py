"""Capital and reserves page: the capital programme and its financing, the reserves strategy
with its resilience figures, and the risk-based general reserve (the register simulated).

Every figure comes from mtfp.results (capital_programme_table, cfr_table, reserves_strategy_table,
resilience_figures, risk_based_reserve, risk_register_table); nothing is computed here.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from mtfp import results
from mtfp.outputs import safe
from mtfp.outputs.tables import format_value
from mtfp.ui import state
from mtfp.ui.text import plain
from mtfp.units import fmt_gbp_m


def shown(frame: pd.DataFrame, years: list[str], keep: list[str]) -> pd.DataFrame:
    """The frame with each year's figure as displayed (money £m to 1 dp, ratios as %)."""
    out = frame[keep].copy()
    for year in years:
        out[year] = [format_value(value, unit) for value, unit in zip(frame[year], frame["unit"])]
    return out


sc = state.current_scenario()
p = state.run_cached(sc)
years = p.years
st.title("Capital and reserves")
st.caption(f"{plain(results.scenario_title(sc))} · money in £m")

st.subheader("Capital programme and financing")
if results.has_capital_programme(p):
    capital = results.capital_key_figures(p)
    c1, c2, c3 = st.columns(3)
    c1.metric(f"Capital programme {years[1]} to {years[-1]}", fmt_gbp_m(capital["capital_programme_total"]))
    c2.metric("Of which prudential borrowing", fmt_gbp_m(capital["borrowing_total"]))
    c3.metric(f"Financing costs / net revenue stream {years[-1]}", safe.percent(capital["financing_costs_pct_final_year"]),
              help="The prudential indicator: MRP + interest as a share of grants and council tax.")
    programme = results.capital_programme_table(p)
    st.dataframe(shown(programme, years, ["label", "category"] + years), hide_index=True, key="capital_programme",
                 width="stretch")
    st.markdown("**Capital financing requirement and the revenue budget**")
    st.dataframe(shown(results.cfr_table(p), years, ["label"] + years), hide_index=True, key="capital_cfr",
                 width="stretch")
else:
    st.info("This scenario gives capital financing as one line a year (non_pay.capital_financing). Add a `capital:` "
            "section (schemes, funding, MRP policy, existing debt) to see the programme, the CFR and the "
            "prudential indicator.")

st.subheader("Reserves strategy")
resilience = results.resilience_figures(p)
final = years[-1]
share = resilience["reserves_pct_of_net_revenue_expenditure"][final]
cover = resilience["reserves_years_cover"][final]
r1, r2, r3 = st.columns(3)
r1.metric(f"Usable reserves {final}", fmt_gbp_m(resilience["usable_reserves_final_year"]))
r2.metric(f"Usable reserves as % of net revenue expenditure {final}",
          safe.NOT_APPLICABLE if share is None else safe.percent(share))
r3.metric(f"Years they would last at {final}'s draw", "not drawn" if cover is None else f"{cover:,.1f}")
events = [f"minimum general reserve breached: **{resilience['minimum_breached'] or 'not breached'}**",
          f"usable reserves run out: **{resilience['usable_reserves_run_out'] or 'do not run out'}**"]
if resilience["gap_unfunded_total"] > 0.005:
    events.append(f"gap not funded from reserves over the plan: **{fmt_gbp_m(resilience['gap_unfunded_total'])}**")
st.markdown("; ".join(events))
strategy = results.reserves_strategy_table(p)
st.dataframe(shown(strategy, years, ["reserve", "category", "purpose"] + years), hide_index=True, key="reserves_strategy",
             width="stretch")
with st.expander("Each reserve year by year (opening, uses, contributions, interest, closing)"):
    st.dataframe(shown(results.reserves_movements_table(p), years, ["label"] + years), hide_index=True,
                 key="reserves_movements", width="stretch")

st.subheader("Risk-based general reserve")
risk = results.risk_based_reserve(p)
if risk:
    k1, k2, k3 = st.columns(3)
    k1.metric(f"Needed at {safe.percent(risk['confidence'], 0)} confidence", fmt_gbp_m(risk["risk_based_reserve"]))
    k2.metric(f"General reserve held at the start of {risk['budget_year']}", fmt_gbp_m(risk["general_reserve_held"]),
              delta=f"{fmt_gbp_m(-risk['shortfall'])} {'above' if risk['shortfall'] <= 0 else 'below'} the need",
              delta_color="normal" if risk["shortfall"] <= 0 else "inverse")
    k3.metric(f"Minimum ({safe.percent(risk['minimum_pct'])} of the budget)", fmt_gbp_m(risk["minimum_general_reserve"]))
    st.caption(f"{risk['draws']:,} simulated years, seed {risk['seed']}: each risk happens with its probability and "
               "costs a triangular draw between its low and high impact. Contributions add up to the reserve needed.")
    table = results.risk_register_table(p)
    view = pd.DataFrame({
        "Risk": table["name"], "Category": table["category"],
        "Probability": [safe.percent(x, 0) for x in table["probability"]],
        "Impact low-most likely-high": [f"{fmt_gbp_m(a)} / {fmt_gbp_m(b)} / {fmt_gbp_m(c)}" for a, b, c in
                                        zip(table["impact_low"], table["impact_most_likely"], table["impact_high"])],
        "Expected loss": [fmt_gbp_m(x) for x in table["expected_loss"]],
        "Contribution": [fmt_gbp_m(x) for x in table["contribution"]],
        "Source": table["source"], "Owner": table["owner"]})
    st.dataframe(view, hide_index=True, key="risk_register", width="stretch")
else:
    st.info("No risk register in this scenario. Add `risk_register:` (risks with a probability and a low / most likely "
            "/ high impact) to size the general reserve on the risks rather than a % of the budget.")
