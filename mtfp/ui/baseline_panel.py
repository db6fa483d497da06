"""Baseline from Excel: download the template, upload a filled one to make a scenario."""
from __future__ import annotations

import streamlit as st

import mtfp
from mtfp.scenario import ScenarioError
from mtfp.ui import state
from mtfp.ui.files import MAX_UPLOAD_BYTES
from mtfp.workbook import reader as baseline
from mtfp.workbook.balance import balance_message

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def show() -> None:
    st.subheader("Baseline from Excel")
    if st.session_state.get("baseline_balance"):
        st.warning(st.session_state["baseline_balance"].capitalize(), icon=":material/balance:")
    st.caption("Fill in your force's base-year figures (grants, Band D and tax base, workforce groups, non-pay, "
               "reserves) and upload the workbook: it becomes the current scenario, each figure sourced to the "
               "workbook. Name the force on the Force sheet.")
    st.download_button("Download baseline template (Excel)", data=baseline.template_xlsx, file_name="baseline.xlsx",
                       mime=XLSX, key="download_baseline", on_click="ignore", icon=":material/download:")
    upload = st.file_uploader("Filled template (.xlsx)", type=["xlsx"], key="upload_baseline", max_upload_size=5)
    if upload is None or st.session_state.get("baseline_done") == upload.file_id:
        problems = st.session_state.get("baseline_problems") if upload is not None else None
        if problems:
            state.show_errors(problems, f"{upload.name} was not used; fix these cells:")
        return
    st.session_state["baseline_done"] = upload.file_id
    data = upload.getvalue()
    try:
        if len(data) > 5 * MAX_UPLOAD_BYTES:
            raise ScenarioError([f"{upload.name}: the file is {len(data):,} bytes; the template is far smaller"])
        with st.spinner("Reading the workbook..."):
            scenario = baseline.scenario_from_baseline(data, upload.name)
    except ScenarioError as exc:
        st.session_state["baseline_problems"] = exc.problems
        state.show_errors(exc.problems, f"{upload.name} was not used; fix these cells:")
        return
    st.session_state.pop("baseline_problems", None)
    st.session_state["baseline_balance"] = balance_message(mtfp.run(scenario))  # shown above, before any projection
    state.set_scenario(scenario, f"baseline workbook {upload.name}")
    st.rerun()
