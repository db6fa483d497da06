"""Export page: results and assumptions as Excel and CSV, every chart in every format."""
from __future__ import annotations

import streamlit as st

from mtfp.charts import plan as charts
from mtfp.outputs import tables as export
from mtfp.ui import state
from mtfp.ui.chart_panel import download_buttons
from mtfp.ui.headline import file_stem
from mtfp.ui.text import plain

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

sc = state.current_scenario()
p = state.run_cached(sc)
stem = file_stem(sc)
st.title("Export")
st.caption(f"{plain(sc.name)} · files are made when you click, so nothing here slows the app down.")

st.subheader("Results and assumptions")
left, middle, right = st.columns(3)
left.download_button("Results workbook (XLSX)", data=lambda: export.results_xlsx(p, sc), file_name=f"{stem}.xlsx",
                     mime=XLSX, key="export_xlsx", on_click="ignore", icon=":material/table_view:",
                     help="Summary, funding, spending, savings, budget and gap, workforce, reserves, key figures, "
                          "checks and every assumption with its source.")
middle.download_button("Results by year (CSV)", data=lambda: export.results_csv(p), file_name=f"{stem}-results.csv",
                       mime="text/csv", key="export_csv", on_click="ignore", icon=":material/csv:",
                       help="One row per year, full precision in pounds.")
right.download_button("Assumptions (CSV)", data=lambda: export.assumptions_csv(sc),
                      file_name=f"{stem}-assumptions.csv", mime="text/csv", key="export_assumptions_csv",
                      on_click="ignore", icon=":material/csv:")
middle.download_button("Results by year (JSON)", data=lambda: export.results_json(p), file_name=f"{stem}-results.json",
                       mime="application/json", key="export_json", on_click="ignore", icon=":material/data_object:")
left.download_button("Scenario file (YAML)", data=lambda: state.scenario_text(sc), file_name=f"{stem}.yaml",
                     mime="application/x-yaml", key="export_yaml", on_click="ignore", icon=":material/description:")

st.subheader("Charts")
CHARTS = [("gap", "Funding gap", charts.gap_chart), ("bridge", "Gap bridge", charts.bridge_chart),
          ("funding-spending", "Funding and spending", charts.funding_spending_chart),
          ("reserves", "Reserves", charts.reserves_chart), ("fte", "Workforce (FTE)", charts.fte_chart),
          ("savings", "Savings", charts.savings_chart), ("funding-mix", "Funding mix", charts.funding_mix_chart)]
for name, label, build in CHARTS:
    fig = build(p)
    st.markdown(f"**{label}**: {plain(fig.layout.title.text)}")
    download_buttons(fig, f"{stem}-{name}", f"export_{name.replace('-', '_')}")
