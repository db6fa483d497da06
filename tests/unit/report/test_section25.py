"""The drafted section 25 statement says what the figures say, and that it is a draft."""
from __future__ import annotations

from mtfp.report.content import DRAFT_MARK, build_report
from tests.conftest import v
from tests.unit.report.reports import AS_OF, tiny_precept


def _statement(scenario) -> dict[str, str]:
    report = build_report(scenario, as_of=AS_OF, charts=False)
    section = next(s for s in report.sections if s.heading.startswith("12. Statement of the chief finance officer"))
    return {"blocks": section.blocks, **{b.lead: b.text for b in section.blocks if b.lead}}


def test_the_statement_is_marked_draft_at_the_top_and_the_foot():
    blocks = _statement(tiny_precept())["blocks"]
    assert blocks[0].kind == "draft" and blocks[0].text.startswith(DRAFT_MARK)
    assert blocks[-1].kind == "draft" and blocks[-1].text.startswith(DRAFT_MARK)
    assert DRAFT_MARK == "DRAFT for the chief finance officer to review and sign"


def test_a_surplus_budget_is_balanced_without_reserves():
    # Tiny force: spending £120m flat, precept +£1m in 2016/17: funding exceeds the requirement by £1.0m.
    text = _statement(tiny_precept())["A balanced budget."]
    assert text.startswith("The 2016/17 budget is balanced without using the general reserve")
    assert "£1.0m to spare" in text


def test_a_gap_met_from_the_general_reserve_is_called_unbalanced():
    # A 5% officer pay award from September on £110m pay costs 7/12 x £5.5m = £3.2m in 2016/17, and the
    # base year's own 5% award carries its last 5/12 in (£2.3m): £5.5m, less the £1m precept rise, leaves
    # £4.5m met from the general reserve.
    group = {"workforce": {"groups": {"police_officers": {"pay_award_pct": v(5.0)}}}}
    text = _statement(tiny_precept(group))["A balanced budget."]
    assert text.startswith("The 2016/17 budget is NOT balanced without reserves: £4.5m")
    assert "not a sustainable way to fund recurring spending" in text


def test_the_referendum_paragraph_names_the_rise_and_the_principle():
    assert _statement(tiny_precept())["The referendum limit."] == (
        "The proposed rise of £10.00 on Band D is within the referendum principle of £15.00 for 2016/17 "
        "(£5.00 below it).")
    held = {"precept": {"band_d_rise_gbp": v(20.0), "referendum_held": True}}
    assert "a referendum must be held" in _statement(tiny_precept(held))["The referendum limit."]


def test_reserves_that_run_out_are_not_adequate():
    # £10m general reserve, a £2.2m gap growing each year as the 5% awards compound: it runs out.
    group = {"workforce": {"groups": {"police_officers": {"pay_award_pct": v(5.0)}}}}
    text = _statement(tiny_precept(group))["Adequacy of reserves."]
    assert "runs out in" in text and "NOT adequate" in text
