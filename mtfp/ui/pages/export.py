"""Export page: results and assumptions as Excel and CSV, the Panel budget report (DOCX, PDF), every
chart in every format."""
from __future__ import annotations

import streamlit as st

from mtfp.charts import plan as charts
from mtfp.outputs import tables as export
from mtfp.report.pdf import chromium
from mtfp.scenario.plandate import plan_date
from mtfp.ui import state
from mtfp.ui.chart_panel import download_buttons
from mtfp.ui.headline import file_stem
from mtfp.ui.text import plain

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

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

st.subheader("Panel report")
st.caption("The precept proposal and medium-term financial plan a Police and Crime Panel receives: recommendations, "
           "funding, budget bridge, MTFP, workforce, savings, sensitivity, precept options, capital, reserves, risks, "
           "a drafted section 25 statement (for the chief finance officer to review and sign) and every assumption "
           "with its source. It takes a few seconds to build when you click.")


def _panel_report():
    from mtfp.charts.static import static_export_status
    from mtfp.report.content import build_report

    return build_report(sc, p, as_of=plan_date(sc), charts=static_export_status()[0], edited=state.is_edited())


def _panel_docx() -> bytes:
    from mtfp.report.docx import docx_bytes

    return docx_bytes(_panel_report())


def _panel_pdf() -> bytes:
    from mtfp.report.pdf import pdf_bytes

    return pdf_bytes(_panel_report())


report_left, report_right = st.columns(2)
report_left.download_button("Panel report (DOCX)", data=_panel_docx, file_name=f"{stem}-panel-report.docx", mime=DOCX,
                            key="export_panel_docx", on_click="ignore", icon=":material/description:",
                            help="A Word document with real tables (£m to 1 dp) and the consultation charts.")
if chromium() is not None:
    report_right.download_button("Panel report (PDF)", data=_panel_pdf, file_name=f"{stem}-panel-report.pdf",
                                 mime="application/pdf", key="export_panel_pdf", on_click="ignore",
                                 icon=":material/picture_as_pdf:", help="The same report printed to A4 by Chromium.")
else:
    report_right.caption("The PDF needs Chromium, which is not installed here (Debian: apt-get install chromium); "
                         "the DOCX has the same content and prints from Word.")

st.subheader("Charts")
CHARTS = [("gap", "Funding gap", charts.gap_chart), ("bridge", "Gap bridge", charts.bridge_chart),
          ("funding-spending", "Funding and spending", charts.funding_spending_chart),
          ("reserves", "Reserves", charts.reserves_chart), ("fte", "Workforce (FTE)", charts.fte_chart),
          ("savings", "Savings", charts.savings_chart), ("funding-mix", "Funding mix", charts.funding_mix_chart)]
for name, label, build in CHARTS:
    fig = build(p)
    st.markdown(f"**{label}**: {plain(fig.layout.title.text)}")
    download_buttons(fig, f"{stem}-{name}", f"export_{name.replace('-', '_')}")
