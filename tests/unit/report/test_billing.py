"""The precept by billing authority in the recommendations, as a precept notice lists it."""
from __future__ import annotations

import mtfp
from mtfp.report.content import build_report
from mtfp.units import fmt_money_small
from tests.conftest import v
from tests.unit.report.reports import AS_OF, row, tiny_precept


def test_each_billing_authority_has_its_precept_to_the_penny_and_the_total_is_the_requirement():
    # 60,000.5 + 39,999.5 Band D equivalents at £210: £12,600,105.00 and £8,399,895.00, £21.0m in all.
    authorities = {"north": {"name": "North District", "tax_base": v(60_000.5)},
                   "south": {"name": "South District", "tax_base": v(39_999.5)}}
    scenario = tiny_precept({"precept": {"billing_authorities": authorities}})
    p = mtfp.run(scenario)
    rows = build_report(scenario, p, as_of=AS_OF, charts=False).table("billing_authorities").rows
    assert row(rows, "North District")[1:4] == ["60,000.50", "£210.00", "£12,600,105.00"]
    assert row(rows, "South District")[3] == "£8,399,895.00"
    assert row(rows, "Total")[3] == fmt_money_small(p["precept"][0, 1]) == "£21,000,000.00"
