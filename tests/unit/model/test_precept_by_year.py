"""The precept by year (issue 11 item 5): a Band D rise that is % in one year and £ the next, a
known Band D, council-tax requirement or tax base for a given year, a referendum held in one
year only, and billing authorities each with its own tax base, rounded to the penny."""
from __future__ import annotations

import pytest
import yaml

import mtfp
from mtfp import results
from mtfp.outputs import tables
from mtfp.scenario import ScenarioError, loads_scenario
from tests.conftest import tiny, tiny_data, v

M = 1e6
NO_LIMIT = {"referendum_limit_pct": v({"2016/17": None}), "referendum_limit_gbp": v({"2016/17": None})}


def precept(**fields):
    return mtfp.run(tiny({"precept": {**NO_LIMIT, **fields}}))


def refused(**fields) -> str:
    with pytest.raises(ScenarioError) as error:
        loads_scenario(yaml.safe_dump(tiny_data({"precept": fields})))
    return str(error.value)


def test_a_rise_of_2_percent_then_5_pounds_then_3_percent():
    # £200 +2% = £204; +£5 = £209; +3% = £215.27 (the % rise is on the year before's Band D).
    p = precept(band_d_rise_pct=v({"2016/17": 2.0, "2017/18": None, "2018/19": 3.0}),
                band_d_rise_gbp=v({"2016/17": None, "2017/18": 5.0, "2018/19": None}))
    assert p["band_d"][0] == pytest.approx([200, 204, 209, 215.27, 221.7281])


def test_a_year_with_both_rises_or_neither_is_refused_naming_the_year():
    both = refused(band_d_rise_pct=v({"2016/17": 2.0}), band_d_rise_gbp=v({"2016/17": None, "2018/19": 5.0}))
    assert "2018/19 has a Band D rise in both band_d_rise_pct (2%) and band_d_rise_gbp (£5)" in both
    neither = refused(band_d_rise_pct=v({"2016/17": 2.0, "2017/18": None}),
                      band_d_rise_gbp=v({"2016/17": None, "2018/19": 5.0}))
    assert "2017/18 has no Band D rise" in neither
    single = refused(band_d_rise_pct=v(2.0), band_d_rise_gbp=v({"2016/17": 5.0}))
    assert "exactly one of band_d_rise_pct or band_d_rise_gbp" in single


def test_a_known_band_d_for_the_budget_year_stands_and_later_years_rise_from_it():
    p = precept(band_d_rise_gbp=v(5.0), band_d_rise_pct=None, band_d_known=v({"2016/17": 212.34}))
    assert p["band_d"][0] == pytest.approx([200, 212.34, 217.34, 222.34, 227.34])
    assert p["band_d_rise"][0, 1] == pytest.approx(12.34)


def test_a_known_band_d_above_the_limit_is_flagged_not_capped():
    p = mtfp.run(tiny({"precept": {"band_d_known": v({"2016/17": 210.0}), "referendum_limit_pct": v(2.0),
                                   "referendum_limit_gbp": v({"2016/17": None})}}))
    assert p["band_d"][0, 1] == 210.0
    assert p["above_referendum_limit"][0, 1] == 1.0 and p["precept_capped"][0, 1] == 0.0


def test_a_known_council_tax_requirement_gives_band_d_to_the_penny():
    # £20.5m on 100,000 Band D equivalents = £205.00.
    p = precept(council_tax_requirement_known=v({"2017/18": 20.5}), band_d_rise_pct=v(1.0))
    assert p["band_d"][0, 2] == 205.0
    assert p["precept"][0, 2] == pytest.approx(20.5 * M)


def test_a_known_tax_base_for_a_year_then_growth_from_it():
    p = precept(band_d_rise_pct=v(0.0), tax_base_growth=v(1.0), tax_base_known=v({"2017/18": 110_000}))
    assert p["tax_base"][0] == pytest.approx([100_000, 101_000, 110_000, 111_100, 112_211])


def test_a_known_figure_for_the_base_year_is_refused():
    assert "precept.band_d_known: 2015/16 is the base year" in refused(band_d_known=v({"2015/16": 210.0}))
    assert "give it by year" in refused(tax_base_known=v(110_000))


def test_a_referendum_held_in_2017_18_only():
    # 5% asked every year under a 2% limit: capped to £4 in 2016/17, allowed (and flagged) in 2017/18.
    p = mtfp.run(tiny({"precept": {"band_d_rise_pct": v(5.0), "referendum_limit_pct": v(2.0),
                                   "referendum_limit_gbp": v({"2016/17": None}), "referendum_held": {"2017/18": True}}}))
    assert p["precept_capped"][0].tolist() == [0, 1, 0, 1, 1]
    assert p["above_referendum_limit"][0].tolist() == [0, 0, 1, 0, 0]
    assert p["band_d_rise"][0, 2] == pytest.approx(0.05 * p["band_d"][0, 1])


def test_a_referendum_year_outside_the_projected_years_is_refused():
    assert "precept.referendum_held: 2015/16 is not a projected year" in refused(referendum_held={"2015/16": True})


AUTHORITIES = {
    "north": {"name": "North District", "tax_base": v(33_333.33)},
    "south": {"name": "South District", "tax_base": v(66_666.67), "tax_base_growth": v(1.0),
              "collection_fund": v({"2016/17": 0.1, "2017/18": 0.0})},
}


def test_each_billing_authority_is_rounded_to_the_penny_and_the_requirement_is_their_sum():
    p = precept(band_d_rise_pct=v(1.5), billing_authorities=AUTHORITIES)
    # Band D £203 in 2016/17: North 33,333.33 x £203 = £6,766,665.99; South 67,333.3367 x £203 =
    # £13,668,667.3501 -> £13,668,667.35.
    assert p["authority_precept_north"][0, 1] == 6_766_665.99
    assert p["authority_precept_south"][0, 1] == 13_668_667.35
    assert p["precept"][0, 1] == pytest.approx(6_766_665.99 + 13_668_667.35)
    assert p["tax_base"][0, 1] == pytest.approx(33_333.33 + 67_333.3367)
    assert p["collection_fund"][0, 1] == pytest.approx(0.1 * M)
    assert p.checks["billing_authorities_reconcile"] <= 0.01 and p.master_check()


def test_the_band_d_table_by_authority_and_the_run_text():
    p = precept(band_d_rise_pct=v(1.5), billing_authorities=AUTHORITIES)
    frame = results.band_d_by_authority(p)
    budget_year = frame[frame.year == "2016/17"].set_index("authority")
    assert list(budget_year.index) == ["north", "south", "total"]
    assert budget_year.loc["total", "precept"] == pytest.approx(budget_year.loc[["north", "south"], "precept"].sum())
    assert budget_year.loc["north", "band_d"] == 203.0
    text = tables.results_text(p)
    assert "Precept by billing authority 2016/17" in text and "North District" in text and "6,766,665.99" in text
    assert results.band_d_by_authority(mtfp.run(tiny())).empty
    assert "Precept by billing authority" not in tables.results_text(mtfp.run(tiny()))


def test_billing_authorities_that_do_not_sum_to_the_tax_base_are_refused():
    message = refused(billing_authorities={"north": {"name": "North", "tax_base": v(50_000)}})
    assert "tax_base 100,000.00 is not the sum of the billing authorities' tax bases (50,000.00)" in message
    both = refused(billing_authorities=AUTHORITIES, collection_fund=v(0.1))
    assert "not both" in both
