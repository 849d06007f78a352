"""The schedule is optimal: compared with exhaustive enumeration of every feasible schedule.

Definition under test (roadmap.py): ITO start months maximise the sum of ITO item NPVs
under the ITO slot limit; the gate follows from that schedule; BPO start months (from
the gate) maximise the sum of BPO item NPVs under the BPO slot limit.
"""

import dataclasses

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.engine import (
    BPO_CODES,
    DEFAULT_BENCHMARKS,
    ITO_CODES,
    BusinessFunction,
    ITCostArea,
    Parameters,
    RoadmapInput,
    RoadmapItem,
    build_roadmap,
)
from assessments.engine.schedule import MILP_MAX_VARIABLES, SlotProblem, _milp, heuristic, objective, plan_slots

SMALL = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _planned_npv(item: RoadmapItem) -> float:
    """A planned item's NPV (the engine values every planned item; fails the test if not)."""
    assert item.npv is not None
    return item.npv


def brute_force(value, earliest, latest, occupancy, slots, horizon, factor) -> float:
    """Best objective over every assignment (each item left out or started in its window)."""
    n = len(value)
    options = [np.array([-1, *range(int(earliest[i]), int(latest[i]) + 1)]) for i in range(n)]
    grid = np.zeros((1, 0), dtype=np.int64)
    for opt in options:
        grid = np.concatenate((np.repeat(grid, len(opt), axis=0), np.tile(opt, len(grid))[:, None]), axis=1)
    months = np.arange(horizon)
    on = grid >= 0
    running = on[:, :, None] & (grid[:, :, None] <= months) & (months < grid[:, :, None] + occupancy[None, :, None])
    feasible = running.sum(axis=1).max(axis=1, initial=0) <= slots
    worth = np.where(on, value[None, :] * factor[np.clip(grid, 0, horizon)], 0.0).sum(axis=1)
    return float(worth[feasible].max())


@st.composite
def slot_problems(draw):
    n = draw(st.integers(min_value=1, max_value=6))
    horizon = draw(st.integers(min_value=2, max_value=8))
    earliest = np.array([draw(st.integers(0, horizon - 1)) for _ in range(n)])
    latest = np.array([draw(st.integers(int(e), min(int(e) + 4, horizon - 1))) for e in earliest])
    occupancy = np.array([draw(st.integers(1, 4)) for _ in range(n)])
    value = np.array([draw(st.floats(min_value=1.0, max_value=1e6)) for _ in range(n)])
    rate = draw(st.sampled_from([0.0, 0.08, 0.5]))
    factor = (1 + rate) ** (-np.arange(horizon + 1) / 12)
    slots = draw(st.integers(1, 3))
    return SlotProblem(
        value=value, earliest=earliest, latest=latest, occupancy=occupancy, slots=slots, horizon=horizon, factor=factor
    )


@SMALL
@given(slot_problems())
def test_slot_schedule_equals_exhaustive_enumeration(problem):
    best = brute_force(
        problem.value,
        problem.earliest,
        problem.latest,
        problem.occupancy,
        problem.slots,
        problem.horizon,
        problem.factor,
    )
    plan = plan_slots(problem, kind="ITO", time_limit=10)
    assert plan.run.status == "optimal"
    assert objective(problem, plan.start) == pytest.approx(best, rel=1e-6)
    # The MILP alone (not only the exact shortcut) reaches it too, and the heuristic never beats it.
    start, status, gap = _milp(problem, 10)
    assert status == "optimal"
    assert start is not None
    assert gap == 0.0
    assert objective(problem, start) == pytest.approx(best, rel=1e-6)
    assert objective(problem, heuristic(problem)) <= best * (1 + 1e-9)
    # Feasible: windows and the slot limit.
    chosen = plan.start >= 0
    assert np.all(plan.start[chosen] >= problem.earliest[chosen])
    assert np.all(plan.start[chosen] <= problem.latest[chosen])


def test_beyond_the_stated_size_the_heuristic_answers_and_says_so():
    n, horizon = 1_500, 60
    problem = SlotProblem(
        value=np.linspace(1.0, 2.0, n),
        earliest=np.zeros(n, dtype=np.int64),
        latest=np.full(n, horizon - 13, dtype=np.int64),
        occupancy=np.full(n, 12, dtype=np.int64),
        slots=10,
        horizon=horizon,
        factor=1.08 ** (-np.arange(horizon + 1) / 12),
    )
    assert n * (horizon - 12) > MILP_MAX_VARIABLES
    plan = plan_slots(problem, kind="ITO", time_limit=10)
    assert (plan.run.method, plan.run.status, plan.run.gap) == ("heuristic", "heuristic", None)
    assert (plan.start >= 0).sum() == 40  # 10 slots x 4 back-to-back waves of 12 months within 60


# --- the whole pipeline on small generated organisations ---------------------------------


def short_benchmarks(draw, codes, ito):
    out = []
    for code in codes:
        t = draw(st.integers(0, 2))
        out.append(
            dataclasses.replace(
                DEFAULT_BENCHMARKS[code],
                transition_months=t,
                engagement_months=t + draw(st.integers(1, 3)) if ito else 0,
                ramp_months=0 if ito else draw(st.integers(0, 2)),
            )
        )
    return tuple(out)


@st.composite
def small_organisations(draw):
    horizon = draw(st.integers(min_value=4, max_value=9))
    n_ito = draw(st.integers(0, 6))
    n_bpo = draw(st.integers(0, 6))
    params = Parameters(
        region="ID",
        currency="IDR",
        horizon_months=horizon,
        discount_rate=draw(st.sampled_from([0.0, 0.08, 0.3])),
        gate_fraction=draw(st.sampled_from([0.0, 0.5, 1.0])),
        max_parallel_ito=draw(st.integers(1, 2)),
        max_parallel_bpo=draw(st.integers(1, 2)),
        ito_valuation_months=draw(st.sampled_from([6, 24])),
        bpo_contract_months=draw(st.sampled_from([6, 24])),
        materiality_threshold=0.0,
    )
    areas = tuple(
        ITCostArea(
            id=f"it-{i}",
            capability=ITO_CODES[i],
            annual_cost=draw(st.floats(min_value=10_000, max_value=1e6)),
            available_from_month=draw(st.integers(0, horizon)),
            maturity=draw(st.integers(1, 5)),
        )
        for i in range(n_ito)
    )
    funcs = tuple(
        BusinessFunction(
            id=f"bp-{i}",
            capability=BPO_CODES[i],
            annual_cost=draw(st.floats(min_value=10_000, max_value=1e6)),
            ftes=10,
            annual_volume=100_000,
            standardisation=4,
            strategic_importance=2,
        )
        for i in range(n_bpo)
    )
    benchmarks = short_benchmarks(draw, ITO_CODES[:n_ito], True) + short_benchmarks(draw, BPO_CODES[:n_bpo], False)
    return RoadmapInput(parameters=params, it_cost_areas=areas, business_functions=funcs, benchmarks=benchmarks)


def factors(data):
    p = data.parameters
    return (1 + p.discount_rate) ** (-np.arange(p.horizon_months + 1) / 12)


@SMALL
@given(small_organisations())
def test_plan_npv_equals_exhaustive_enumeration(data):
    r = build_roadmap(data)
    p = data.parameters
    h = p.horizon_months
    f = factors(data)
    bench = {b.capability: b for b in data.benchmarks}
    areas = {a.id: a for a in data.it_cost_areas}

    # ITO: every line the plan holds or left out only for want of a slot competes.
    ito = [i for i in r.items if i.kind == "ITO" and (i.included or i.reason_code == "no_slot_within_plan")]
    if ito:
        value, earliest, latest, occ = [], [], [], []
        for item in ito:
            b, area = bench[item.capability], areas[item.id]
            at = item.start_month if item.included else area.available_from_month
            value.append(item.npv / f[at])
            payback = b.transition_months + 12 * item.one_off_cost / item.net_annual_savings
            earliest.append(area.available_from_month)
            latest.append(int(min(h - b.engagement_months, np.floor(h - payback + 1e-9))))
            occ.append(b.engagement_months)
        best = brute_force(
            np.array(value), np.array(earliest), np.array(latest), np.array(occ), p.max_parallel_ito, h, f
        )
        got = sum(_planned_npv(i) for i in ito if i.included)
        assert got == pytest.approx(best, rel=1e-6)

    # BPO, from the gate the ITO schedule set.
    bpo = [i for i in r.items if i.kind == "BPO" and (i.included or i.reason_code == "no_slot_within_plan")]
    if bpo:
        gate = r.gate_month
        assert gate is not None
        value, earliest, latest, occ = [], [], [], []
        for item in bpo:
            b = bench[item.capability]
            at = item.start_month if item.included else gate
            value.append(item.npv / f[at])
            earliest.append(gate)
            latest.append(h - 1 - b.transition_months)
            occ.append(b.transition_months + b.ramp_months)
        best = brute_force(
            np.array(value), np.array(earliest), np.array(latest), np.array(occ), p.max_parallel_bpo, h, f
        )
        got = sum(_planned_npv(i) for i in bpo if i.included)
        assert got == pytest.approx(best, rel=1e-6)
    for run in r.schedule:
        assert run.status == "optimal"
        assert run.gap == 0.0


def test_when_the_time_limit_strikes_the_better_of_incumbent_and_heuristic_is_kept(monkeypatch):
    import assessments.engine.schedule as schedule

    problem = SlotProblem(
        value=np.array([3.0, 2.0, 1.0]),
        earliest=np.zeros(3, dtype=np.int64),
        latest=np.full(3, 5, dtype=np.int64),
        occupancy=np.full(3, 3, dtype=np.int64),
        slots=1,
        horizon=6,
        factor=np.ones(7),
    )
    # A poor incumbent (nothing planned) reported at the limit with a 50 % gap.
    monkeypatch.setattr(schedule, "_milp", lambda p, t: (np.full(3, -1, dtype=np.int64), "time_limit", 0.5))
    plan = plan_slots(problem, kind="BPO", time_limit=0.01)
    assert (plan.run.method, plan.run.status, plan.run.gap) == ("milp", "time_limit", 0.5)
    assert objective(problem, plan.start) == 5.0  # the heuristic's: the two most valuable, back to back
    assert sorted(plan.start.tolist()) == [-1, 0, 3]
