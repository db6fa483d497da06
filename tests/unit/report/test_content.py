"""The report's content: worked examples on the tiny force, and the example-2026 report's
sections, each figure equal to the model's at the precision shown."""
from __future__ import annotations

import pytest

import mtfp
from mtfp.report.content import budget_bridge, budget_key, build_report, gap_key, precept_options, sensitivities
from mtfp.units import fmt_gbp_m, fmt_money_small
from tests.conftest import SCENARIOS
from tests.unit.report.reports import AS_OF, row, tiny_precept

SECTIONS = ["1. Recommendations", "2. The settlement and funding", "4. The medium-term financial plan",
            "5. Workforce", "6. Savings plan", "7. Sensitivity of the budget to its assumptions", "8. Precept options",
            "9. Capital programme and financing", "10. Reserves strategy", "11. Risks and the risk-based reserve",
            "Appendix A. Assumptions and their sources"]


@pytest.fixture(scope="module")
def example():
    scenario = mtfp.load_scenario(SCENARIOS / "example-2026.yaml")
    projection = mtfp.run(scenario)
    return scenario, projection, build_report(scenario, projection, as_of=AS_OF, charts=False)


def test_tiny_force_recommendations_state_band_d_requirement_and_tax_base():
    # Band D £200 + £10 = £210.00 in 2016/17 on 100,000 Band D equivalents: £21.0m.
    report = build_report(tiny_precept(), as_of=AS_OF, charts=False)
    rows = report.table("recommendations").rows
    assert row(rows, "Band D precept 2016/17")[1] == "£210.00"
    assert row(rows, "Rise on 2015/16 (£ a year)")[1] == "£10.00"
    assert row(rows, "Rise on 2015/16 (%)")[1] == "5.0%"
    assert row(rows, "Referendum principle 2016/17")[1] == "£15.00"
    assert row(rows, "Council-tax requirement")[1] == "£21.0m"
    assert row(rows, "Tax base (Band D equivalents)")[1] == "100,000.00"


def test_council_tax_by_band_follows_the_statutory_ninths():
    # Band A pays 6/9 of Band D (£210 -> £140.00), Band H 18/9 (£420.00); the £10 rise is £6.67 on Band A.
    rows = build_report(tiny_precept(), as_of=AS_OF, charts=False).table("council_tax_bands").rows
    assert [r[0] for r in rows] == [f"Band {b}" for b in "ABCDEFGH"]
    assert row(rows, "Band A")[3:5] == ["£140.00", "£6.67"]
    assert row(rows, "Band H")[3] == "£420.00"


def test_a_welsh_force_has_band_i_at_21_ninths():
    rows = build_report(tiny_precept({"nation": "wales"}), as_of=AS_OF, charts=False).table("council_tax_bands").rows
    assert row(rows, "Band I")[1:4] == ["21/9", "£466.67", "£490.00"]


def test_each_one_percent_on_pay_is_the_part_year_then_full_year_cost():
    # Pay £110m, the award from 1 September: +1% costs 7/12 x £1.1m = £641,667 in the budget year, £1.1m a year after.
    sc = tiny_precept()
    sens = {s.name: s for s in sensitivities(sc, mtfp.run(sc))}
    assert sens["Pay award"].budget_year == pytest.approx(1_100_000 * 7 / 12)
    assert sens["Pay award"].final_year == pytest.approx(1_100_000)
    # £1 on Band D x 100,000 Band D equivalents = £100k off the gap; 1% of the £100m grant = £1m onto it.
    assert sens["Band D precept"].budget_year == pytest.approx(-100_000)
    assert sens["Government grant"].budget_year == pytest.approx(1_000_000)


def test_sensitivity_table_reads_in_pounds_and_thousands():
    rows = build_report(tiny_precept(), as_of=AS_OF, charts=False).table("sensitivity").rows
    assert row(rows, "Pay award")[2:] == ["£642k", "£1.1m"]
    assert row(rows, "Band D precept")[2] == "-£100k"


def test_precept_options_are_re_runs_at_nil_half_the_limit_the_limit_and_the_proposal():
    sc = tiny_precept()
    p = mtfp.run(sc)
    options = precept_options(sc, p)
    assert [(o.name, o.rise) for o in options] == [("No rise", 0.0), ("Half the referendum limit", 7.5),
                                                   ("Proposed", 10.0), ("At the referendum limit", 15.0)]
    # Each £ on Band D in 2016/17 is £100,000 of gap in 2016/17 and every later year (no tax-base growth).
    nil, limit = options[0], options[-1]
    assert nil.gap[1] - limit.gap[1] == pytest.approx(1_500_000)
    assert nil.gap[-1] - limit.gap[-1] == pytest.approx(1_500_000)
    proposed = next(o for o in options if o.name == "Proposed")
    assert list(proposed.gap) == pytest.approx(list(p["funding_gap"][0]))


def test_budget_bridge_sums_exactly_to_the_change_in_the_requirement(example):
    _, p, _ = example
    steps = budget_bridge(p)
    change = p[budget_key(p)][0, 1] - p[budget_key(p)][0, 0]
    assert sum(c for _, c in steps) == pytest.approx(change, abs=0.01)
    assert dict(steps)["Pay: Police officers"] == pytest.approx(p["pay_police_officers"][0, 1]
                                                                 - p["pay_police_officers"][0, 0])


def test_example_report_has_every_section_and_its_figures_equal_the_models(example):
    _, p, report = example
    headings = [s.heading for s in report.sections]
    for heading in SECTIONS:
        assert heading in headings
    assert any(h.startswith("3. The revenue budget") for h in headings)
    assert any(h.startswith("12. Statement of the chief finance officer") for h in headings)
    summary = report.table("mtfp_summary").rows
    gap = p.lines[gap_key(p)]  # the recurring gap where the model has it
    assert row(summary, gap.label)[1:] == [fmt_gbp_m(x) for x in gap.values[0]]
    assert row(summary, p.lines["funding_gap"].label)[1:] == [fmt_gbp_m(x) for x in p["funding_gap"][0]]
    assert row(summary, p.lines["cumulative_gap"].label)[1:] == [fmt_gbp_m(x) for x in p["cumulative_gap"][0]]
    recs = report.table("recommendations").rows
    assert row(recs, "Band D precept 2026/27")[1] == fmt_money_small(p["band_d"][0, 1]) == "£315.00"
    assert row(recs, "Council-tax requirement")[1] == fmt_gbp_m(p["precept"][0, 1])
    funding = report.table("funding").rows
    assert row(funding, "Police Main Grant (Home Office)")[1:3] == [fmt_gbp_m(p["grant_police_main_grant"][0, t])
                                                                    for t in (0, 1)]
    reserves = report.table("reserves").rows
    general = next(r for r in reserves if r[0] in ("General reserve closing", "General reserve"))  # by strategy
    assert general[-len(p.years):] == [fmt_gbp_m(x) for x in p["general_reserve_closing"][0]]


def test_sections_without_data_say_why_in_a_sentence():
    # The tiny force has no capital programme, no risk register and no billing authorities.
    scenario = tiny_precept({"non_pay": {"capital_financing": {"value": 2.0, "source": "illustrative"}}})
    report = build_report(scenario, as_of=AS_OF, charts=False)
    capital = next(s for s in report.sections if s.heading.startswith("9."))
    assert capital.blocks[0].text.startswith("No capital programme is given in this scenario; capital financing is the "
                                             "£2.0m in 2016/17")
    risks = next(s for s in report.sections if s.heading.startswith("11."))
    assert risks.blocks[0].text.startswith("No risk register is given in this scenario, so no risk-based general "
                                           "reserve is simulated")
    billing = next(b for b in report.sections[0].blocks if getattr(b, "text", "").startswith("The scenario gives one"))
    assert "the 2016/17 council-tax requirement of £21.0m is levied on the billing authorities" in billing.text


def test_assumptions_appendix_lists_every_input_with_its_source(example):
    scenario, _, report = example
    rows = report.table("assumptions").rows
    assert len(rows) == len(mtfp.results.assumptions_table(scenario))
    deflator = next(r for r in rows if r[0].startswith("GDP deflator"))
    assert "Office for Budget Responsibility" in deflator[3] or "obr.uk" in deflator[3]


def test_charts_left_out_say_so_with_what_they_show(example):
    _, _, report = example
    assert [c.key for c in report.charts] == ["gap", "household"]
    for chart in report.charts:
        assert chart.png is None and "not drawn" in chart.unavailable and chart.alt


def test_a_results_table_is_shown_by_each_lines_unit(example):
    from mtfp.report.content import frame_table

    _, p, _ = example
    frame = mtfp.results.plan_by_year_frame(p)
    table = frame_table("plan", "Plan", frame, p.years, bold=("funding_gap",))
    rows = {r[0]: r[1:] for r in table.rows}
    assert rows[p.lines["funding_gap"].label] == [fmt_gbp_m(x) for x in p["funding_gap"][0]]
    assert rows["Band D precept"][1] == "£315.00"
    rises = [r[1:] for r in table.rows if r[0] == "Band D rise"]  # in £ (per Band D), then as a fraction
    assert rises == [["£0.00"] + ["£15.00"] * 5, ["0.0%", "5.0%", "4.8%", "4.5%", "4.3%", "4.2%"]]
    assert rows["FTE: Police officers"][0] == "2,100"
    assert table.rows[table.bold[0]][0] == p.lines["funding_gap"].label


def test_a_chart_export_that_fails_is_a_sentence_not_a_traceback(monkeypatch):
    # Under load the chart browser can fail mid-export: the report says so beside the chart and in its notes.
    from mtfp.charts import static

    calls = []

    def broken(fig, fmt):
        calls.append(fmt)
        raise RuntimeError("JSONError decoding message")

    monkeypatch.setattr(static, "figure_bytes", broken)
    report = build_report(tiny_precept(), as_of=AS_OF)
    assert len(calls) == 4  # two charts, each tried twice
    for chart in report.charts:
        assert chart.png is None
        assert chart.unavailable == ("The chart could not be drawn here: the chart export failed "
                                     "(RuntimeError: JSONError decoding message).")
    assert report.notes == [f"chart '{c.caption}' not drawn: the chart export failed (RuntimeError: JSONError "
                            "decoding message)" for c in report.charts]


def test_the_chart_browsers_own_logs_stay_off_the_screen():
    import logging

    from mtfp.report.content import BROWSER_LOGGERS, quiet_browser_logs

    quiet_browser_logs()
    assert all(not logging.getLogger(n).isEnabledFor(logging.CRITICAL) for n in BROWSER_LOGGERS)
    assert not logging.getLogger("choreographer.channels.pipe").isEnabledFor(logging.ERROR)


def test_grant_conditions_are_stated_with_the_settlement(example):
    # example-2026's Neighbourhood Policing Grant is conditional on headcount: each year's test is in section 2.
    _, p, report = example
    funding = next(s for s in report.sections if s.heading.startswith("2."))
    text = next(b.text for b in funding.blocks if getattr(b, "text", "").startswith("Grant conditions"))
    for sentence in mtfp.results.grant_condition_sentences(p):
        assert sentence in text
