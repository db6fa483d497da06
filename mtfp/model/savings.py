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
    amount: np.ndarray | None  # full-year amount, pounds (the first figure is used); None = fte x cost per FTE
    value_group: int | None  # pay saving valued per FTE: the group whose cost per FTE it follows
    confidence: np.ndarray  # fraction
    start: int  # year index of the first year of delivery
    ramp: np.ndarray  # (T,) share of the full-year amount delivered each year
    one_off_cost: np.ndarray | None  # pounds, charged in the start year
    fte: np.ndarray | None  # posts removed at full delivery
    realised: np.ndarray  # pounds, NaN in years with no realised saving recorded


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
    reduces: str  # pay or non_pay
    group: int | None  # pay: the workforce group whose posts go
    fte: np.ndarray | None  # pay: this force's posts removed at the full saving
    recharge_planned: np.ndarray | None  # pounds a year, income from the partners (None = none)
    recharge_received: np.ndarray  # pounds, NaN in years with no receipt recorded


@dataclass(frozen=True)
class ProductivityInput:
    key: str
    name: str
    group: int  # index of the workforce group whose time is freed
    minutes_per_day: np.ndarray
    productive_minutes_per_day: np.ndarray
    active: np.ndarray  # (T,) 1.0 from the start year
    covered_share: np.ndarray | None  # fraction of the group covered (None with fte_covered or the whole group)
    fte_covered: np.ndarray | None  # FTE covered (e.g. the officers given devices)


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

        def recorded(field, path: str) -> np.ndarray:
            """An in-year amount known only for the years recorded: NaN in the others (unknown,
            never carried forward or read as nil)."""
            reported = np.array([field is not None and (not isinstance(field.value, dict) or y in field.value)
                                 for y in years]) & projected
            return np.where(reported, get(path, np.nan), np.nan)

        items = []
        for key, item in sc.savings.items.items():
            path, start = f"savings.items.{key}", years.index(item.start_year)
            pay_group = groups.index(item.group) if item.reduces == "pay" else None
            items.append(SavingsItemInput(
                key=key, name=item.name, reduces=item.reduces,
                group=pay_group if item.fte is not None else None,
                amount=get(f"{path}.amount") if item.amount is not None else None,
                value_group=pay_group if item.valuation == "per_fte" else None,
                confidence=get(f"{path}.confidence"), start=start,
                ramp=timeline.ramp_factors(n_years, start, item.ramp_years),
                one_off_cost=get(f"{path}.one_off_cost") if item.one_off_cost is not None else None,
                fte=get(f"{path}.fte") if item.fte is not None else None,
                realised=recorded(item.realised, f"{path}.realised"),
            ))
        collaboration = []
        for key, project in sc.savings.collaboration.items():
            path, start = f"savings.collaboration.{key}", years.index(project.start_year)
            collaboration.append(CollaborationInput(
                key=key, name=project.name, joint_cost_base=get(f"{path}.joint_cost_base"),
                saving_rate=get(f"{path}.saving_pct"), force_share=get(f"{path}.force_share"),
                confidence=get(f"{path}.confidence"), implementation_cost=get(f"{path}.implementation_cost"),
                start=start, ramp=timeline.ramp_factors(n_years, start, project.ramp_years),
                realised_benefit=recorded(project.realised_benefit, f"{path}.realised_benefit"),
                reduces=project.reduces,
                group=groups.index(project.group) if project.reduces == "pay" else None,
                fte=get(f"{path}.fte") if project.fte is not None else None,
                recharge_planned=get(f"{path}.recharge_income") if project.recharge_income is not None else None,
                recharge_received=recorded(project.recharge_received, f"{path}.recharge_received"),
            ))
        productivity = tuple(
            ProductivityInput(
                key=key, name=gain.name, group=groups.index(gain.group),
                minutes_per_day=get(f"savings.productivity.{key}.minutes_per_day"),
                productive_minutes_per_day=get(f"savings.productivity.{key}.productive_minutes_per_day"),
                active=(np.arange(n_years) >= years.index(gain.start_year)).astype(float),
                covered_share=get(f"savings.productivity.{key}.share_of_group")
                if gain.share_of_group is not None else None,
                fte_covered=get(f"savings.productivity.{key}.fte_covered") if gain.fte_covered is not None else None,
            ) for key, gain in sc.savings.productivity.items())
        return cls(items=tuple(items), collaboration=tuple(collaboration), productivity=productivity,
                   count_in_gap=sc.savings.count_in_gap, n_groups=len(groups))


@dataclass(frozen=True)
class Savings:
    """The savings and collaboration block's results: pounds (S, T) unless noted."""

    item_planned: dict[str, np.ndarray]
    item_risk_adjusted: dict[str, np.ndarray]
    item_realised: dict[str, np.ndarray]  # NaN in years with none recorded
    item_variance: dict[str, np.ndarray]  # realised - planned, NaN in years with none recorded
    collaboration_planned: dict[str, np.ndarray]
    collaboration_risk_adjusted: dict[str, np.ndarray]
    collaboration_realised: dict[str, np.ndarray]
    collaboration_variance: dict[str, np.ndarray]
    recharge_planned: dict[str, np.ndarray]  # income from partners planned
    recharge_income: dict[str, np.ndarray]  # counted: received where recorded, else planned
    recharge_shortfall: dict[str, np.ndarray]  # planned - received (0 where nothing is recorded)
    capacity_fte: dict[str, np.ndarray]  # FTE of capacity released (non-cashable)
    planned: np.ndarray
    risk_adjusted: np.ndarray
    delivered: np.ndarray  # the figure counted in the gap: realised where recorded, else planned or risk-adjusted
    variance: np.ndarray  # realised - planned over every item and project, in the years recorded (0 elsewhere)
    pay: np.ndarray  # delivered savings that reduce pay
    non_pay: np.ndarray
    income: np.ndarray  # income savings and recharge income from partners
    posts_removed: np.ndarray  # (S, G, T) FTE the pay savings remove
    fte_after_savings: np.ndarray  # (S, G, T) closing FTE less posts removed, never below nil
    one_off_costs: np.ndarray  # savings items' one-off costs
    collaboration_one_off_costs: np.ndarray  # this force's share of implementation costs


def item_savings(*, full_year_amount: np.ndarray, ramp: np.ndarray, confidence: np.ndarray,
                 cost_index: np.ndarray | float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """(planned, risk-adjusted) saving each year: full-year amount x ramp (x cost index), x confidence. Pounds.

    `cost_index` (S, T) is the removed posts' cost per FTE in each year over its base-year
    figure, for a pay saving valued per FTE (1.0 = fixed cash).
    """
    planned = full_year_amount[:, :1] * ramp[None, :] * cost_index
    risk_adjusted = planned * confidence[:, :1]
    return planned, risk_adjusted


def counted_with_realised(*, counted: np.ndarray, realised: np.ndarray) -> np.ndarray:
    """The figure in the gap: the realised one where recorded (not NaN), else `counted`. Pounds, (S, T)."""
    return np.where(np.isnan(realised), counted, realised)


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
    active: np.ndarray, covered_share: np.ndarray | None = None, fte_covered: np.ndarray | None = None,
) -> np.ndarray:
    """Capacity released, in FTE: minutes saved / productive minutes a day x FTE covered.

    The FTE covered is `fte_covered` (never more than the group has), or `covered_share` of
    the group's average FTE, or the whole group. Reported as capacity only, never as cash:
    the time is redeployed, not removed from the budget.
    """
    share_of_day = minutes_per_day[:, :1] / productive_minutes_per_day[:, :1]
    if fte_covered is not None:
        covered = np.minimum(fte_covered[:, :1], average_fte)
    elif covered_share is not None:
        covered = covered_share[:, :1] * average_fte
    else:
        covered = average_fte
    return share_of_day * covered * active[None, :]


def project_savings(s: SavingsInputs, *, fte_average: np.ndarray, fte_closing: np.ndarray,
                    cost_per_fte: np.ndarray | None = None) -> Savings:
    """The savings block: items and collaboration (planned and risk-adjusted), realised where
    recorded, by kind, their one-off costs, posts removed, recharge income and productivity
    capacity. FTE and `cost_per_fte` (pounds per FTE) inputs are (S, G, T); without
    `cost_per_fte` every saving is fixed cash."""
    n_years = fte_closing.shape[-1]
    counted_is_planned = s.count_in_gap == "planned"
    planned_total = np.zeros((1, n_years))
    risk_total = np.zeros((1, n_years))
    delivered = np.zeros((1, n_years))
    variance_total = np.zeros((1, n_years))
    by_kind = {"pay": np.zeros((1, n_years)), "non_pay": np.zeros((1, n_years)), "income": np.zeros((1, n_years))}
    one_off = np.zeros((1, n_years))
    posts = [np.zeros((1, n_years)) for _ in range(s.n_groups)]
    item_planned, item_risk, item_realised, item_variance = {}, {}, {}, {}
    for item in s.items:
        index = 1.0
        if item.value_group is not None and cost_per_fte is not None:
            cost = cost_per_fte[:, item.value_group]
            index = cost / cost[:, :1]
        amount = item.amount
        if amount is None:  # posts valued at the group's base-year cost per FTE
            amount = item.fte[:, :1] * cost_per_fte[:, item.value_group, :1]
        planned, risk = item_savings(full_year_amount=amount, ramp=item.ramp, confidence=item.confidence,
                                     cost_index=index)
        counted = counted_with_realised(counted=planned if counted_is_planned else risk, realised=item.realised)
        item_planned[item.key], item_risk[item.key] = planned, risk
        item_realised[item.key], item_variance[item.key] = item.realised, item.realised - planned
        planned_total = planned_total + planned
        risk_total = risk_total + risk
        delivered = delivered + counted
        variance_total = variance_total + np.nan_to_num(item.realised - planned)
        by_kind[item.reduces] = by_kind[item.reduces] + counted
        if item.one_off_cost is not None:
            one_off = one_off + one_off_in_start_year(amount=item.one_off_cost, start_index=item.start, n_years=n_years)
        if item.group is not None:
            posts[item.group] = posts[item.group] + item.fte[:, :1] * item.ramp[None, :]
    collab_planned, collab_risk, collab_realised, collab_variance = {}, {}, {}, {}
    recharge_planned, recharge_income, recharge_shortfall = {}, {}, {}
    collab_one_off = np.zeros((1, n_years))
    for project in s.collaboration:
        planned = collaboration_saving(joint_cost_base=project.joint_cost_base, saving_rate=project.saving_rate,
                                       force_share=project.force_share, ramp=project.ramp)
        risk = planned * project.confidence[:, :1]
        counted = counted_with_realised(counted=planned if counted_is_planned else risk,
                                        realised=project.realised_benefit)
        collab_planned[project.key], collab_risk[project.key] = planned, risk
        collab_realised[project.key] = project.realised_benefit
        collab_variance[project.key] = project.realised_benefit - planned
        planned_total = planned_total + planned
        risk_total = risk_total + risk
        delivered = delivered + counted
        variance_total = variance_total + np.nan_to_num(project.realised_benefit - planned)
        by_kind[project.reduces] = by_kind[project.reduces] + counted
        if project.group is not None and project.fte is not None:
            posts[project.group] = posts[project.group] + project.fte[:, :1] * project.ramp[None, :]
        collab_one_off = collab_one_off + one_off_in_start_year(
            amount=project.implementation_cost * project.force_share, start_index=project.start, n_years=n_years)
        # Recharge income from the partners: planned each projected year; what was received where recorded.
        planned_income = np.zeros((1, n_years))
        if project.recharge_planned is not None:
            planned_income = project.recharge_planned * (np.arange(n_years) > 0)
        income = counted_with_realised(counted=planned_income, realised=project.recharge_received)
        recharge_planned[project.key], recharge_income[project.key] = planned_income, income
        recharge_shortfall[project.key] = planned_income - income
        planned_total = planned_total + planned_income
        delivered = delivered + income
        by_kind["income"] = by_kind["income"] + income
    capacity = {gain.key: productivity_capacity_fte(
        minutes_per_day=gain.minutes_per_day, productive_minutes_per_day=gain.productive_minutes_per_day,
        average_fte=fte_average[:, gain.group], active=gain.active, covered_share=gain.covered_share,
        fte_covered=gain.fte_covered) for gain in s.productivity}
    size = max([fte_closing.shape[0]] + [p.shape[0] for p in posts])
    posts_removed = np.zeros((size, s.n_groups, n_years))
    for g, removed in enumerate(posts):
        posts_removed[:, g] = removed
    return Savings(
        item_planned=item_planned, item_risk_adjusted=item_risk, item_realised=item_realised,
        item_variance=item_variance,
        collaboration_planned=collab_planned, collaboration_risk_adjusted=collab_risk,
        collaboration_realised=collab_realised, collaboration_variance=collab_variance,
        recharge_planned=recharge_planned, recharge_income=recharge_income, recharge_shortfall=recharge_shortfall,
        capacity_fte=capacity,
        planned=planned_total, risk_adjusted=risk_total, delivered=delivered, variance=variance_total,
        pay=by_kind["pay"], non_pay=by_kind["non_pay"], income=by_kind["income"],
        posts_removed=posts_removed,
        # Savings cannot remove more posts than the group has: FTE after savings stops at nil.
        fte_after_savings=np.maximum(fte_closing - posts_removed, 0.0),
        one_off_costs=one_off, collaboration_one_off_costs=collab_one_off,
    )
