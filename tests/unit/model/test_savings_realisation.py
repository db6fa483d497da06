"""Pay savings valued at the posts' cost, realised benefits in the gap, collaboration that
removes posts, recharge income from partners and productivity for part of a group: worked
examples on the tiny force (2,750 officers at £40,000; issue 11 items 3 and 6)."""
from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

import mtfp
from tests.conftest import v

M = 1e6


def pay_item(**fields):
    return {"name": "Back office", "reduces": "pay", "group": "police_officers", "amount": v(1.2),
            "start_year": "2016/17", "confidence": v(100), **fields}


def run(make_tiny, savings, **officers):
    overlay = {"savings": savings}
    if officers:
        overlay["workforce"] = {"groups": {"police_officers": officers}}
    return mtfp.run(make_tiny(overlay))


def test_a_pay_saving_grows_with_the_cost_per_fte_of_the_posts_it_removes(make_tiny):
    # Officers get 2% every April (no September split): cost per FTE 40,000 x 1.02^t. A £1.2m
    # saving at base-year cost is worth 1.2 x 1.02^t: £1.224m in 2016/17 ... £1.299m in 2019/20.
    p = run(make_tiny, {"items": {"office": pay_item()}}, pay_award_pct=v(2.0), award_month=4)
    assert p["saving_planned_office"][0, 1:] == pytest.approx(1.2 * M * 1.02 ** np.arange(1, 5))


def test_a_fixed_cash_pay_saving_stays_at_its_cash_amount(make_tiny):
    p = run(make_tiny, {"items": {"office": pay_item(valued="fixed_cash")}}, pay_award_pct=v(2.0), award_month=4)
    assert p["saving_planned_office"][0, 1:] == pytest.approx([1.2 * M] * 4)


def test_posts_alone_are_valued_at_the_groups_cost_per_fte(make_tiny):
    # 30 posts with no amount: 30 x £40,000 (no on-costs, no awards) = £1.2m a year.
    item = pay_item(fte=v(30))
    del item["amount"]
    p = run(make_tiny, {"items": {"office": item}})
    assert p["saving_planned_office"][0, 1:] == pytest.approx([1.2 * M] * 4)
    assert p["savings_fte_police_officers"][0, 1:] == pytest.approx([30] * 4)


def test_only_a_pay_saving_is_valued_per_fte_and_an_amount_or_posts_is_needed(make_tiny):
    with pytest.raises(ValidationError, match="only a pay saving can be valued per_fte"):
        run(make_tiny, {"items": {"x": pay_item(reduces="non_pay", group=None, valued="per_fte")}})
    item = pay_item()
    del item["amount"]
    with pytest.raises(ValidationError, match="give the amount"):
        run(make_tiny, {"items": {"x": item}})


def test_a_realised_saving_replaces_the_planned_one_in_the_gap(make_tiny):
    # Planned £1.2m (100% confidence) from 2016/17; £0.9m recorded as realised in 2016/17 only:
    # the 2016/17 gap is £0.3m worse than planned; 2017/18 (nothing recorded) counts £1.2m.
    p = run(make_tiny, {"items": {"office": pay_item(valued="fixed_cash", realised=v({"2016/17": 0.9}))}})
    assert p["savings_delivered"][0, 1:3] == pytest.approx([0.9 * M, 1.2 * M])
    assert p["saving_realised_office"][0, 1] == pytest.approx(0.9 * M)
    assert np.isnan(p["saving_realised_office"][0, [0, 2, 3, 4]]).all()
    assert p["saving_variance_office"][0, 1] == pytest.approx(-0.3 * M)
    assert p["funding_gap"][0, 1:3] == pytest.approx([-0.9 * M, -1.2 * M])


def collaboration(**fields):
    return {"name": "Joint control room", "partners": ["Derbyshire"], "joint_cost_base": v(20.0),
            "saving_pct": v(10.0), "force_share": v(50.0), "start_year": "2016/17",
            "implementation_cost": v(0.0), "confidence": v(100), **fields}


def test_a_collaboration_can_reduce_pay_and_remove_posts(make_tiny):
    # Our half of 10% of £20m = £1m a year off pay, with 25 officer posts removed.
    p = run(make_tiny, {"collaboration": {"control": collaboration(reduces="pay", group="police_officers", fte=v(25))}})
    assert p["savings_pay"][0, 1:] == pytest.approx([1 * M] * 4)
    assert p["savings_non_pay"][0].sum() == 0
    assert p["savings_fte_police_officers"][0, 1:] == pytest.approx([25] * 4)


def test_recharge_income_from_partners_can_fall_short_of_plan(make_tiny):
    # Hosting the control room: partners are to pay £0.5m a year; they paid £0.35m in 2017/18.
    # The gap counts £0.5m, then the £0.35m received (a £0.15m shortfall), then £0.5m again.
    p = run(make_tiny, {"collaboration": {"control": collaboration(
        saving_pct=v(0.0), recharge_income=v(0.5), recharge_received=v({"2017/18": 0.35}))}})
    assert p["recharge_planned_control"][0] == pytest.approx(np.array([0, 0.5, 0.5, 0.5, 0.5]) * M)
    assert p["recharge_income_control"][0] == pytest.approx(np.array([0, 0.5, 0.35, 0.5, 0.5]) * M)
    assert p["recharge_shortfall_control"][0] == pytest.approx(np.array([0, 0, 0.15, 0, 0]) * M)
    assert p["savings_income"][0, 2] == pytest.approx(0.35 * M)
    assert p["funding_gap"][0, 1:] == pytest.approx(np.array([-0.5, -0.35, -0.5, -0.5]) * M)
    assert p.master_check()


def gain(**fields):
    return {"name": "Mobile devices", "group": "police_officers", "minutes_per_day": v(65),
            "productive_minutes_per_day": v(480), "start_year": "2017/18", **fields}


def test_productivity_counts_only_the_officers_it_covers(make_tiny):
    # 65 minutes of a 480-minute day for the 320 officers given devices = 43.3 FTE, not the
    # 372.4 FTE the whole 2,750 would give; 20% of the group = 550 officers = 74.5 FTE.
    p = run(make_tiny, {"productivity": {"devices": gain(fte_covered=v(320)),
                                         "share": gain(share_of_group=v(20))}})
    assert p["capacity_fte_devices"][0, 2:] == pytest.approx([320 * 65 / 480] * 3)
    assert p["capacity_fte_share"][0, 2:] == pytest.approx([550 * 65 / 480] * 3)
    with pytest.raises(ValidationError, match="at most one of share_of_group or fte_covered"):
        run(make_tiny, {"productivity": {"both": gain(fte_covered=v(320), share_of_group=v(20))}})
