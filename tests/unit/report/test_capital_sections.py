"""The report's capital, reserves-strategy and risk sections on example-2026, which holds an
illustrative capital programme, reserves strategy and risk register: each figure equals the
model's (mtfp.results) at the precision shown."""
from __future__ import annotations

import pytest

import mtfp
from mtfp import results
from mtfp.report.content import build_report
from mtfp.units import fmt_gbp_m, fmt_pct
from tests.conftest import SCENARIOS
from tests.unit.report.reports import AS_OF, row


@pytest.fixture(scope="module")
def example():
    scenario = mtfp.load_scenario(SCENARIOS / "example-2026.yaml")
    projection = mtfp.run(scenario)
    return projection, build_report(scenario, projection, as_of=AS_OF, charts=False)


def _section(report, number: str):
    return next(s for s in report.sections if s.heading.startswith(number))


def test_capital_programme_and_its_funding_by_year(example):
    p, report = example
    rows = report.table("capital_programme").rows
    assert row(rows, "Capital programme")[2:] == [fmt_gbp_m(x) for x in p["capital_spend"][0]]
    assert row(rows, "Capital funding")[2:] == row(rows, "Capital programme")[2:]  # spend = funding sources
    assert row(rows, "New custody suite")[1] == "Estates"


def test_cfr_corkscrew_and_the_prudential_indicator(example):
    p, report = example
    rows = report.table("capital_financing_requirement").rows
    closing = p.lines["cfr_closing"].label
    assert row(rows, closing)[1:] == [fmt_gbp_m(x) for x in p["cfr_closing"][0]]
    indicator = p.lines["financing_costs_pct_of_net_revenue_stream"].label
    assert row(rows, indicator)[1:] == [fmt_pct(x) for x in p["financing_costs_pct_of_net_revenue_stream"][0]]
    text = _section(report, "9.").blocks[0].text
    k = results.capital_key_figures(p)
    assert f"The capital programme totals {fmt_gbp_m(k['capital_programme_total'])}" in text
    assert f"{fmt_gbp_m(k['borrowing_total'])} is funded by prudential borrowing" in text


def test_reserves_strategy_by_home_office_category(example):
    p, report = example
    rows = report.table("reserves").rows
    insurance = row(rows, "Insurance reserve")
    assert insurance[1] == "General contingency (e.g. insurance)"
    assert insurance[2:] == [fmt_gbp_m(x) for x in p["earmarked_closing_insurance"][0]]
    assert row(rows, "Total usable reserves")[2:] == [fmt_gbp_m(x) for x in p["total_reserves_closing"][0]]


def test_risk_register_and_the_risk_based_reserve(example):
    p, report = example
    need = results.risk_based_reserve(p)
    text = _section(report, "11.").blocks[0].text
    assert (f"at {fmt_pct(need['confidence'], 0)} confidence the risks need a general reserve of "
            f"{fmt_gbp_m(need['risk_based_reserve'])}") in text
    rows = report.table("risk_register").rows
    assert len(rows) == len(p.scenario.risk_register.risks)
    frame = results.risk_register_table(p)
    assert [r[5] for r in rows] == [fmt_gbp_m(x) for x in frame["contribution"]]
    statement = next(b.text for b in _section(report, "12.").blocks if b.lead == "Adequacy of reserves.")
    assert f"a risk-based need of {fmt_gbp_m(need['risk_based_reserve'])}" in statement
