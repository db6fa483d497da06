"""The Band D rise and the referendum limit, as worked examples on a £200 Band D."""
from __future__ import annotations

import numpy as np
import pytest

import mtfp
from mtfp.model import precept


def band_d(make_tiny, precept):
    return mtfp.run(make_tiny({"precept": precept}))


def test_an_8_percent_request_under_a_13_pound_cap_is_capped_at_13_and_flagged(make_tiny, illustrative):
    # 8% of £200 = £16 asked; the limit is £13, so Band D rises £13 to £213 and the cap is reported.
    p = band_d(make_tiny, {"band_d_rise_pct": illustrative(8.0), "referendum_limit_gbp": illustrative(13.0)})
    assert p["band_d_rise_requested"][0, 1] == pytest.approx(16.0)
    assert p["band_d_rise"][0, 1] == pytest.approx(13.0)
    assert p["band_d"][0, 1] == pytest.approx(213.0)
    assert p["precept_capped"][0, 1] == 1.0
    assert p["precept"][0, 1] == pytest.approx(100_000 * 213.0)
    assert p["precept_capped"][0, 0] == 0.0  # the base year is never capped


def test_a_referendum_allows_the_full_rise_and_reports_it_above_the_limit(make_tiny, illustrative):
    p = band_d(make_tiny, {"band_d_rise_pct": illustrative(8.0), "referendum_limit_gbp": illustrative(13.0),
                           "referendum_held": True})
    assert p["band_d"][0, 1] == pytest.approx(216.0)
    assert p["precept_capped"][0, 1] == 0.0
    assert p["above_referendum_limit"][0, 1] == 1.0


def test_a_rise_just_under_the_percentage_limit_is_not_capped(make_tiny, illustrative):
    p = band_d(make_tiny, {"band_d_rise_pct": illustrative(1.99), "referendum_limit_pct": illustrative(2.0)})
    assert p["band_d"][0] == pytest.approx(200 * 1.0199 ** np.arange(5))
    assert not p["precept_capped"].any()


def test_a_rise_at_exactly_the_limit_is_not_capped(make_tiny, illustrative):
    p = band_d(make_tiny, {"band_d_rise_gbp": illustrative(12.0), "band_d_rise_pct": None,
                           "referendum_limit_gbp": illustrative(12.0)})
    assert p["band_d"][0] == pytest.approx([200, 212, 224, 236, 248])
    assert not p["precept_capped"].any()


def test_a_pound_rise_each_year(make_tiny, illustrative):
    p = band_d(make_tiny, {"band_d_rise_pct": None, "band_d_rise_gbp": illustrative({"2015/16": 0, "2016/17": 5, "2018/19": 14.99})})
    assert p["band_d"][0] == pytest.approx([200, 205, 210, 224.99, 239.98])


def test_the_limit_changes_from_percent_to_pounds_by_year(make_tiny, illustrative):
    # 2% until 2017/18 (North Yorkshire PCC, DN 01/2017), then £12 in 2018/19 and £24 in 2019/20
    # (Cleveland PCC, Police precept for Cleveland 2019/20); asking 10% a year. Under a % principle
    # a rise of 2% "or more" is excessive, so the largest allowed rise is the last penny below 2%:
    # £3.99 on £200 (2% = £4.00), £4.07 on £203.99 (2% = £4.0798). Under a £ principle "more than
    # £12" is excessive, so £12 itself is allowed.
    p = band_d(make_tiny, {
        "band_d_rise_pct": illustrative(10.0),
        "referendum_limit_pct": illustrative({"2016/17": 2.0, "2018/19": None}),
        "referendum_limit_gbp": illustrative({"2016/17": None, "2018/19": 12.0, "2019/20": 24.0}),
    })
    expected = [200.0, 203.99, 208.06, 220.06, 242.066]
    assert p["band_d"][0] == pytest.approx(expected)
    assert p["precept_capped"][0].tolist() == [0, 1, 1, 1, 0]  # 10% of £220.06 = £22.01 < £24


def test_where_a_year_has_both_limits_the_higher_applies(make_tiny, illustrative):
    # "2%, or £5 for forces with historically low precepts": on £200, 2% = £4 < £5, so £5 is allowed.
    p = band_d(make_tiny, {"band_d_rise_pct": illustrative(5.0), "referendum_limit_pct": illustrative(2.0),
                           "referendum_limit_gbp": illustrative(5.0)})
    assert p["band_d_rise"][0, 1] == pytest.approx(5.0)
    assert p["precept_capped"][0, 1] == 1.0


def test_no_limit_means_no_cap():
    out = precept.band_d_path(
        band_d=np.full((1, 3), 200.0), rise_pct=np.full((1, 3), 0.3), rise_gbp=None,
        limit_pct=np.full((1, 3), np.nan), limit_gbp=np.full((1, 3), np.nan), referendum_held=False)
    assert out["band_d"][0] == pytest.approx([200, 260, 338])
    assert not out["precept_capped"].any()


def test_capping_is_vectorised_over_draws():
    # Three draws asking 1% (£2), 3% (£6, at the cap) and 10% (£20) under a £6 cap.
    rise = np.array([[0, 0.01], [0, 0.03], [0, 0.10]])
    out = precept.band_d_path(band_d=np.full((1, 2), 200.0), rise_pct=rise, rise_gbp=None,
                                 limit_pct=np.full((1, 2), np.nan), limit_gbp=np.full((1, 2), 6.0), referendum_held=False)
    assert out["band_d"][:, 1] == pytest.approx([202, 206, 206])
    assert out["precept_capped"][:, 1].tolist() == [0, 0, 1]


@pytest.mark.parametrize("asked, allowed, capped", [(15.0, 15.0, 0.0), (15.01, 15.0, 1.0)])
def test_a_2025_26_force_may_raise_band_d_by_exactly_15_in_2026_27(make_tiny_data, illustrative, asked, allowed, capped):
    # The 2026/27 principle is "more than £15" (inherited from the national table for England):
    # a request of £15 is allowed as asked; £15.01 is capped to £15 and flagged.
    from mtfp.scenario import validate  # the loader's path: national rules fill what the file leaves out

    scenario = validate(make_tiny_data({"base_year": "2025/26", "projected_years": 2,
                                        "precept": {"band_d_rise_gbp": illustrative(asked), "band_d_rise_pct": None}}))
    assert scenario.precept.referendum_limit_gbp.basis == "national"
    p = mtfp.run(scenario)
    assert p["band_d_rise"][0, 1] == pytest.approx(allowed)
    assert p["precept_capped"][0, 1] == capped
