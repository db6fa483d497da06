"""The chief finance officer's statement under section 25 of the Local Government Act 2003, drafted
from the figures: the robustness of the estimates and the adequacy of the proposed reserves.

Section 25 requires the chief finance officer to report, when the budget and precept are
calculated, on (a) the robustness of the estimates and (b) the adequacy of the proposed
financial reserves (legislation.gov.uk, Local Government Act 2003 Part 2,
https://legislation.gov.uk/ukpga/2003/26/part/2). The draft covers what police s.25 reports
cover (e.g. Warwickshire PCC 2023/24 Appendix B, https://www.warwickshire-pcc.gov.uk/key-information/financial-information/budget-proposals-2023-2024/appendix-b-report-of-the-chief-finance-officer-as-required-by-section-25-of-the-local-government-act-2003-on-the-soundness-of-the-budget-and-the-adequacy-of-reserves/):
whether the budget is balanced without using reserves for recurring spending, reserves against
the need, the referendum limit, the key sensitivities and capital affordability. It is a DRAFT:
the judgement is the chief finance officer's, and the text says so at the top and the foot.
"""
from __future__ import annotations

import math

from mtfp.checks import master_check
from mtfp.units import fmt_gbp_k, fmt_gbp_m, fmt_gbp_m_or_k, fmt_money_small, fmt_pct

HEADING = "12. Statement of the chief finance officer (section 25, Local Government Act 2003)"


def _balanced(p, c) -> str:
    g, b = c.gap_key(p), c.budget_key(p)
    y1, y = p.years[1], p.years[-1]
    gap1, gap_final = c._v(p, g, 1), c._v(p, g, -1)
    earmarked = c._v(p, "use_of_earmarked_reserves", 1)
    from_general = c._v(p, "gap_funded_from_reserves", 1) if "gap_funded_from_reserves" in p else max(gap1, 0.0)
    if gap1 <= 0.5:
        text = (f"The {y1} budget is balanced without using the general reserve for recurring spending: funding "
                f"meets the budget requirement of {c._m(p, b, 1)}"
                + (f" with {fmt_gbp_m(-gap1)} to spare, added to the general reserve" if gap1 < -0.5 else "") + ".")
    else:
        text = (f"The {y1} budget is NOT balanced without reserves: {fmt_gbp_m(gap1)} of the budget requirement is met "
                f"from the general reserve ({fmt_gbp_m(from_general)} drawn). Reserves can be spent only once and are "
                "not a sustainable way to fund recurring spending; the plan must show how the gap is closed.")
    if earmarked > 0.5:
        text += f" Earmarked reserves of {fmt_gbp_m(earmarked)} fund one-off spending in {y1}."
    if gap_final > 0.5:
        text += (f" Over the plan the gap grows to {fmt_gbp_m(gap_final)} in {y}; savings or income of that size are "
                 "still to be identified, and the medium-term position is a risk to be managed.")
    else:
        text += f" The plan is balanced to {y}."
    return text


def _reserves(sc, p, c) -> str:
    b = c.budget_key(p)
    general, minimum, need = c._v(p, "general_reserve_closing", 1), c._v(p, "minimum_general_reserve", 1), c._v(p, b, 1)
    share = general / need if need else float("nan")
    text = (f"The general reserve is forecast at {fmt_gbp_m(general)} at the end of {p.years[1]} "
            f"({fmt_pct(share)} of the budget requirement) against a minimum of {fmt_gbp_m(minimum)} "
            f"({fmt_pct(minimum / need if need else float('nan'))})")
    if c.has_risk_register(p):
        risk = c.results.risk_based_reserve(p)
        needed = risk["risk_based_reserve"]
        text += (f" and a risk-based need of {fmt_gbp_m(needed)} at {fmt_pct(risk['confidence'], 0)} confidence from "
                 "the risk register (section 11)"
                 + (f", which the forecast reserve does NOT cover by {fmt_gbp_m(needed - general)}." if needed > general
                    else ", which it covers."))
    else:
        text += "; no risk register is given, so the minimum is the scenario's percentage, not a risk-based assessment."
    if share > c.HOME_OFFICE_GENERAL_RESERVE_PCT:
        text += " It is above 5% of the budget, a level the Home Office expects a Commissioner to justify."
    breached, run_out = p.event_year("minimum_breached"), p.event_year("reserves_run_out")
    if run_out:
        text += f" On this plan the general reserve runs out in {run_out}: the reserves are NOT adequate for the plan."
    elif breached:
        text += (f" It falls below the minimum in {breached}: reserves are adequate for {p.years[1]} but not for the "
                 "whole plan unless the later gaps are closed.")
    else:
        text += " It stays above the minimum in every year of the plan: in this draft the reserves are adequate."
    return text


def _referendum(p, c) -> str:
    limit = c.referendum_limit(p, 1)
    rise = c._v(p, "band_d_rise", 1)
    if not math.isfinite(limit):
        return f"No referendum principle applies to the {p.years[1]} precept; the proposed rise is {fmt_money_small(rise)}."
    if c._v(p, "above_referendum_limit", 1):
        return (f"The proposed rise of {fmt_money_small(rise)} is above the referendum principle of "
                f"{fmt_money_small(limit)}: a referendum must be held, and the budget must provide for its cost and "
                "for the substitute (lower) precept if it is lost.")
    headroom = limit - rise
    return (f"The proposed rise of {fmt_money_small(rise)} on Band D is within the referendum principle of "
            f"{fmt_money_small(limit)} for {p.years[1]}" + (" (at the limit)." if headroom < 0.005 else
                                                              f" ({fmt_money_small(headroom)} below it)."))


def _sensitivities(sens, p) -> str:
    parts = [f"{s.change}: {fmt_gbp_m_or_k(s.budget_year)} on the {p.years[1]} gap, "
             f"{fmt_gbp_m_or_k(s.final_year)} by {p.years[-1]}" for s in sens if s.name != "Band D precept"]
    band_d = next((s for s in sens if s.name == "Band D precept"), None)
    text = "The key sensitivities (section 7): " + "; ".join(parts) + "."
    if band_d:
        text += f" Each £1 on Band D raises {fmt_gbp_k(-band_d.budget_year)} a year."
    return text


def _capital(p, c) -> str:
    b = c.budget_key(p)
    cost, need = c._v(p, "capital_financing", 1), c._v(p, b, 1)
    text = (f"Capital financing costs {fmt_gbp_m(cost)} in {p.years[1]}, {fmt_pct(cost / need if need else math.nan)} "
            "of the budget requirement.")
    if not c.has_capital_programme(p):
        return text + (" No capital programme is given in this scenario, so the affordability of borrowing against "
                       "the Prudential Code indicators cannot be assessed from the model and must be stated from the "
                       "capital strategy.")
    k = c.results.capital_key_figures(p)
    return text + (f" The programme of {fmt_gbp_m(k['capital_programme_total'])} to {p.years[-1]} borrows "
                   f"{fmt_gbp_m(k['borrowing_total'])}; financing costs move from "
                   f"{fmt_pct(k['financing_costs_pct_budget_year'])} to {fmt_pct(k['financing_costs_pct_final_year'])} "
                   "of the net revenue stream. Whether that is affordable, prudent and sustainable under the CIPFA "
                   "Prudential Code is the chief finance officer's judgement, to be stated here.")


def _robustness(sc, p) -> str:
    from mtfp.results import assumptions_table

    frame = assumptions_table(sc)
    estimates = int((frame["basis"] == "estimate").sum())
    illustrative = int(frame["illustrative"].sum())
    text = (f"The estimates are built from {len(frame)} assumptions, each listed with its source in Appendix A "
            f"({illustrative} marked illustrative"
            + (f", {estimates} national estimates still awaiting the force's own figure" if estimates else "") + "). ")
    text += ("The model's accounting identities all hold (Appendix B)." if master_check(p.checks)
             else "SOME of the model's accounting identities FAIL (Appendix B): the estimates are not yet robust.")
    return text


def statement(sc, p, sens):
    """The drafted section 25 statement as a report Section, marked as a draft top and foot."""
    from mtfp.report import content as c

    draft = c.Paragraph(c.DRAFT_MARK + ". The text is drafted by mtfp from the figures in this report; the judgement "
                        "and the signature are the chief finance officer's.", "draft")
    return c.Section(HEADING, [
        draft,
        c.Paragraph(lead="Robustness of the estimates.", text=_robustness(sc, p)),
        c.Paragraph(lead="A balanced budget.", text=_balanced(p, c)),
        c.Paragraph(lead="Adequacy of reserves.", text=_reserves(sc, p, c)),
        c.Paragraph(lead="The referendum limit.", text=_referendum(p, c)),
        c.Paragraph(lead="Sensitivity.", text=_sensitivities(sens, p)),
        c.Paragraph(lead="Capital affordability.", text=_capital(p, c)),
        c.Paragraph("Chief Finance Officer: ______________________    Signed: ______________________    "
                    "Date: ____________", "signature"),
        c.Paragraph(c.DRAFT_MARK + ".", "draft"),
    ])
