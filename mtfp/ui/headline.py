"""The headline strip and the master check, as the Scenario page shows them."""
from __future__ import annotations

import re

import streamlit as st

from mtfp.checks import failed_checks
from mtfp.results import key_figures
from mtfp.scenario import Scenario
from mtfp.scenario.national import incomplete_message
from mtfp.units import fmt_gbp_m, fmt_pct


def headline_texts(p) -> dict[str, str]:
    """Label -> displayed value of each headline figure (draw 0)."""
    k = key_figures(p)
    final = k["final_year"]
    return {
        f"Recurring gap {final}": fmt_gbp_m(k["final_year_recurring_gap"]),
        "Cumulative gap after reserves": fmt_gbp_m(k["cumulative_gap"]),
        "Recurring gap % of budget": fmt_pct(k["gap_pct_of_net_budget"]),
        "Recurring gap in officer posts": f"{k['officer_post_equivalent']:,.0f}",
        "Reserves breach": k["minimum_breached"] or "none",
    }


def metrics(p) -> None:
    helps = {
        0: ("Recurring (structural) gap in the final year: recurring spending less recurring savings, income and "
            "funding, before one-off items and reserves (positive = shortfall). What a savings plan has to close."),
        1: (f"Sum of the gaps after one-off items and reserve movements (budget requirement less general grants, "
            f"council tax and collection fund), {p.years[1]} to {p.years[-1]}: what the general reserve meets."),
        2: "Final-year recurring gap as a share of that year's net revenue expenditure.",
        3: "Final-year recurring gap divided by the average cost of a police officer.",
        4: ("First year the general reserve closes below its minimum (a % of net revenue expenditure); "
            "'none' if it never does."),
    }
    for i, (column, (label, value)) in enumerate(zip(st.columns(5), headline_texts(p).items())):
        column.metric(label, value, help=helps[i])


def master_check(p) -> None:
    incomplete = incomplete_message(p.scenario)
    if incomplete:  # the headline figures rest on placeholder estimates
        st.warning(incomplete[0].upper() + incomplete[1:] + ", on the Assumptions page as 'estimate'.",
                   icon=":material/warning:")
    failed = failed_checks(p.checks)
    if not failed:
        st.success(f"Master check: all {len(p.checks)} identities of the model hold.", icon=":material/check_circle:")
    else:
        st.error("Master check failed: " + ", ".join(f"{name} (error {p.checks[name]:g})" for name in failed),
                 icon=":material/error:")


def file_stem(sc: Scenario) -> str:
    """A file name stem from the scenario's name, e.g. 'csr-25-real-terms-cut'."""
    return re.sub(r"[^a-z0-9]+", "-", sc.name.lower()).strip("-") or "scenario"
