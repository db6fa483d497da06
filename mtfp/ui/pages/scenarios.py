"""Save, load, upload: scenario files, the YAML download and the baseline Excel template."""
from __future__ import annotations

import streamlit as st

from mtfp.scenario import ScenarioError
from mtfp.ui import baseline_panel, state
from mtfp.ui.files import MAX_UPLOAD_BYTES, read_upload, safe_name, save_as
from mtfp.ui.headline import file_stem
from mtfp.ui.text import plain

sc = state.current_scenario()
st.title("Save, load, upload")
st.caption(f"Current scenario: **{plain(sc.name)}** · from {plain(state.scenario_source())}")
state.show_notice()
state.show_errors()
folder = state.scenario_dir()

st.subheader("Save")
with st.form("save_form", border=False):
    name = st.text_input("Save as", value=file_stem(sc), key=state.SAVE_NAME,
                         help="Saved as scenarios/<name>.yaml with only a-z, 0-9, '-' and '_' in the file name.")
    replace = st.checkbox("Replace a saved scenario of the same name", key="save_replace")
    save = st.form_submit_button("Save scenario", type="primary", icon=":material/save:")
if save:
    try:
        path = save_as(sc, name, folder, replace=replace, came_from=state.scenario_source(),
                       new_changes=state.changes_since_loaded(sc))
    except ScenarioError as exc:
        state.show_errors(exc.problems, "Not saved:")
    except FileExistsError:
        st.error(f"Not saved: {safe_name(name)}.yaml already exists in {folder}. Tick 'Replace' to overwrite it "
                 "or choose another name.", icon=":material/error:")
    except OSError as exc:
        st.error(f"Not saved: {plain(exc)}", icon=":material/error:")
    else:
        st.success(f"Saved to {path}. Run `python -m mtfp run {path}` for the same numbers.",
                   icon=":material/check_circle:")
st.download_button("Download current scenario (YAML)", data=lambda: state.scenario_text(sc), file_name=f"{file_stem(sc)}.yaml",
                   mime="application/x-yaml", key="download_yaml", on_click="ignore", icon=":material/download:")

st.subheader("Load")
available = state.saved_scenarios()
left, right = st.columns([3, 1], vertical_alignment="bottom")
chosen = left.selectbox("Saved scenarios", list(available), key="load_pick")
if right.button("Load", key="load_button", icon=":material/folder_open:") and chosen:
    try:
        loaded = state.load_cached(available[chosen])
    except ScenarioError as exc:
        state.show_errors(exc.problems, "Not loaded:")
    else:
        state.set_scenario(loaded, str(available[chosen]))
        st.rerun()

st.subheader("Upload")
upload = st.file_uploader(f"Scenario file (YAML, at most {MAX_UPLOAD_BYTES:,} bytes)", type=["yaml", "yml"],
                          max_upload_size=1, key="upload_yaml")
if upload is not None and st.session_state.get("upload_done") != upload.file_id:
    st.session_state["upload_done"] = upload.file_id
    try:
        uploaded = read_upload(upload.getvalue(), upload.name)
    except ScenarioError as exc:
        st.session_state["upload_problems"] = exc.problems
    else:
        st.session_state.pop("upload_problems", None)
        state.set_scenario(uploaded, f"upload {upload.name}")
        st.rerun()
if upload is not None and st.session_state.get("upload_problems"):
    state.show_errors(st.session_state["upload_problems"],
                      f"{upload.name} was not loaded; the current scenario is unchanged:")

baseline_panel.show()
