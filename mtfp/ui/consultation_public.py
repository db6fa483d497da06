"""The public consultation view: `streamlit run app.py -- --consultation consultation/options.yaml`.

Residents see the gap to close (in £ and officer posts), the precept options with what each
band pays, and the savings options; they adjust them and see the remaining gap update. The
submit button works only when the budget balances (forced balance). Each response is one row
in the SQLite store; residents never see other responses.

One response per browser: the page gives each visitor a random response token, kept in the
page address (`?response=...`, so a reload keeps it) and in a cookie (so a new tab of the same
browser finds it), and stored with the response (UNIQUE). A second submission with the same
token is refused. A server-wide rate limit (RATE_ENV, default RATE_PER_MINUTE responses a
minute) slows scripted submissions. This stops accidental and casual repeats, not a
determined person: a private window, another browser or clearing cookies gives a new token.

Read-only by design: the scenario comes from the published files and no widget here edits it
(every widget key starts with `consult_` and holds only the resident's choices). All figures
come from mtfp.consultation (budget, household); this page only lays them out.
"""
from __future__ import annotations

import os
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

import mtfp
from mtfp.charts import plan as charts
from mtfp.charts.consultation import fit_to_screen, household_chart
from mtfp.consultation import store
from mtfp.consultation.budget import (
    ResponseRefused,
    clean_choices,
    gap_to_close,
    is_balanced,
    posts_affected,
    remaining_gap,
    savings_total,
)
from mtfp.consultation.household import BANDS, band_table
from mtfp.consultation.options import Consultation, load_consultation, load_options, scenario_file
from mtfp.results import scenario_title
from mtfp.scenario import ScenarioError
from mtfp.scenario.plandate import plan_date
from mtfp.ui.text import plain
from mtfp.units import fmt_gbp_m, fmt_gbp_m_or_k, fmt_money_small

SUBMITTED = "consult_submitted"
TOKEN_PARAM = "response"  # the query-string key (and cookie name) of the browser's response token
COOKIE = "mtfp_response"
COOKIE_DAYS = 180
RATE_ENV = "MTFP_CONSULTATION_RATE"
RATE_PER_MINUTE = 60

ALREADY = ("A budget has already been submitted from this browser, so this one was not counted. "
           "Only one response per resident is counted.")
BUSY = "Many people are responding right now. Please wait a minute and press Submit again: nothing has been lost."
AVAILABLE_WHEN = "Available when your budget balances."
LIMITS_HELP = ("One response per browser: this page remembers you with a random code in its address and a "
               "cookie, not who you are. It stops accidental repeats, not someone set on responding twice "
               "from another browser.")

# Residents see no Plotly toolbar (its buttons are for analysts and are Tab stops before the choices).
CHART_CONFIG = {"displayModeBar": False, "displaylogo": False}
PHONE_MAX_PX = 640  # at or below this viewport width the phone layout of the gap chart is shown
FOCUS = "#0072B2"

# Large, readable text. For keyboard users: a clear focus ring on every control (the visible
# label or track too, where the focusable input itself is hidden), and no header, toolbar,
# "Deploy" or main menu before the first choice. The running total sticks to the top of the page.
PUBLIC_CSS = f"""
<style>
html, body, [data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li,
label, [data-testid="stWidgetLabel"] p {{ font-size: 1.15rem !important; line-height: 1.5; }}
[data-testid="stMetricValue"], [data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p {{
  font-size: 2.2rem !important; font-weight: 600; }}
*:focus-visible {{ outline: 3px solid {FOCUS} !important; outline-offset: 2px; }}
label:has(input:focus-visible), [data-baseweb="checkbox"]:has(input:focus-visible),
[data-baseweb="radio"]:has(input:focus-visible) {{ outline: 3px solid {FOCUS} !important; outline-offset: 2px;
  border-radius: 4px; }}
[role="slider"]:focus, [role="slider"]:focus-visible {{ outline: 3px solid {FOCUS} !important; outline-offset: 3px; }}
header[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stMainMenu"],
[data-testid="stAppDeployButton"], [data-testid="stDecoration"] {{ display: none !important; }}
/* The cookie-setting frame (no height, nothing to see) is no Tab stop; its script still runs. */
[data-testid="stElementContainer"][height="0px"]:has(> iframe) {{ display: none !important; }}
.block-container, [data-testid="stMainBlockContainer"] {{ padding-top: 1.5rem !important; }}
[data-testid="stLayoutWrapper"]:has(> .st-key-consult_running_total) {{ position: sticky; top: 0; z-index: 999;
  background: #ffffff; height: auto !important; }}
.st-key-consult_running_total {{ gap: 0 !important; background: #ffffff; border-bottom: 2px solid {FOCUS};
  padding: .3rem 0 .9rem; }}
.st-key-consult_running_total [data-testid="stMetricValue"],
.st-key-consult_running_total [data-testid="stMetricValue"] [data-testid="stMarkdownContainer"] p {{
  font-size: 1.6rem !important; }}
.st-key-consult_running_total [data-testid="stMarkdownContainer"] p {{ font-size: 1rem !important; margin: 0; }}
.st-key-consult_running_total [data-testid="stMarkdown"], .st-key-consult_running_total [data-testid="stMarkdownContainer"],
.st-key-consult_running_total [data-testid="stElementContainer"] {{ margin-bottom: 0 !important; overflow: visible; }}
@media (max-width: {PHONE_MAX_PX}px) {{ [class*="st-key-consult_"][class*="_chart_wide"] {{ display: none !important; }} }}
@media (min-width: {PHONE_MAX_PX + 1}px) {{ [class*="st-key-consult_"][class*="_chart_phone"] {{ display: none !important; }} }}
</style>
"""


@st.cache_resource(show_spinner=False, max_entries=16)
def _consultation(path: str, options_mtime: int, scenario_mtime: int) -> tuple[Consultation, object]:
    consultation = load_consultation(path)
    return consultation, mtfp.run(consultation.scenario)


@st.cache_resource(show_spinner=False)
def _rate_limit(per_minute: int) -> store.RateLimit:
    """One limiter per server process, shared by every resident's session."""
    return store.RateLimit(per_minute)


def rate_limit() -> store.RateLimit:
    try:
        per_minute = max(1, int(os.environ.get(RATE_ENV) or RATE_PER_MINUTE))
    except ValueError:
        per_minute = RATE_PER_MINUTE
    return _rate_limit(per_minute)


def response_token() -> str:
    """This browser's response token: the cookie's, else the address's, else a new one; kept
    in the address (a reload keeps it) and set as a cookie (a new tab finds it)."""
    cookie = st.context.cookies.get(COOKIE)
    param = st.query_params.get(TOKEN_PARAM)
    token = next((t for t in (cookie, param) if store.valid_token(t)), None) or store.new_token()
    if param != token:
        st.query_params[TOKEN_PARAM] = token
    if cookie != token:
        # The component's frame shares the page's origin, so its cookie is the page's cookie.
        components.html(f"<script>document.cookie = '{COOKIE}={token}; path=/; max-age={COOKIE_DAYS * 86400}; "
                        "SameSite=Strict';</script>", height=0)
    return token


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
    """A household amount in £ to the penny (labelled "a year" / "a week" where it is shown)."""
    return fmt_money_small(pounds)


def amount(pounds: float) -> str:
    """Money as residents read it: £m to 1 dp, £k where 1 dp would misstate a sum under £1m."""
    return fmt_gbp_m_or_k(float(pounds))


def _chart(fig, key: str) -> None:
    """The chart twice, laid out for a desktop column and for a phone; CSS shows the phone one
    at or below PHONE_MAX_PX. No toolbar either way."""
    with st.container(key=f"{key}_wide"):
        st.plotly_chart(fit_to_screen(fig, "wide"), theme=None, key=key, width="stretch", config=CHART_CONFIG)
    with st.container(key=f"{key}_phone"):
        st.plotly_chart(fit_to_screen(fig, "phone"), theme=None, key=f"{key}_small", width="stretch",
                        config=CHART_CONFIG)


def _precept_section(consultation: Consultation, gap) -> float:
    options = consultation.options
    st.header("1. The police share of council tax", anchor=False)
    if options.precept.explanation:
        st.markdown(plain(options.precept.explanation))
    table = band_table(options.precept.band_d_rises, gap.tax_base)
    raised = dict(zip(table["band_d_rise"], table["raised"]))
    rise = st.radio(
        f"Extra a year for a Band D home in {gap.year}, on top of the planned {_money(gap.band_d)}",
        options.precept.band_d_rises, key="consult_precept_rise",
        format_func=lambda r: f"{_money(r)} a year (raises {amount(raised[float(r)])})" if r else
        "No extra rise (£0.00)")
    row = table[table["band_d_rise"] == float(rise)].iloc[0]
    st.markdown(f"**What {_money(rise)} on Band D means for each band** (a year and a week):")
    st.table({"Band": [f"Band {b}" for b in BANDS],
              "Extra a year": [_money(row[f"band_{b.lower()}_annual"]) for b in BANDS],
              "Extra a week": [_money(row[f"band_{b.lower()}_weekly"]) for b in BANDS]})
    with st.expander("Chart of every option by band"):
        fig = household_chart(options.precept.band_d_rises, scenario_title(consultation.scenario), gap.year,
                              as_of=plan_date(consultation.scenario))
        _chart(fig, "consult_household_chart")
        st.caption(charts.alt_text(fig))
    return float(rise)


def _savings_section(consultation: Consultation) -> dict[str, float | bool]:
    st.header("2. Savings", anchor=False)
    st.markdown("Each option saves money a year from the budget. Choose as many as you like.")
    chosen: dict[str, float | bool] = {}
    for option in consultation.options.savings:
        with st.container(border=True):
            if option.kind == "on_off":
                chosen[option.id] = st.toggle(f"{plain(option.name)}: saves {amount(option.saving * 1e6)}",
                                              key=f"consult_saving_{option.id}")
            else:
                chosen[option.id] = st.slider(f"{plain(option.name)}: save up to {amount(option.max * 1e6)}",
                                              min_value=float(option.min), max_value=float(option.max),
                                              step=float(option.step), value=float(option.min), format="£%.2fm",
                                              key=f"consult_saving_{option.id}")
            st.markdown(f"{plain(option.description)}  \n**What it would mean:** {plain(option.consequence)}  \n"
                        f"Posts affected at the full saving: {option.posts:,.0f}.")
    return chosen


def main(path: str) -> None:
    st.markdown(PUBLIC_CSS, unsafe_allow_html=True)
    try:
        consultation, projection = load(path)
    except ScenarioError as exc:
        st.title("This consultation cannot be opened", anchor=False)
        st.error("The consultation file has problems:\n" + "\n".join(f"- {plain(p)}" for p in exc.problems),
                 icon=":material/error:")
        return
    options = consultation.options
    gap = gap_to_close(consultation, projection)
    st.title(plain(options.title), anchor=False)
    if options.introduction:
        st.markdown(plain(options.introduction))
    st.header(f"The gap to close in {gap.year}", anchor=False)
    left, right = st.columns(2)
    left.metric(f"Funding gap in {gap.year}", fmt_gbp_m(gap.gap),
                help="The gap after one-off costs and reserve movements: what the budget needs from savings or a "
                     "higher precept to balance that year.")
    right.metric("The same as the cost of", f"{gap.officer_posts:,.0f} police officers")
    fig = charts.gap_chart(projection)
    _chart(fig, "consult_gap_chart")
    st.caption(charts.alt_text(fig))

    # Filled in once the choices below are known; sticks to the top of the page while residents scroll.
    running_total = st.container(key="consult_running_total")
    rise = _precept_section(consultation, gap)
    savings = _savings_section(consultation)
    choices = clean_choices(options, rise, savings)
    left_over = float(remaining_gap(gap.gap, gap.tax_base, rise, savings_total(choices)))
    balanced = bool(is_balanced(left_over))

    st.header("3. Your budget", anchor=False)
    one, two, three = st.columns(3)
    one.metric("Raised from council tax", amount(rise * gap.tax_base))
    two.metric("Saved", amount(savings_total(choices)))
    three.metric("Still to find", amount(max(left_over, 0.0)))
    posts = posts_affected(options, choices)
    with running_total:
        st.metric("Left to find", amount(max(left_over, 0.0)))
        st.markdown("**Balanced**: you can submit at the end of the page." if balanced else
                    f"**Not balanced yet** (the gap is {amount(gap.gap)}).")
    if balanced:
        st.success("Balanced: your choices close the gap"
                   + (f" with {amount(-left_over)} to spare" if left_over < -0.5 else "")
                   + f". Posts affected: {posts:,.0f}.", icon=":material/check_circle:")
    else:
        st.warning(f"Not balanced yet: you still need to find {amount(left_over)}. "
                   "You can submit once the budget balances.", icon=":material/info:")

    token = response_token()
    if st.session_state.get(SUBMITTED):
        st.info("Thank you: your budget has been submitted. You can close this page.", icon=":material/done_all:")
        return
    if store.has_response(token):
        st.info(ALREADY, icon=":material/done_all:")
        return
    # The hint goes once the budget balances: it would then say something no longer true.
    if st.button("Submit my budget", key="consult_submit", type="primary", disabled=not balanced,
                 help=("" if balanced else AVAILABLE_WHEN + " ") + LIMITS_HELP):
        _submit(options, gap, choices, token)
    st.caption("We store your choices and the time only: no name, address or other personal details. " + LIMITS_HELP)


def _submit(options, gap, choices: dict, token: str) -> None:
    limit = rate_limit()
    if not limit.allow():
        st.warning(BUSY, icon=":material/hourglass_top:")
        return
    try:
        store.record_response(options.title, choices, options=options, gap=gap, token=token)
    except store.DuplicateResponse:
        limit.release()
        st.info(ALREADY, icon=":material/done_all:")
        return
    except ResponseRefused as exc:
        limit.release()
        st.error(f"This budget could not be accepted: {exc}.", icon=":material/error:")
        return
    st.session_state[SUBMITTED] = True
    st.rerun()
