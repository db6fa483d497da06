"""Consultation results (finance view): how many responses, how each choice was distributed,
the average precept rise chosen, downloads (CSV/XLSX), and the consultation pack.

The options file is consultation/options.yaml unless $MTFP_CONSULTATION_OPTIONS names
another; responses come from $MTFP_CONSULTATION_DB (default consultation/responses.sqlite).
"""
from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from mtfp.charts import plan as charts
from mtfp.charts.consultation import precept_responses_chart
from mtfp.consultation import store
from mtfp.consultation.options import load_consultation
from mtfp.consultation.pack import pack_zip
from mtfp.consultation.responses import responses_csv, responses_xlsx, summary
from mtfp.data import consultation_options_file
from mtfp.results import scenario_title
from mtfp.scenario import ScenarioError
from mtfp.scenario.plandate import plan_date
from mtfp.ui.consultation_public import amount
from mtfp.ui.text import plain
from mtfp.units import fmt_money_small

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
options_path = Path(os.environ.get("MTFP_CONSULTATION_OPTIONS") or consultation_options_file())


st.title("Consultation results")
try:
    consultation = load_consultation(options_path)
except ScenarioError as exc:
    st.error("The consultation options file has problems:\n" + "\n".join(f"- {plain(p)}" for p in exc.problems),
             icon=":material/error:")
    st.stop()
options = consultation.options
st.caption(plain(f"{options.title} · options file {options_path} · responses in {store.db_path()}"))

responses = store.read_responses(consultation=options.title)
result = summary(responses, options)
left, right = st.columns(2)
left.metric("Responses", f"{result['count']:,}")
right.metric("Average Band D rise chosen",
             "n/a" if result["count"] == 0 else fmt_money_small(result["average_band_d_rise"]),
             help="£ a year on a Band D home")

if result["malformed"]:
    bad = result["malformed"]
    st.warning(plain(f"{len(bad):,} stored response(s) do not match the options file and are left out of every "
                     f"figure and download: id {', '.join(str(i) for i in sorted(bad)[:50])}"
                     + (" ..." if len(bad) > 50 else "") + f". First problem: {next(iter(bad.values()))}"),
               icon=":material/warning:")

if result["count"]:
    fig = precept_responses_chart(result["precept_distribution"], scenario_title(consultation.scenario),
                                  as_of=plan_date(consultation.scenario))
    st.plotly_chart(fig, theme=None, key="results_precept_chart", width="stretch")
    st.caption(charts.alt_text(fig))
    st.subheader("Savings options")
    table = result["savings_distribution"]
    # Money as the resident saw it (£m to 1 dp, £k where 1 dp would misstate it); counts whole; shares 1 dp.
    shown = table.assign(share=table["share"] * 100,
                         average_chosen_gbp_m=(table["average_chosen_gbp_m"] * 1e6).map(amount),
                         full_saving_gbp_m=(table["full_saving_gbp_m"] * 1e6).map(amount))
    st.dataframe(shown.rename(columns={
        "name": "Option", "chosen": "Responses choosing it", "share": "Share of responses",
        "average_chosen_gbp_m": "Average chosen", "full_saving_gbp_m": "Full saving"}).drop(columns="option"),
        hide_index=True, key="results_savings_table",
        column_config={"Responses choosing it": st.column_config.NumberColumn(format="%d"),
                       "Share of responses": st.column_config.NumberColumn(format="%.1f%%")})
else:
    st.info("No responses yet. Residents respond at `streamlit run app.py -- --consultation "
            f"{options_path}`.", icon=":material/hourglass_empty:")

one, two = st.columns(2)
one.download_button("Responses (CSV)", data=lambda: responses_csv(responses, options), file_name="responses.csv",
                    mime="text/csv", key="results_csv", on_click="ignore", icon=":material/csv:")
two.download_button("Responses (XLSX)", data=lambda: responses_xlsx(responses, options), file_name="responses.xlsx",
                    mime=XLSX, key="results_xlsx", on_click="ignore", icon=":material/table_view:")

st.subheader("Consultation pack")
st.markdown("Charts (PNG, SVG, PDF where Chromium is available, and HTML), the data and alt text behind each, "
            "a one-page summary and an index page, for the scenario this consultation applies to.")
if st.button("Build consultation pack", key="results_build_pack", icon=":material/inventory_2:"):
    with st.spinner("Building the pack (about half a minute with PNG/SVG/PDF)..."):
        st.session_state["results_pack"] = pack_zip([consultation.scenario_path], consultation.path)
if "results_pack" in st.session_state:
    data, notes = st.session_state["results_pack"]
    for note in notes:
        st.info(note, icon=":material/info:")
    st.download_button("Download consultation pack (ZIP)", data=data, file_name="consultation-pack.zip",
                       mime="application/zip", key="results_pack_zip", icon=":material/download:")
