"""The public consultation view: `streamlit run app.py -- --consultation consultation/options.yaml`.

Residents see the gap to close (in £ and officer posts), the precept options with what each
band pays, and the savings options; they adjust them and see the remaining gap update. The
submit button works only when the budget balances (forced balance). Each response is one row
in the SQLite store; residents never see other responses.

Read-only by design: the scenario comes from the published files and no widget here edits it
(every widget key starts with `consult_` and holds only the resident's choices). All figures
come from mtfp.consultation (budget, household); this page only lays them out.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

import mtfp
from mtfp.charts import plan as charts
from mtfp.charts.consultation import household_chart
from mtfp.consultation import store
from mtfp.consultation.budget import clean_choices, gap_to_close, is_balanced, posts_affected, remaining_gap, savings_total
from mtfp.consultation.household import BANDS, band_table
from mtfp.consultation.options import Consultation, load_consultation, load_options, scenario_file
from mtfp.scenario import ScenarioError
from mtfp.units import fmt_gbp_m

SUBMITTED = "consult_submitted"

# Large, readable text; focus outlines stay visible for keyboard users.
LARGE_TEXT_CSS = """
<style>
html, body, [data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
label, [data-testid="stWidgetLabel"] p { font-size: 1.15rem !important; line-height: 1.5; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p {
  font-size: 2.2rem !important; font-weight: 600; }
*:focus-visible { outline: 3px solid #0072B2 !important; outline-offset: 2px; }
</style>
"""


@st.cache_resource(show_spinner=False, max_entries=16)
def _consultation(path: str, options_mtime: int, scenario_mtime: int) -> tuple[Consultation, object]:
    consultation = load_consultation(path)
    return consultation, mtfp.run(consultation.scenario)


def load(path: str) -> tuple[Consultation, object]:
    """The consultation and its projection, cached per version of the files. Raises ScenarioError."""
    options = load_options(path)  # a small file; gives the scenario file to key the cache on
    scenario = scenario_file(path, options)
    try:
        scenario_mtime = scenario.stat().st_mtime_ns
    except OSError:
        raise ScenarioError([f"{scenario}: file not found (named by {path}: scenario)"]) from None
    return _consultation(str(path), Path(path).stat().st_mtime_ns, scenario_mtime)


def _money(pounds: float) -> str:
    return f"£{pounds:,.2f}"


def _precept_section(consultation: Consultation, gap) -> float:
    options = consultation.options
    st.header("1. The police share of council tax")
    if options.precept.explanation:
        st.markdown(options.precept.explanation)
    table = band_table(options.precept.band_d_rises, gap.tax_base)
    raised = dict(zip(table["band_d_rise"], table["raised"]))
    rise = st.radio(
        f"Extra a year for a Band D home in {gap.year}, on top of the planned {_money(gap.band_d)}",
        options.precept.band_d_rises, key="consult_precept_rise",
        format_func=lambda r: f"{_money(r)} a year (raises {fmt_gbp_m(raised[float(r)], 2)})" if r else
        "No extra rise (£0.00)")
    row = table[table["band_d_rise"] == float(rise)].iloc[0]
    st.markdown(f"**What {_money(rise)} on Band D means for each band** (a year and a week):")
    st.table({"Band": [f"Band {b}" for b in BANDS],
              "Extra a year": [_money(row[f"band_{b.lower()}_annual"]) for b in BANDS],
              "Extra a week": [_money(row[f"band_{b.lower()}_weekly"]) for b in BANDS]})
    with st.expander("Chart of every option by band"):
        fig = household_chart(options.precept.band_d_rises, consultation.scenario.name, gap.year)
        st.plotly_chart(fig, theme=None, key="consult_household_chart", width="stretch")
        st.caption(charts.alt_text(fig))
    return float(rise)


def _savings_section(consultation: Consultation) -> dict[str, float | bool]:
    st.header("2. Savings")
    st.markdown("Each option saves money a year from the budget. Choose as many as you like.")
    chosen: dict[str, float | bool] = {}
    for option in consultation.options.savings:
        with st.container(border=True):
            if option.kind == "on_off":
                chosen[option.id] = st.toggle(f"{option.name}: saves {fmt_gbp_m(option.saving * 1e6, 2)}",
                                              key=f"consult_saving_{option.id}")
            else:
                chosen[option.id] = st.slider(f"{option.name}: save up to {fmt_gbp_m(option.max * 1e6, 2)}",
                                              min_value=float(option.min), max_value=float(option.max),
                                              step=float(option.step), value=float(option.min), format="£%.2fm",
                                              key=f"consult_saving_{option.id}")
            st.markdown(f"{option.description}  \n**What it would mean:** {option.consequence}  \n"
                        f"Posts affected at the full saving: {option.posts:,.0f}.")
    return chosen


def main(path: str) -> None:
    st.markdown(LARGE_TEXT_CSS, unsafe_allow_html=True)
    try:
        consultation, projection = load(path)
    except ScenarioError as exc:
        st.title("This consultation cannot be opened")
        st.error("The consultation file has problems:\n" + "\n".join(f"- {p}" for p in exc.problems),
                 icon=":material/error:")
        return
    options = consultation.options
    gap = gap_to_close(consultation, projection)
    st.title(options.title)
    if options.introduction:
        st.markdown(options.introduction)
    st.header(f"The gap to close in {gap.year}")
    left, right = st.columns(2)
    left.metric(f"Funding gap in {gap.year}", fmt_gbp_m(gap.gap))
    right.metric("The same as the cost of", f"{gap.officer_posts:,.0f} police officers")
    fig = charts.gap_chart(projection)
    st.plotly_chart(fig, theme=None, key="consult_gap_chart", width="stretch")
    st.caption(charts.alt_text(fig))

    rise = _precept_section(consultation, gap)
    savings = _savings_section(consultation)
    choices = clean_choices(options, rise, savings)
    left_over = float(remaining_gap(gap.gap, gap.tax_base, rise, savings_total(choices)))
    balanced = bool(is_balanced(left_over))

    st.header("3. Your budget")
    one, two, three = st.columns(3)
    one.metric("Raised from council tax", fmt_gbp_m(rise * gap.tax_base, 2))
    two.metric("Saved", fmt_gbp_m(savings_total(choices), 2))
    three.metric("Still to find", fmt_gbp_m(max(left_over, 0.0), 2))
    posts = posts_affected(options, choices)
    # Kept in view while the resident scrolls through the options.
    st.sidebar.metric("Left to find", fmt_gbp_m(max(left_over, 0.0), 2))
    st.sidebar.markdown("**Balanced**: you can submit." if balanced else "**Not balanced yet.**")
    if balanced:
        st.success("Balanced: your choices close the gap"
                   + (f" with {fmt_gbp_m(-left_over, 2)} to spare" if left_over < -0.5 else "")
                   + f". Posts affected: {posts:,.0f}.", icon=":material/check_circle:")
    else:
        st.warning(f"Not balanced yet: you still need to find {fmt_gbp_m(left_over, 2)}. "
                   "You can submit once the budget balances.", icon=":material/info:")

    if st.session_state.get(SUBMITTED):
        st.info("Thank you: your budget has been submitted. You can close this page.", icon=":material/done_all:")
        return
    if st.button("Submit my budget", key="consult_submit", type="primary", disabled=not balanced,
                 help="Available when your budget balances"):
        store.record_response(options.title, choices)
        st.session_state[SUBMITTED] = True
        st.rerun()
    st.caption("We store your choices and the time only: no name, address or other personal details.")
