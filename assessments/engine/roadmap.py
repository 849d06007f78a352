"""build_roadmap: ITO first, then the gate, then BPO; cash flow, KPIs and scenarios.

The pipeline (one pass per savings band; the base band's pass also gives the items):

1. ITO economics per area (ito.py); rule 3 drops areas without material savings.
2. ITO scheduling by payback, fastest first, within the parallel limit (schedule.py).
3. The gate: the first month whose realised ITO savings run-rate (12 x that month's
   ITO savings in the cash flow) reaches gate_fraction x the planned ITO run-rate
   (rule 6). BPO items start no earlier than the gate and after every ITO item has
   started (rule 5: ITO first). Without ITO items the gate is month 0.
4. BPO suitability and economics (bpo.py); rule 4 keeps a function only if it is
   not "unlikely" and its NPV over the horizon at its actual start is positive.
5. BPO scheduling by profitability index within the parallel limit.
6. Monthly cash flow and KPIs (cashflow.py), scenarios, provider shortlists.

Ordering and inclusion use per-unit-of-cost figures, so multiplying every amount by k
scales every money output by k and changes no decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from . import rationale
from .ahp import ahp_weights
from .bpo import bpo_economics, criterion_scores, error_rate_after, suitability_class
from .cashflow import Discounting, Totals, totals, tower_flows
from .defaults import DEFAULT_BENCHMARKS, DEFAULT_SUITABILITY_WEIGHTS, ENGINE_VERSION
from .ito import ito_economics
from .schedule import NOT_PROFITABLE, OUTSIDE_HORIZON, SCHEDULED, schedule_bpo, schedule_ito
from .shortlist import ShortlistRequest, build_shortlists
from .types import (
    SAVINGS_BANDS,
    SUITABILITY_CRITERIA,
    Benchmark,
    BpoKpis,
    CashFlowRow,
    Kpis,
    Phase,
    Roadmap,
    RoadmapInput,
    RoadmapItem,
    Scenario,
    ShortlistEntry,
    SuitabilityWeights,
)
from .validate import validate_input

# Relative tolerance of the gate test, so that a scaled copy of the input (or rounding
# in a sum) cannot move the gate by a month.
GATE_TOLERANCE = 1e-9


def _bench_arrays(caps: list[str], benchmarks: dict[str, Benchmark]) -> dict[str, np.ndarray]:
    fields = ("savings_low", "savings_typical", "savings_high", "transition_months", "transition_cost_fraction")
    fields += ("engagement_months", "ramp_months")
    table = {code: tuple(getattr(b, f) for f in fields) for code, b in benchmarks.items()}
    rows = np.array([table[c] for c in caps], dtype=float).reshape(len(caps), len(fields))
    out = {f: rows[:, j] for j, f in enumerate(fields)}
    for f in ("transition_months", "engagement_months", "ramp_months"):
        out[f] = out[f].astype(np.int64)
    return out


@dataclass(frozen=True, slots=True)
class _Context:
    data: RoadmapInput
    horizon: int
    discounting: Discounting
    ito_ids: list[str]
    ito_caps: list[str]
    ito_cost: np.ndarray
    ito_avail: np.ndarray
    ito_maturity: np.ndarray
    ito_std: np.ndarray
    ito_bench: dict[str, np.ndarray]
    bpo_ids: list[str]
    bpo_caps: list[str]
    bpo_cost: np.ndarray
    bpo_bench: dict[str, np.ndarray]
    bpo_criteria: np.ndarray  # (lines, 6) in 0..1, 1 favours BPO
    suitability: np.ndarray
    suitable: np.ndarray
    weights: SuitabilityWeights


def _context(data: RoadmapInput) -> _Context:
    p = data.parameters
    benchmarks = dict(DEFAULT_BENCHMARKS)
    for b in data.benchmarks:
        benchmarks[b.capability] = b
    areas = data.it_cost_areas
    funcs = data.business_functions
    if data.criteria_pairwise is not None:
        ahp = ahp_weights(data.criteria_pairwise)
        weights = SuitabilityWeights(
            criteria=SUITABILITY_CRITERIA,
            weights=ahp.weights,
            consistency_ratio=ahp.consistency_ratio,
            source="criteria_pairwise: AHP principal eigenvector (Saaty)",
        )
    else:
        weights = SuitabilityWeights(
            criteria=SUITABILITY_CRITERIA,
            weights=tuple(DEFAULT_SUITABILITY_WEIGHTS[c] for c in SUITABILITY_CRITERIA),
            consistency_ratio=None,
            source="product judgement (default weights)",
        )
    columns = {c: np.array([getattr(f, c) for f in funcs], dtype=float) for c in SUITABILITY_CRITERIA}
    crit = criterion_scores(columns)
    suitability = 100.0 * crit @ np.array(weights.weights)
    bpo_caps = [f.capability for f in funcs]
    ito_caps = [a.capability for a in areas]
    return _Context(
        data=data,
        horizon=p.horizon_months,
        discounting=Discounting(horizon=p.horizon_months, annual_rate=p.discount_rate),
        ito_ids=[a.id for a in areas],
        ito_caps=ito_caps,
        ito_cost=np.array([a.annual_cost for a in areas], dtype=float),
        ito_avail=np.array([a.available_from_month for a in areas], dtype=np.int64),
        ito_maturity=np.array([a.maturity for a in areas], dtype=float),
        ito_std=np.array([a.standardisation for a in areas], dtype=float),
        ito_bench=_bench_arrays(ito_caps, benchmarks),
        bpo_ids=[f.id for f in funcs],
        bpo_caps=bpo_caps,
        bpo_cost=np.array([f.annual_cost for f in funcs], dtype=float),
        bpo_bench=_bench_arrays(bpo_caps, benchmarks),
        bpo_criteria=crit,
        suitability=suitability,
        suitable=np.array([suitability_class(s) != "unlikely" for s in suitability], dtype=bool),
        weights=weights,
    )


@dataclass(frozen=True, slots=True)
class _Plan:
    band: str
    ito_pct: np.ndarray
    ito_savings: np.ndarray
    ito_one_off: np.ndarray
    ito_payback: np.ndarray
    ito_material: np.ndarray
    ito_start: np.ndarray
    ito_status: tuple[str, ...]
    ito_included: np.ndarray
    bpo_eff: np.ndarray
    bpo_benefit: np.ndarray  # net annual benefit (money)
    bpo_one_off: np.ndarray
    bpo_start: np.ndarray
    bpo_status: tuple[str, ...]
    bpo_included: np.ndarray
    bpo_earliest: int
    bpo_npv_earliest: np.ndarray  # money NPV if started at the earliest BPO month (nan if impossible)
    gate: int
    planned_ito: float
    ito_flow: np.ndarray
    bpo_flow: np.ndarray
    cost_flow: np.ndarray
    totals: Totals
    kpis: Kpis


def _plan(ctx: _Context, band: str) -> _Plan:
    p = ctx.data.parameters
    h = ctx.horizon
    disc = ctx.discounting

    # --- ITO -------------------------------------------------------------------
    ib = ctx.ito_bench
    n_ito = len(ctx.ito_ids)
    ito = ito_economics(
        annual_cost=ctx.ito_cost,
        maturity=ctx.ito_maturity,
        standardisation=ctx.ito_std,
        low=ib["savings_low"],
        typical=ib["savings_typical"],
        high=ib["savings_high"],
        transition_months=ib["transition_months"],
        transition_cost_pct=ib["transition_cost_fraction"],
        selection_cost_pct=p.selection_cost_fraction,
        materiality_threshold=p.materiality_threshold,
        band=band,
    )
    payback = ito.payback_months
    order = sorted(np.flatnonzero(ito.material).tolist(), key=lambda i: (payback[i], ctx.ito_ids[i]))
    ito_sched = schedule_ito(
        order=order,
        available_from=ctx.ito_avail,
        transition=ib["transition_months"],
        occupancy=ib["engagement_months"],
        horizon=h,
        slots=p.max_parallel_ito,
        count=n_ito,
    )
    ito_inc = np.array([s == SCHEDULED for s in ito_sched.status], dtype=bool)
    ito_savings = ctx.ito_cost * ito.pct
    ito_one_off = ctx.ito_cost * ito.one_off_unit
    zero_ramp = np.zeros(int(ito_inc.sum()), dtype=np.int64)
    ito_flow, ito_costs = tower_flows(
        horizon=h,
        start=ito_sched.start[ito_inc],
        transition=ib["transition_months"][ito_inc],
        ramp=zero_ramp,
        one_off=ito_one_off[ito_inc],
        annual=ito_savings[ito_inc],
    )
    planned = float(ito_savings[ito_inc].sum())
    if ito_inc.any():
        realised = 12.0 * ito_flow
        reached = np.flatnonzero(realised >= p.gate_fraction * planned - GATE_TOLERANCE * planned)
        gate = int(reached[0]) if reached.size else h
        earliest = max(gate, int(ito_sched.start[ito_inc].max()) + 1)
    else:
        gate = 0
        earliest = 0

    # --- BPO -------------------------------------------------------------------
    bb = ctx.bpo_bench
    n_bpo = len(ctx.bpo_ids)
    bpo = bpo_economics(
        suitability=ctx.suitability,
        low=bb["savings_low"],
        typical=bb["savings_typical"],
        high=bb["savings_high"],
        transition_cost_pct=bb["transition_cost_fraction"],
        selection_cost_pct=p.selection_cost_fraction,
        governance_pct=p.governance_fraction,
        band=band,
    )
    t_bpo = bb["transition_months"]
    r_bpo = bb["ramp_months"]
    fits = earliest + t_bpo < h
    unit_npv0 = np.full(n_bpo, np.nan)
    if fits.any():
        unit_npv0[fits] = disc.unit_npv(
            start=np.full(int(fits.sum()), earliest),
            transition=t_bpo[fits],
            ramp=r_bpo[fits],
            one_off=bpo.one_off_unit[fits],
            annual=bpo.net_annual_unit[fits],
        )
    candidate = ctx.suitable & (ctx.bpo_cost > 0) & fits & (np.nan_to_num(unit_npv0, nan=-1.0) > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        pi0 = np.where(bpo.one_off_unit > 0, unit_npv0 / bpo.one_off_unit, np.inf)
    bpo_order = sorted(np.flatnonzero(candidate).tolist(), key=lambda i: (-pi0[i], ctx.bpo_ids[i]))
    one_off_u = bpo.one_off_unit
    net_u = bpo.net_annual_unit

    def npv_at(i: int, start: int) -> float:
        return disc.unit_npv_one(
            start=start,
            transition=int(t_bpo[i]),
            ramp=int(r_bpo[i]),
            one_off=float(one_off_u[i]),
            annual=float(net_u[i]),
        )

    bpo_sched = schedule_bpo(
        order=bpo_order,
        earliest=earliest,
        transition=t_bpo,
        occupancy=t_bpo + r_bpo,
        horizon=h,
        slots=p.max_parallel_bpo,
        count=n_bpo,
        npv_at=npv_at,
    )
    bpo_inc = np.array([s == SCHEDULED for s in bpo_sched.status], dtype=bool)
    bpo_benefit = ctx.bpo_cost * net_u
    bpo_one_off = ctx.bpo_cost * one_off_u
    bpo_flow, bpo_costs = tower_flows(
        horizon=h,
        start=bpo_sched.start[bpo_inc],
        transition=t_bpo[bpo_inc],
        ramp=r_bpo[bpo_inc],
        one_off=bpo_one_off[bpo_inc],
        annual=bpo_benefit[bpo_inc],
    )
    tot = totals(ito=ito_flow, bpo=bpo_flow, costs=ito_costs + bpo_costs, discounting=disc)
    kpis = Kpis(
        npv=tot.npv,
        payback_month=tot.payback_month,
        run_rate_ito=planned,
        run_rate_bpo=float(bpo_benefit[bpo_inc].sum()),
        peak_investment=tot.peak_investment,
    )
    return _Plan(
        band=band,
        ito_pct=ito.pct,
        ito_savings=ito_savings,
        ito_one_off=ito_one_off,
        ito_payback=payback,
        ito_material=ito.material,
        ito_start=ito_sched.start,
        ito_status=ito_sched.status,
        ito_included=ito_inc,
        bpo_eff=bpo.efficiency_pct,
        bpo_benefit=bpo_benefit,
        bpo_one_off=bpo_one_off,
        bpo_start=bpo_sched.start,
        bpo_status=bpo_sched.status,
        bpo_included=bpo_inc,
        bpo_earliest=earliest,
        bpo_npv_earliest=ctx.bpo_cost * unit_npv0,
        gate=gate,
        planned_ito=planned,
        ito_flow=ito_flow,
        bpo_flow=bpo_flow,
        cost_flow=ito_costs + bpo_costs,
        totals=tot,
        kpis=kpis,
    )


def _none_if_nan(x: float) -> float | None:
    return None if not np.isfinite(x) else float(x)


def _items(ctx: _Context, plan: _Plan, shortlists: Mapping[int, tuple[ShortlistEntry, ...]]) -> tuple[RoadmapItem, ...]:
    """One item per input line, ITO lines first, each in input order. Shortlist keys are
    line positions (ITO lines, then BPO lines)."""
    p = ctx.data.parameters
    cur = p.currency
    h = ctx.horizon
    disc = ctx.discounting
    ib, bb = ctx.ito_bench, ctx.bpo_bench

    # Item NPVs at their actual start, vectorised over included items.
    inc = np.flatnonzero(plan.ito_included)
    ito_npv = np.full(len(ctx.ito_ids), np.nan)
    if inc.size:
        ito_npv[inc] = disc.unit_npv(
            start=plan.ito_start[inc],
            transition=ib["transition_months"][inc],
            ramp=np.zeros(inc.size, dtype=np.int64),
            one_off=plan.ito_one_off[inc],
            annual=plan.ito_savings[inc],
        )
    ito_items = []
    for i, area in enumerate(ctx.data.it_cost_areas):
        pct = float(plan.ito_pct[i])
        savings = float(plan.ito_savings[i])
        one_off = float(plan.ito_one_off[i])
        t = int(ib["transition_months"][i])
        start = savings_from = exit_month = None
        npv = pi = None
        if plan.ito_included[i]:
            start = int(plan.ito_start[i])
            savings_from = start + t
            exit_month = start + int(ib["engagement_months"][i])
            npv = float(ito_npv[i])
            pi = npv / one_off if one_off > 0 else None
            code, text, params = rationale.ito_included(
                capability=area.capability,
                pct=pct,
                annual_cost=area.annual_cost,
                savings=savings,
                one_off=one_off,
                payback=float(plan.ito_payback[i]),
                start=start,
                savings_from=savings_from,
                exit_month=exit_month,
                currency=cur,
            )
        elif not plan.ito_material[i]:
            code, text, params = rationale.ito_not_material(
                pct=pct, savings=savings, threshold=p.materiality_threshold, currency=cur
            )
        else:
            attempted = int(plan.ito_start[i])
            code, text, params = rationale.outside_horizon(
                kind="ITO",
                start=attempted,
                transition=t,
                horizon=h,
                slots=p.max_parallel_ito,
                cause="available" if attempted == area.available_from_month else "slots",
            )
        ito_items.append(
            RoadmapItem(
                id=area.id,
                kind="ITO",
                capability=area.capability,
                included=bool(plan.ito_included[i]),
                rationale=text,
                reason_code=code,
                reason_params=params,
                start_month=start,
                savings_from_month=savings_from,
                exit_month=exit_month,
                net_annual_savings=savings,
                one_off_cost=one_off,
                npv=npv,
                profitability_index=pi,
                savings_pct=pct,
                shortlist=shortlists.get(i, ()),
            )
        )

    inc = np.flatnonzero(plan.bpo_included)
    bpo_npv = np.full(len(ctx.bpo_ids), np.nan)
    if inc.size:
        bpo_npv[inc] = disc.unit_npv(
            start=plan.bpo_start[inc],
            transition=bb["transition_months"][inc],
            ramp=bb["ramp_months"][inc],
            one_off=plan.bpo_one_off[inc],
            annual=plan.bpo_benefit[inc],
        )
    weights = np.array(ctx.weights.weights)
    bpo_items = []
    for i, f in enumerate(ctx.data.business_functions):
        s = float(ctx.suitability[i])
        cls = suitability_class(s)
        eff = float(plan.bpo_eff[i])
        benefit = float(plan.bpo_benefit[i])
        one_off = float(plan.bpo_one_off[i])
        t = int(bb["transition_months"][i])
        r = int(bb["ramp_months"][i])
        start = savings_from = None
        npv: float | None
        pi: float | None = None
        status = plan.bpo_status[i]
        if plan.bpo_included[i]:
            start = int(plan.bpo_start[i])
            savings_from = start + t
            npv = float(bpo_npv[i])
            pi = npv / one_off if one_off > 0 else None
            code, text, params = rationale.bpo_included(
                suitability=s,
                suitability_class=cls,
                efficiency=eff,
                benefit=benefit,
                npv=npv,
                pi=pi,
                start=start,
                savings_from=savings_from,
                full_from=savings_from + max(r - 1, 0),
                currency=cur,
            )
        elif not ctx.suitable[i]:
            npv = _none_if_nan(plan.bpo_npv_earliest[i])
            # Name the criteria that cost the most suitability points: weight x shortfall.
            loss = weights * (1.0 - ctx.bpo_criteria[i])
            weakest = tuple(SUITABILITY_CRITERIA[j] for j in sorted(range(len(loss)), key=lambda j: (-loss[j], j))[:2])
            code, text, params = rationale.bpo_not_suitable(suitability=s, weakest=weakest)
        elif status == OUTSIDE_HORIZON or (status == "" and not plan.bpo_earliest + t < h):
            npv = None
            attempted = int(plan.bpo_start[i]) if status else plan.bpo_earliest
            code, text, params = rationale.outside_horizon(
                kind="BPO",
                start=attempted,
                transition=t,
                horizon=h,
                slots=p.max_parallel_bpo,
                cause="gate" if attempted == plan.bpo_earliest else "slots",
            )
        else:
            # Either not profitable even at the earliest start, or no longer after waiting for a slot.
            attempted = int(plan.bpo_start[i]) if status == NOT_PROFITABLE else plan.bpo_earliest
            if status == NOT_PROFITABLE:
                npv = f.annual_cost * ctx.discounting.unit_npv_one(
                    start=attempted,
                    transition=t,
                    ramp=r,
                    one_off=one_off / f.annual_cost if f.annual_cost else 0.0,
                    annual=benefit / f.annual_cost if f.annual_cost else 0.0,
                )
            else:
                npv = _none_if_nan(plan.bpo_npv_earliest[i])
            code, text, params = rationale.bpo_not_profitable(
                npv=npv, benefit=benefit, one_off=one_off, start=attempted, horizon=h, currency=cur
            )
        volume = f.annual_volume
        kpis = BpoKpis(
            cost_per_transaction_before=f.annual_cost / volume if volume > 0 else None,
            cost_per_transaction_after=(f.annual_cost - benefit) / volume if volume > 0 else None,
            error_rate_before=f.error_rate,
            error_rate_after=error_rate_after(error_rate=f.error_rate, suitability=s),
            ftes_freed=f.ftes * eff,
        )
        bpo_items.append(
            RoadmapItem(
                id=f.id,
                kind="BPO",
                capability=f.capability,
                included=bool(plan.bpo_included[i]),
                rationale=text,
                reason_code=code,
                reason_params=params,
                start_month=start,
                savings_from_month=savings_from,
                exit_month=None,
                net_annual_savings=benefit,
                one_off_cost=one_off,
                npv=npv,
                profitability_index=pi,
                savings_pct=eff,
                suitability=s,
                suitability_class=cls,
                kpis=kpis,
                shortlist=shortlists.get(len(ctx.ito_ids) + i, ()),
            )
        )
    return (*ito_items, *bpo_items)


def _phase(kind: str, starts: np.ndarray, ends: np.ndarray, ids: list[str], included: np.ndarray) -> Phase | None:
    idx = np.flatnonzero(included)
    if not idx.size:
        return None
    ordered = sorted(idx.tolist(), key=lambda i: (int(starts[i]), ids[i]))
    return Phase(
        kind=kind,
        start_month=int(starts[idx].min()),
        end_month=int(ends[idx].max()),
        item_ids=tuple(ids[i] for i in ordered),
    )


def build_roadmap(data: RoadmapInput) -> Roadmap:
    """Compute the phased ITO-then-BPO roadmap for one assessment.

    Pure and deterministic: the same input gives the same output. Raises
    EngineInputError (a ValueError) naming the field when the input is invalid.
    """
    validate_input(data)
    ctx = _context(data)
    p = data.parameters
    plans = {band: _plan(ctx, band) for band in SAVINGS_BANDS}
    plan = plans[p.savings_band]

    lines = (*data.it_cost_areas, *data.business_functions)
    chosen = np.concatenate((plan.ito_included, plan.bpo_included))
    requests = [
        ShortlistRequest(key=k, capability=lines[k].capability, ftes=lines[k].ftes)
        for k in np.flatnonzero(chosen).tolist()
    ]
    shortlists = build_shortlists(requests=requests, offerings=data.offerings, region=p.region)
    items = _items(ctx, plan, shortlists)

    ib, bb = ctx.ito_bench, ctx.bpo_bench
    phases = tuple(
        ph
        for ph in (
            _phase("ITO", plan.ito_start, plan.ito_start + ib["engagement_months"], ctx.ito_ids, plan.ito_included),
            _phase(
                "BPO",
                plan.bpo_start,
                plan.bpo_start + bb["transition_months"] + bb["ramp_months"],
                ctx.bpo_ids,
                plan.bpo_included,
            ),
        )
        if ph is not None
    )
    has_ito = bool(plan.ito_included.any())
    has_bpo = bool(plan.bpo_included.any())
    gate_month = plan.gate if has_bpo else None
    last_ito_start = int(plan.ito_start[plan.ito_included].max()) if has_ito else None
    first_bpo = int(plan.bpo_start[plan.bpo_included].min()) if has_bpo else None
    gate_reason = rationale.gate(
        gate_month=gate_month,
        has_ito=has_ito,
        has_bpo=has_bpo,
        fraction=p.gate_fraction,
        planned=plan.planned_ito,
        first_bpo=first_bpo,
        last_ito_start=last_ito_start if last_ito_start is not None and last_ito_start + 1 > plan.gate else None,
        currency=p.currency,
    )

    tot = plan.totals
    cash_flow = tuple(
        CashFlowRow(
            month=m,
            ito_savings=float(plan.ito_flow[m]),
            bpo_benefit=float(plan.bpo_flow[m]),
            one_off_costs=float(plan.cost_flow[m]),
            net=float(tot.net[m]),
            cumulative=float(tot.cumulative[m]),
            discounted_cumulative=float(tot.discounted_cumulative[m]),
        )
        for m in range(ctx.horizon)
    )
    scenarios = tuple(
        Scenario(band=band, kpis=plans[band].kpis, cumulative=tuple(float(x) for x in plans[band].totals.cumulative))
        for band in SAVINGS_BANDS
    )
    return Roadmap(
        engine_version=ENGINE_VERSION,
        currency=p.currency,
        gate_month=gate_month,
        gate_reason=gate_reason,
        phases=phases,
        items=items,
        cash_flow=cash_flow,
        kpis=plan.kpis,
        scenarios=scenarios,
        suitability_weights=ctx.weights,
    )
