"""The model's control sheet: every identity of the model as a named check.

Each check returns its largest absolute error over all scenarios and years (pounds for
money, FTE for workforce). Every projection runs them all; the master check passes when
every error is within TOLERANCE (a penny, or a millionth of an FTE).
"""
from __future__ import annotations

import numpy as np

from mtfp.model.lines import ROLLUPS

TOLERANCE = {"gbp": 0.01, "fte": 1e-6, "fraction": 1e-9}


def _largest(error: np.ndarray) -> float:
    """Largest absolute value; NaN if any value is NaN (a NaN identity fails, never skipped)."""
    if not error.size:
        return 0.0
    return float(np.abs(error).max())  # max() keeps a NaN


def _worst(errors: list[float]) -> float:
    """The largest of several errors; NaN if any is NaN (Python's max() would drop it)."""
    return float(np.max(errors))


def rollup_error(p, total: str) -> float:
    """Largest error of "total = signed sum of the lines declared to roll up into it".

    The children come from the declarations (mtfp.model.lines.LINES, each line's `parent`
    and `sign`), not from the code that computed the total, so a line the projection adds
    to a total without declaring it there (or declares under another total) is caught.
    """
    error = np.array(p[total])  # a copy, then take each child off in place (no temporaries)
    for key in p.children(total):
        line = p.lines[key]
        if line.spec.sign > 0:
            error -= line.values
        else:
            error += line.values
    return _largest(error)


def funding_is_sum_of_lines(p) -> float:
    """Total funding = general grants + council-tax requirement (precept) + collection fund."""
    return rollup_error(p, "total_funding")


def spending_is_sum_of_lines(p) -> float:
    """Total spending = pay of every group + levy + non-pay lines + growth + capital financing."""
    return rollup_error(p, "total_spending")


def savings_are_sum_of_kinds(p) -> float:
    """Savings delivered = pay + non-pay + income savings."""
    return rollup_error(p, "savings_delivered")


def one_off_costs_are_sum_of_lines(p) -> float:
    """One-off costs = redundancies + savings one-off costs + collaboration implementation."""
    return rollup_error(p, "one_off_costs")


def requirement_identity(p) -> float:
    """Net revenue expenditure = spending - savings delivered + one-off costs - specific grants and
    other income; budget requirement = net revenue expenditure + contributions to reserves - use of
    earmarked reserves."""
    return _worst([rollup_error(p, "net_revenue_expenditure"), rollup_error(p, "budget_requirement")])


def gap_is_requirement_minus_funding(p) -> float:
    """Budget requirement = general grants + council-tax requirement + collection fund + funding gap
    (the requirement equals its funding when the year balances)."""
    return rollup_error(p, "funding_gap")


# Totals with their own named check above; every other declared roll-up is checked by
# other_rollups_hold (savings planned and risk-adjusted by item, reserves by reserve).
_NAMED_ROLLUPS = ("total_funding", "total_spending", "savings_delivered", "one_off_costs",
                  "net_revenue_expenditure", "budget_requirement", "funding_gap")


def other_rollups_hold(p) -> float:
    """Every other declared total = the signed sum of its declared lines (savings planned and
    risk-adjusted = items + collaboration; earmarked and total reserves closing)."""
    # A total only some scenarios have (the capital programme's) is checked where it is made;
    # lines declared under a total the projection never made fail (they would add up to nothing).
    return _worst([0.0] + [rollup_error(p, total) if total in p else (np.inf if p.children(total) else 0.0)
                           for total in ROLLUPS if total not in _NAMED_ROLLUPS])


def cumulative_gap_is_running_sum(p) -> float:
    """Cumulative gap = running sum of the projected years' gaps; new recurring savings needed =
    the change in the recurring gap."""
    gap, recurring = p["funding_gap"], p["recurring_gap"]
    running = np.cumsum(gap[:, 1:], axis=1)
    change = recurring[:, 1:] - recurring[:, :-1]
    return _worst([_largest(p["cumulative_gap"][:, 1:] - running),
                   _largest(p["incremental_recurring_gap"][:, 1:] - change)])


def general_reserve_corkscrew(p) -> float:
    """General reserve: closing = opening - gap funded + contributions (+ interest earned); opening = last closing."""
    flows = p["general_reserve_opening"] - p["gap_funded_from_reserves"] + p["general_contributions"]
    if "general_interest" in p:
        flows = flows + p["general_interest"]
    carried = p["general_reserve_opening"][:, 1:] - p["general_reserve_closing"][:, :-1]
    return _worst([_largest(p["general_reserve_closing"][:, 1:] - flows[:, 1:]), _largest(carried)])


def earmarked_reserve_corkscrew(p) -> float:
    """Each earmarked reserve: closing = opening - used + contributions."""
    errors = [0.0]
    for key in p.scenario.reserves.earmarked:
        expected = p[f"earmarked_opening_{key}"] - p[f"earmarked_used_{key}"] + p[f"earmarked_contributions_{key}"]
        if f"earmarked_capital_use_{key}" in p:  # drawn to fund the capital programme
            expected = expected - p[f"earmarked_capital_use_{key}"]
        if f"earmarked_gap_funding_{key}" in p:  # drawn to fund the gap (reserves strategy)
            expected = expected - p[f"earmarked_gap_funding_{key}"]
        if f"earmarked_interest_{key}" in p:
            expected = expected + p[f"earmarked_interest_{key}"]
        errors.append(_largest(p[f"earmarked_closing_{key}"] - expected))
    return _worst(errors)


def fte_corkscrew(p) -> float:
    """FTE(t) = FTE(t-1) - leavers + recruits - redundancies, for every group."""
    errors = [0.0]
    for g in p.scenario.workforce.groups:
        closing, opening = p[f"fte_{g}"], p[f"fte_opening_{g}"]
        error = closing[:, 1:] - opening[:, 1:]
        error += p[f"leavers_{g}"][:, 1:]
        error -= p[f"recruits_{g}"][:, 1:]
        error += p[f"redundancies_{g}"][:, 1:]
        errors.append(_largest(error))
        errors.append(_largest(opening[:, 1:] - closing[:, :-1]))
    return _worst(errors)


def fte_never_negative(p) -> float:
    """No FTE or headcount line is ever negative: FTE, leavers, recruits, redundancies,
    reductions, vacancies, headcount, posts removed, capacity (NaN fails too). The gap in
    officer posts (a key figure: money measured in posts) may be negative and is left out."""
    lowest = [0.0]
    for line in p.lines.values():
        if line.unit in ("fte", "headcount") and line.section != "key":
            lowest.append(line.values.min())
    return float(0.0 - np.min(lowest))  # np.min keeps a NaN


def ring_fenced_grants_net_to_zero(p) -> float:
    """Each ring-fenced grant's matching spending = the grant paid, every year: nil on the gap."""
    errors = [0.0]
    for key, grant in p.scenario.funding.specific_grants.items():
        if grant.ring_fenced_to is not None:
            errors.append(_largest(p[f"ring_fenced_spending_{key}"] - p[f"specific_grant_{key}"]))
    return _worst(errors)


def billing_authorities_reconcile(p) -> float:
    """With billing authorities: the precept = the sum of their precepts, each = its tax base x
    Band D to the penny; the tax base = the sum of theirs; and the precept is within the rounding
    (half a penny an authority) of total tax base x Band D. The error is what exceeds that."""
    authorities = list(p.scenario.precept.billing_authorities)
    if not authorities:
        return 0.0
    precept = np.array(p["precept"])
    tax_base = np.array(p["tax_base"])
    own = [0.0]
    for key in authorities:
        precept -= p[f"authority_precept_{key}"]
        tax_base -= p[f"authority_tax_base_{key}"]
        own.append(_largest(p[f"authority_precept_{key}"] - p[f"authority_tax_base_{key}"] * p["band_d"]) - 0.005)
    rounding = np.abs(p["precept"] - p["tax_base"] * p["band_d"]) - 0.005 * len(authorities)
    return _worst([_largest(precept), _largest(tax_base), max(0.0, max(own)), max(0.0, float(np.max(rounding)))])


def grant_paid_share_follows_schedule(p) -> float:
    """Each conditional grant: the share paid is within 0..1, follows the payment schedule for
    the share of target achieved (paid in full before the first year tested), and the grant
    paid + withheld = the grant before the condition. Error as a fraction of the grant."""
    errors = [0.0]
    years = p.years
    for key, grant in p.scenario.funding.specific_grants.items():
        c = grant.condition
        if c is None:
            continue
        share, achieved = p[f"grant_paid_share_{key}"], p[f"grant_target_share_{key}"] * 100
        expected = np.zeros_like(achieved)
        for band in reversed(c.schedule):
            expected = np.where(achieved >= band.at_least_pct - 1e-9, band.paid_pct / 100, expected)
        expected[:, :years.index(c.tested_from)] = 1.0
        errors.append(_largest(share - expected))
        errors.append(float(max(0.0, -share.min(), share.max() - 1.0)))
        full = p[f"specific_grant_{key}"] + p[f"grant_withheld_{key}"]
        paid_part = np.where(full != 0, p[f"specific_grant_{key}"] / np.where(full != 0, full, 1.0), share)
        errors.append(_largest(paid_part - share))
    return _worst(errors)


def capital_spend_equals_funding(p) -> float:
    """Capital programme = capital grant + receipts + revenue contributions + reserves + borrowing
    (zero when the scenario has no programme)."""
    if "capital_spend" not in p:
        return 0.0
    return _largest(p["capital_spend"] - p["capital_funding"])


def cfr_corkscrew(p) -> float:
    """CFR: closing = opening + prudential borrowing - MRP; opening = last year's closing."""
    if "cfr_closing" not in p:
        return 0.0
    flows = p["cfr_opening"] + p["capital_funded_borrowing"] - p["mrp"]
    carried = p["cfr_opening"][:, 1:] - p["cfr_closing"][:, :-1]
    return _worst([_largest(p["cfr_closing"][:, 1:] - flows[:, 1:]), _largest(carried)])


def capital_financing_is_mrp_interest_revenue(p) -> float:
    """With a capital programme, the revenue budget's capital financing = MRP + interest + revenue
    contributions to capital."""
    if "mrp" not in p:
        return 0.0
    return _largest(p["capital_financing"] - (p["mrp"] + p["capital_interest"] + p["capital_funded_revenue"]))


def gap_is_funded_or_unfunded(p) -> float:
    """With a reserves strategy: each projected year's gap = what the earmarked reserves gave +
    what the general reserve gave + the gap left unfunded (zero without a strategy)."""
    if "gap_unfunded" not in p:
        return 0.0
    given = p["gap_funded_from_reserves"] + p["gap_unfunded"]
    for key in p.scenario.reserves.earmarked:
        if f"earmarked_gap_funding_{key}" in p:
            given = given + p[f"earmarked_gap_funding_{key}"]
    return _largest(p["funding_gap"][:, 1:] - given[:, 1:])


def no_redundancies_where_not_allowed(p) -> float:
    """A group that cannot be made redundant (sworn officers, by default) has no redundancies:
    largest redundancies of such a group, FTE."""
    from mtfp.model.typed import typed_inputs  # the resolved per-group rule (defaults applied)

    w = typed_inputs(p.inputs).workforce
    errors = [0.0] + [_largest(p[f"redundancies_{g}"]) for i, g in enumerate(w.groups) if not w.redundancy_allowed[i]]
    return _worst(errors)


def recurring_part(p, total: str) -> np.ndarray:
    """The recurring part of a declared total: the signed sum of its recurring lines, going
    down the declared roll-ups (LineSpec parent and sign) and leaving out every line declared
    one-off (LineSpec recurring=False) with everything under it. Pounds, (S, T)."""
    children = p.children(total)
    if not children:
        return np.array(p[total], dtype=float)
    part = np.zeros(p[total].shape)
    for key in children:
        line = p.lines[key]
        if line.spec.recurring:
            part += line.spec.sign * recurring_part(p, key)
    return part


def gap_is_recurring_plus_one_offs(p) -> float:
    """Funding gap = recurring gap + one-off items + reserve movements, where the recurring gap
    is the recurring part of the declared lines under the gap (their recurring flags), reserve
    movements = contributions to reserves - use of earmarked reserves, and one-off items are the
    rest of the one-off lines (one-off costs less the collection fund)."""
    recurring = p["recurring_gap"]
    movements = p["contributions_to_reserves"] - p["use_of_earmarked_reserves"]
    return _worst([
        _largest(p["funding_gap"] - recurring - p["one_off_items"] - p["reserve_movements"]),
        _largest(recurring - recurring_part(p, "funding_gap")),
        _largest(p["reserve_movements"] - movements),
    ])


CHECKS = {
    "funding_is_sum_of_lines": (funding_is_sum_of_lines, "gbp"),
    "spending_is_sum_of_lines": (spending_is_sum_of_lines, "gbp"),
    "savings_are_sum_of_kinds": (savings_are_sum_of_kinds, "gbp"),
    "one_off_costs_are_sum_of_lines": (one_off_costs_are_sum_of_lines, "gbp"),
    "requirement_identity": (requirement_identity, "gbp"),
    "gap_is_requirement_minus_funding": (gap_is_requirement_minus_funding, "gbp"),
    "other_rollups_hold": (other_rollups_hold, "gbp"),
    "cumulative_gap_is_running_sum": (cumulative_gap_is_running_sum, "gbp"),
    "general_reserve_corkscrew": (general_reserve_corkscrew, "gbp"),
    "earmarked_reserve_corkscrew": (earmarked_reserve_corkscrew, "gbp"),
    "fte_corkscrew": (fte_corkscrew, "fte"),
    "fte_never_negative": (fte_never_negative, "fte"),
    "ring_fenced_grants_net_to_zero": (ring_fenced_grants_net_to_zero, "gbp"),
    "billing_authorities_reconcile": (billing_authorities_reconcile, "gbp"),
    "grant_paid_share_follows_schedule": (grant_paid_share_follows_schedule, "fraction"),
    "capital_spend_equals_funding": (capital_spend_equals_funding, "gbp"),
    "cfr_corkscrew": (cfr_corkscrew, "gbp"),
    "capital_financing_is_mrp_interest_revenue": (capital_financing_is_mrp_interest_revenue, "gbp"),
    "gap_is_funded_or_unfunded": (gap_is_funded_or_unfunded, "gbp"),
    "no_redundancies_where_not_allowed": (no_redundancies_where_not_allowed, "fte"),
    "gap_is_recurring_plus_one_offs": (gap_is_recurring_plus_one_offs, "gbp"),
}


def run_checks(projection) -> dict[str, float]:
    """Largest error of every named check."""
    return {name: func(projection) for name, (func, _) in CHECKS.items()}


def failed_checks(errors: dict[str, float]) -> list[str]:
    return [name for name, error in errors.items() if not error <= TOLERANCE[CHECKS[name][1]]]


def master_check(errors: dict[str, float]) -> bool:
    """True when every identity holds within tolerance."""
    return not failed_checks(errors)


def worst_check(errors: dict[str, float]) -> tuple[str, float, str]:
    """(name, error, unit) of the check with the largest error relative to its tolerance;
    a NaN error (a failed identity) comes first."""
    def severity(name: str) -> float:
        error = errors[name]
        return np.inf if error != error else error / TOLERANCE[CHECKS[name][1]]

    name = max(errors, key=severity)
    return name, errors[name], CHECKS[name][1]


UNIT_WORDS = {"gbp": "£", "fte": "FTE", "fraction": "(fraction)"}


def worst_check_text(errors: dict[str, float], draws: int) -> str:
    """One line for a report: the worst check error over the draws and whether all hold."""
    name, error, unit = worst_check(errors)
    verdict = "every identity holds" if master_check(errors) else f"FAILED: {', '.join(failed_checks(errors))}"
    shown = f"{error:.2g} {UNIT_WORDS[unit]}"
    return (f"Master check over {draws:,} draws: {verdict} (largest error {shown} in {name}, "
            f"tolerance {TOLERANCE[unit]:g})")
