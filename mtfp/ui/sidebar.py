"""The Scenario page's sidebar: every key assumption, grouped as a finance lead thinks."""
from __future__ import annotations

import streamlit as st

from mtfp.scenario.schema import SALARY_DEFINITION
from mtfp.ui import state
from mtfp.ui import widgets as w
from mtfp.ui.text import plain

PROFILES = {"even": "Even each year", "front_loaded": "Front-loaded", "back_loaded": "Back-loaded",
            "explicit": "Explicit cash % per year", "flat_cash": "Flat cash"}
POLICIES = {"replace_leavers": "Replace every leaver", "replace_share": "Replace a share of leavers",
            "target": "Hold a target FTE path", "freeze": "Recruitment freeze"}
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


def lazy_group(label: str, key: str, icon: str, expanded: bool = False):
    """A sidebar group whose widgets run only while it is open (keeps every rerun cheap)."""
    box = st.expander(label, expanded=expanded, icon=icon, key=f"group_{key}", on_change="rerun")
    return box if box.open else None


def funding() -> None:
    sc = state.current_scenario()
    box = lazy_group("Funding", "funding", ":material/account_balance:", expanded=True)
    if box is None:
        return
    with box:
        w.slider("Central grant real-terms cut, %", "funding.spending_review.real_terms_cut", "csr_cut", 0.1,
                 help="The spending review: real-terms cut to central grant reached after the years below.")
        w.whole_number("Cut reached over (years)", "funding.spending_review.over_years", "csr_years", 1,
                       sc.projected_years)
        w.choice("Profile of the cut", "funding.spending_review.profile", "csr_profile", list(PROFILES), PROFILES,
                 help="Flat cash holds grant at its base-year cash level (a real-terms cut equal to inflation).")
        w.number("GDP deflator", "gdp_deflator", "gdp_deflator", help="Inflation used to turn real terms into cash.")
        w.number("Other income growth", "funding.other_income.growth", "other_income_growth")


def precept() -> None:
    box = lazy_group("Precept", "precept", ":material/home:")
    if box is None:
        return
    with box:
        kind = w.switch_kind("Band D rise given as", "band_d_rise_kind",
                             {"%": "precept.band_d_rise_pct", "£": "precept.band_d_rise_gbp"},
                             {"%": 1.99, "£": 5.0})
        if kind == "%":
            w.number("Band D rise, % a year", "precept.band_d_rise_pct", "band_d_rise_pct")
        else:
            w.number("Band D rise, £ a year", "precept.band_d_rise_gbp", "band_d_rise_gbp")
        w.number("Referendum limit, % a year", "precept.referendum_limit_pct", "referendum_pct", optional=True,
                 help="Empty = no % limit.")
        w.number("Referendum limit, £ a year", "precept.referendum_limit_gbp", "referendum_gbp", optional=True,
                 help="Empty = no £ limit.")
        w.toggle("Hold a referendum (allow a rise above the limit)", "precept.referendum_held", "referendum_held")
        w.number("Tax-base growth, % a year", "precept.tax_base_growth", "tax_base_growth")
        w.number("Collection fund surplus/(deficit), £m", "precept.collection_fund", "collection_fund", optional=True)


def pay() -> None:
    sc = state.current_scenario()
    box = lazy_group("Pay", "pay", ":material/payments:")
    if box is None:
        return
    with box:
        for key, group in sc.workforce.groups.items():
            st.markdown(f"**{plain(group.name)}**")
            base = f"workforce.groups.{key}"
            w.number("Average salary in the base year, £ per FTE", f"{base}.salary", f"salary_{key}", step=500.0,
                     fmt="%.0f", help=SALARY_DEFINITION[0].upper() + SALARY_DEFINITION[1:] + ".")
            if group.pay_award_pct is not None:
                w.number("Pay award, % a year", f"{base}.pay_award_pct", f"pay_award_{key}")
            else:
                w.number("Pay award, £ per FTE a year", f"{base}.pay_award_gbp", f"pay_award_gbp_{key}", step=100.0,
                         fmt="%.0f")
            w.choice("Award takes effect in", f"{base}.award_month", f"award_month_{key}", list(range(1, 13)),
                     {i + 1: m for i, m in enumerate(MONTHS)})
            w.number("Incremental drift, % a year", f"{base}.drift", f"drift_{key}")
            w.number("Employer pension rate, %", f"{base}.employer_pension_rate", f"pension_{key}")
            w.number("Employer NI rate, %", f"{base}.employer_ni_rate", f"ni_{key}")


def workforce() -> None:
    sc = state.current_scenario()
    box = lazy_group("Workforce", "workforce", ":material/groups:")
    if box is None:
        return
    with box:
        for key, group in sc.workforce.groups.items():
            st.markdown(f"**{plain(group.name)}**")
            base = f"workforce.groups.{key}"
            w.number("Attrition, % a year", f"{base}.attrition_rate", f"attrition_{key}")
            w.choice("Recruitment policy", f"{base}.recruitment", f"recruitment_{key}", list(POLICIES), POLICIES)
            if group.recruitment == "replace_share" or group.replace_share is not None:
                w.number("Share of leavers replaced, %", f"{base}.replace_share", f"replace_share_{key}",
                         step=5.0, optional=True)
            w.number("FTE floor (never below)", f"{base}.floor_fte", f"floor_{key}", step=10.0, fmt="%.0f",
                     optional=True, help="Empty = no floor.")


def non_pay() -> None:
    sc = state.current_scenario()
    box = lazy_group("Non-pay inflation", "non_pay", ":material/trending_up:")
    if box is None:
        return
    with box:
        for key, line in sc.non_pay.lines.items():
            w.number(f"{plain(line.name)}, % a year", f"non_pay.lines.{key}.inflation", f"inflation_{key}")


def savings() -> None:
    box = lazy_group("Savings", "savings", ":material/savings:")
    if box is None:
        return
    with box:
        w.choice("Savings counted in the gap", "savings.count_in_gap", "count_in_gap", ["risk_adjusted", "planned"],
                 {"risk_adjusted": "Risk-adjusted (x delivery confidence)", "planned": "Planned (in full)"})
        st.caption("Delivery confidence of each item is in the savings plan table on the page.")


def reserves() -> None:
    box = lazy_group("Reserves policy", "reserves", ":material/shield:")
    if box is None:
        return
    with box:
        w.number("Minimum general reserve, % of net budget", "reserves.minimum_pct", "reserve_minimum")
        w.number("General reserve at start, £m", "reserves.general_opening", "reserve_opening")
        w.toggle("Fund the gap from the general reserve", "reserves.fund_gap_from_reserves", "fund_gap_from_reserves")


def show() -> None:
    """Every group of widgets, in the order a finance lead reads a plan."""
    with st.sidebar:
        st.header("Assumptions")
        undo, reset = st.columns(2)
        undo.button("Undo last change", key="undo", icon=":material/undo:", disabled=not state.can_undo(),
                    on_click=state.undo, width="stretch")
        reset.button("Reset to file", key="reset_to_file", icon=":material/restart_alt:",
                     disabled=not state.is_edited(), on_click=state.reset_to_file, width="stretch",
                     help=f"Back to the scenario as it came from {plain(state.scenario_source())}; Undo brings the edits back.")
        for section in (funding, precept, pay, workforce, non_pay, savings, reserves):
            section()
