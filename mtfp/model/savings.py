"""Savings plan items, collaboration projects and non-cashable productivity.

Arrays are (S, T) per item; money is pounds; confidence and shares are fractions; posts
and capacity are FTE.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from mtfp import timeline


@dataclass(frozen=True)
class SavingsItemInput:
    key: str
    name: str
    reduces: str  # pay, non_pay or income
    group: int | None  # index of the workforce group whose posts it removes (pay savings with fte)
    amount: np.ndarray  # full-year amount, pounds (the first figure is used)
    confidence: np.ndarray  # fraction
    start: int  # year index of the first year of delivery
    ramp: np.ndarray  # (T,) share of the full-year amount delivered each year
    one_off_cost: np.ndarray | None  # pounds, charged in the start year
    fte: np.ndarray | None  # posts removed at full delivery


@dataclass(frozen=True)
class CollaborationInput:
    key: str
    name: str
    joint_cost_base: np.ndarray  # pounds, the partners' joint cost base
    saving_rate: np.ndarray  # fraction of the joint cost base saved
    force_share: np.ndarray  # this force's share, fraction
    confidence: np.ndarray  # fraction
    implementation_cost: np.ndarray  # joint one-off cost, pounds (this force pays its share)
    start: int
    ramp: np.ndarray  # (T,)
    realised_benefit: np.ndarray  # pounds, NaN in years with no reported benefit


@dataclass(frozen=True)
class ProductivityInput:
    key: str
    name: str
    group: int  # index of the workforce group whose time is freed
    minutes_per_day: np.ndarray
    productive_minutes_per_day: np.ndarray
    active: np.ndarray  # (T,) 1.0 from the start year


@dataclass(frozen=True)
class SavingsInputs:
    """The savings plan, collaboration projects and productivity gains, in internal units."""

    items: tuple[SavingsItemInput, ...]
    collaboration: tuple[CollaborationInput, ...]
    productivity: tuple[ProductivityInput, ...]
    count_in_gap: str  # "planned" or "risk_adjusted": which figure reduces the gap
    n_groups: int

    @classmethod
    def build(cls, inputs) -> SavingsInputs:
        sc, get, years = inputs.scenario, inputs.get, inputs.years
        n_years = len(years)
        groups = list(sc.workforce.groups)
        projected = np.arange(n_years) > 0
        items = []
        for key, item in sc.savings.items.items():
            path, start = f"savings.items.{key}", years.index(item.start_year)
            items.append(SavingsItemInput(
                key=key, name=item.name, reduces=item.reduces,
                group=groups.index(item.group) if item.reduces == "pay" and item.fte is not None else None,
                amount=get(f"{path}.amount"), confidence=get(f"{path}.confidence"), start=start,
                ramp=timeline.ramp_factors(n_years, start, item.ramp_years),
                one_off_cost=get(f"{path}.one_off_cost") if item.one_off_cost is not None else None,
                fte=get(f"{path}.fte") if item.fte is not None else None,
            ))
        collaboration = []
        for key, project in sc.savings.collaboration.items():
            path, start = f"savings.collaboration.{key}", years.index(project.start_year)
            # Realised benefit is known only for the years reported; later years stay unknown (NaN)
            # rather than carrying the last figure forward as other per-year values do.
            given = project.realised_benefit
            reported = np.array([given is not None and (not isinstance(given.value, dict) or y in given.value)
                                 for y in years]) & projected
            collaboration.append(CollaborationInput(
                key=key, name=project.name, joint_cost_base=get(f"{path}.joint_cost_base"),
                saving_rate=get(f"{path}.saving_pct"), force_share=get(f"{path}.force_share"),
                confidence=get(f"{path}.confidence"), implementation_cost=get(f"{path}.implementation_cost"),
                start=start, ramp=timeline.ramp_factors(n_years, start, project.ramp_years),
                realised_benefit=np.where(reported, get(f"{path}.realised_benefit", np.nan), np.nan),
            ))
        productivity = tuple(
            ProductivityInput(
                key=key, name=gain.name, group=groups.index(gain.group),
                minutes_per_day=get(f"savings.productivity.{key}.minutes_per_day"),
                productive_minutes_per_day=get(f"savings.productivity.{key}.productive_minutes_per_day"),
                active=(np.arange(n_years) >= years.index(gain.start_year)).astype(float),
            ) for key, gain in sc.savings.productivity.items())
        return cls(items=tuple(items), collaboration=tuple(collaboration), productivity=productivity,
                   count_in_gap=sc.savings.count_in_gap, n_groups=len(groups))


@dataclass(frozen=True)
class Savings:
    """The savings and collaboration block's results: pounds (S, T) unless noted."""

    item_planned: dict[str, np.ndarray]
    item_risk_adjusted: dict[str, np.ndarray]
    collaboration_planned: dict[str, np.ndarray]
    collaboration_risk_adjusted: dict[str, np.ndarray]
    collaboration_realised: dict[str, np.ndarray]
    capacity_fte: dict[str, np.ndarray]  # FTE of capacity released (non-cashable)
    planned: np.ndarray
    risk_adjusted: np.ndarray
    delivered: np.ndarray  # the figure counted in the gap (planned or risk-adjusted)
    pay: np.ndarray  # delivered savings that reduce pay
    non_pay: np.ndarray
    income: np.ndarray
    posts_removed: np.ndarray  # (S, G, T) FTE the pay savings remove
    fte_after_savings: np.ndarray  # (S, G, T) closing FTE less posts removed, never below nil
    one_off_costs: np.ndarray  # savings items' one-off costs
    collaboration_one_off_costs: np.ndarray  # this force's share of implementation costs


def item_savings(*, full_year_amount: np.ndarray, ramp: np.ndarray, confidence: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(planned, risk-adjusted) saving each year: full-year amount x ramp, x confidence. Pounds."""
    planned = full_year_amount[:, :1] * ramp[None, :]
    risk_adjusted = planned * confidence[:, :1]
    return planned, risk_adjusted


def collaboration_saving(
    *, joint_cost_base: np.ndarray, saving_rate: np.ndarray, force_share: np.ndarray, ramp: np.ndarray,
) -> np.ndarray:
    """This force's planned saving: joint cost base x saving % x force share x ramp. Pounds."""
    joint_saving = joint_cost_base[:, :1] * saving_rate[:, :1]
    return joint_saving * force_share[:, :1] * ramp[None, :]


def one_off_in_start_year(*, amount: np.ndarray, start_index: int, n_years: int) -> np.ndarray:
    """A one-off cost charged in full in the start year. Pounds, (S, T)."""
    cost = np.zeros((amount.shape[0], n_years))
    cost[:, start_index] = amount[:, 0]
    return cost


def productivity_capacity_fte(
    *, minutes_per_day: np.ndarray, productive_minutes_per_day: np.ndarray, average_fte: np.ndarray,
    active: np.ndarray,
) -> np.ndarray:
    """Capacity released, in FTE: minutes saved / productive minutes a day x FTE of the group.

    Reported as capacity only, never as cash: the time is redeployed, not removed from the budget.
    """
    share_of_day = minutes_per_day[:, :1] / productive_minutes_per_day[:, :1]
    return share_of_day * average_fte * active[None, :]


def project_savings(s: SavingsInputs, *, fte_average: np.ndarray, fte_closing: np.ndarray) -> Savings:
    """The savings block: items and collaboration (planned and risk-adjusted), by kind, their
    one-off costs, posts removed, and productivity capacity. FTE inputs are (S, G, T)."""
    n_years = fte_closing.shape[-1]
    counted_is_planned = s.count_in_gap == "planned"
    planned_total = np.zeros((1, n_years))
    risk_total = np.zeros((1, n_years))
    by_kind = {"pay": np.zeros((1, n_years)), "non_pay": np.zeros((1, n_years)), "income": np.zeros((1, n_years))}
    one_off = np.zeros((1, n_years))
    posts = [np.zeros((1, n_years)) for _ in range(s.n_groups)]
    item_planned, item_risk = {}, {}
    for item in s.items:
        planned, risk = item_savings(full_year_amount=item.amount, ramp=item.ramp, confidence=item.confidence)
        item_planned[item.key], item_risk[item.key] = planned, risk
        planned_total = planned_total + planned
        risk_total = risk_total + risk
        by_kind[item.reduces] = by_kind[item.reduces] + (planned if counted_is_planned else risk)
        if item.one_off_cost is not None:
            one_off = one_off + one_off_in_start_year(amount=item.one_off_cost, start_index=item.start, n_years=n_years)
        if item.group is not None:
            posts[item.group] = posts[item.group] + item.fte[:, :1] * item.ramp[None, :]
    collab_planned, collab_risk, collab_realised = {}, {}, {}
    collab_one_off = np.zeros((1, n_years))
    for project in s.collaboration:
        planned = collaboration_saving(joint_cost_base=project.joint_cost_base, saving_rate=project.saving_rate,
                                       force_share=project.force_share, ramp=project.ramp)
        risk = planned * project.confidence[:, :1]
        collab_planned[project.key], collab_risk[project.key] = planned, risk
        collab_realised[project.key] = project.realised_benefit
        planned_total = planned_total + planned
        risk_total = risk_total + risk
        by_kind["non_pay"] = by_kind["non_pay"] + (planned if counted_is_planned else risk)
        collab_one_off = collab_one_off + one_off_in_start_year(
            amount=project.implementation_cost * project.force_share, start_index=project.start, n_years=n_years)
    capacity = {gain.key: productivity_capacity_fte(
        minutes_per_day=gain.minutes_per_day, productive_minutes_per_day=gain.productive_minutes_per_day,
        average_fte=fte_average[:, gain.group], active=gain.active) for gain in s.productivity}
    size = max([fte_closing.shape[0]] + [p.shape[0] for p in posts])
    posts_removed = np.zeros((size, s.n_groups, n_years))
    for g, removed in enumerate(posts):
        posts_removed[:, g] = removed
    return Savings(
        item_planned=item_planned, item_risk_adjusted=item_risk,
        collaboration_planned=collab_planned, collaboration_risk_adjusted=collab_risk,
        collaboration_realised=collab_realised, capacity_fte=capacity,
        planned=planned_total, risk_adjusted=risk_total,
        delivered=planned_total if counted_is_planned else risk_total,
        pay=by_kind["pay"], non_pay=by_kind["non_pay"], income=by_kind["income"],
        posts_removed=posts_removed,
        # Savings cannot remove more posts than the group has: FTE after savings stops at nil.
        fte_after_savings=np.maximum(fte_closing - posts_removed, 0.0),
        one_off_costs=one_off, collaboration_one_off_costs=collab_one_off,
    )
