"""The roadmap's items: one RoadmapItem per input line, with its reason, delay and KPIs.

Reasons are codes with parameters (rationale.py); an item that starts late names its cause
(`waiting_for_contract_end`, `waiting_for_gate`, `slot_held` with the items holding the
slot), and an item left out for want of a slot names the items holding it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from . import rationale, regulation
from .bpo import cycle_time_after, error_rate_after, suitability_class
from .context import PlanContext
from .delivery import delivery_note
from .ito import FOUND, INDICATIVE
from .plan import PlanSchedule
from .types import SUITABILITY_CRITERIA, BpoKpis, RoadmapItem, ShortlistEntry
from .valuation import BandValuation

# Names of the items holding slots given in a reason, at most.
MAX_NAMED = 5

Shortlists = Mapping[int, tuple[ShortlistEntry, ...]]


def _none_if_nan(x: float) -> float | None:
    return float(x) if math.isfinite(x) else None


def _running(start: np.ndarray, occupancy: np.ndarray, horizon: int) -> list[list[tuple[int, int]]]:
    """For every month of the plan, the (start, index) of the planned items holding a slot."""
    months: list[list[tuple[int, int]]] = [[] for _ in range(horizon)]
    starts, occupied = start.tolist(), occupancy.tolist()
    # in (start, index) order, so that every month's list comes out sorted
    for j in sorted(np.flatnonzero(start >= 0).tolist(), key=lambda k: (starts[k], k)):
        s0 = int(starts[j])
        for m in range(s0, min(s0 + int(occupied[j]), horizon)):
            months[m].append((s0, j))
    return months


def _holders(
    ids: list[str],
    running: list[list[tuple[int, int]]],
    months: range,
    skip: int,
    slots: int,
    own: range = range(0),
) -> tuple[str, ...]:
    """Ids of the items holding slots in the first full month of `months` (or, when no
    month is full, in any of them), earliest start first, at most MAX_NAMED. `skip` is
    the item being explained, running in the months `own` (never its own blocker)."""
    horizon = len(running)
    for m in months:
        if m >= horizon:
            break
        row = running[m]
        if len(row) - (m in own) >= slots:
            return tuple(ids[j] for _, j in [r for r in row[: MAX_NAMED + 1] if r[1] != skip][:MAX_NAMED])
    seen: dict[int, int] = {}
    for m in months:
        if m >= horizon or len(seen) >= MAX_NAMED:
            break
        for s0, j in running[m][: MAX_NAMED + 1]:
            if j != skip:
                seen.setdefault(j, s0)
    return tuple(ids[j] for j in sorted(seen, key=lambda k: (seen[k], k))[:MAX_NAMED])


def build_items(
    ctx: PlanContext, sched: PlanSchedule, val: BandValuation, shortlists: Shortlists
) -> tuple[RoadmapItem, ...]:
    """One item per input line, ITO lines first, each in input order. Shortlist keys are
    line positions (ITO lines, then BPO lines)."""
    return (*_ito_items(ctx, sched, val, shortlists), *_bpo_items(ctx, sched, val, shortlists))


def _ito_items(ctx: PlanContext, sched: PlanSchedule, val: BandValuation, shortlists: Shortlists) -> list[RoadmapItem]:
    p = ctx.data.parameters
    cur = p.currency
    h = ctx.horizon
    ib = ctx.ito_bench
    has_bpo = bool((sched.bpo_start >= 0).any())
    gate_for_waves = sched.gate if has_bpo else None
    ito_slots = int(min(p.max_parallel_ito, max(len(ctx.ito_ids), 1)))
    ito_running = _running(sched.ito_start, ib["engagement_months"], h)
    ito_items = []
    # Python floats of the per-line arrays, read once (the same values as indexing the arrays)
    fractions, costs = val.ito.fraction.tolist(), ctx.ito_cost.tolist()
    one_off_units, found = val.ito.one_off_unit.tolist(), ctx.ito_found.tolist()
    transitions, engagements = ib["transition_months"].tolist(), ib["engagement_months"].tolist()
    unit_costs, market_costs = ctx.ito_unit_cost.tolist(), val.ito.market_unit_cost.tolist()
    starts, npvs, paybacks = sched.ito_start.tolist(), val.ito_npv.tolist(), val.ito.payback_months.tolist()
    factor = ctx.factor.tolist()
    for i, area in enumerate(ctx.data.it_cost_areas):
        fraction = fractions[i]
        savings = costs[i] * fraction
        one_off = costs[i] * one_off_units[i]
        t = int(transitions[i])
        eng = int(engagements[i])
        avail = int(area.available_from_month)
        earliest = int(ctx.ito_avail[i])  # its availability, and not before the deal lead time
        basis = FOUND if found[i] else INDICATIVE
        bench = ctx.benchmarks[area.capability]
        evidence: dict[str, object] = {
            "basis": basis,
            "unit_cost": _none_if_nan(unit_costs[i]),
            "market_unit_cost": _none_if_nan(market_costs[i]),
            "unit": bench.unit_of_measure or "unit",
            "volume": area.volume,
            "why_indicative": ctx.ito_why_indicative[i].replace("_", " "),
        }
        start = savings_from = exit_month = None
        npv: float | None = None
        pi: float | None = None
        delay: rationale.Reason | None = None
        code_ = sched.ito_code[i]
        if starts[i] >= 0:
            start = int(starts[i])
            savings_from = start + t
            exit_month = start + eng
            npv = npvs[i]
            pi = npv / one_off if one_off > 0 else None
            code, text, params = rationale.ito_planned(
                capability=area.capability,
                fraction=fraction,
                annual_cost=area.annual_cost,
                savings=savings,
                one_off=one_off,
                payback=paybacks[i],
                npv=npv,
                valuation_months=p.ito_valuation_months,
                start=start,
                savings_from=savings_from,
                exit_month=exit_month,
                currency=cur,
                evidence=evidence,
            )
            if area.fixed_start_month is not None:
                pass  # under way: it started when it started, no delay to explain
            elif start > 0 and start == avail:
                delay = rationale.delay_contract(available=avail, gate_month=gate_for_waves)
            elif start > 0 and start == earliest:
                delay = rationale.delay_lead_time(lead_time=earliest, kind="ITO")
            elif start > earliest:
                held = _holders(
                    ctx.ito_ids, ito_running, range(start - 1, start - 1 + eng), i, ito_slots, range(start, start + eng)
                )
                delay = rationale.delay_slot(kind="ITO", slots=ito_slots, held_by=held, could_start=earliest)
        else:
            if earliest <= h:
                npv = npvs[i] * factor[min(earliest, h)]
            if code_ == "zero_cost":
                code, text, params = rationale.zero_cost(kind="ITO")
            elif code_ == "no_material_savings":
                code, text, params = rationale.ito_not_material(
                    fraction=fraction,
                    savings=savings,
                    threshold=p.materiality_threshold,
                    min_savings=p.materiality_min_savings,
                    currency=cur,
                    evidence=evidence,
                )
            elif code_ == "standard_service":
                code, text, params = rationale.standard_service(
                    kind="ITO", fixed_cost=p.deal_fixed_cost, annual_cost=area.annual_cost, currency=cur
                )
            elif code_ == "no_slot":
                latest = int(sched.ito_latest[i])
                held = _holders(ctx.ito_ids, ito_running, range(earliest, latest + eng), i, ito_slots)
                code, text, params = rationale.no_slot(
                    kind="ITO", slots=ito_slots, held_by=held, earliest=earliest, latest=latest
                )
            else:
                code, text, params = rationale.ito_no_payback(
                    cause=code_,
                    earliest=earliest,
                    exit_month=earliest + eng,
                    payback_month=earliest + paybacks[i],
                    npv=npv,
                    horizon=h,
                    valuation_months=p.ito_valuation_months,
                    currency=cur,
                )
        planned = start is not None
        ito_items.append(
            RoadmapItem(
                id=area.id,
                kind="ITO",
                capability=area.capability,
                included=planned,
                rationale=text if delay is None else f"{text} {delay[1]}",
                reason_code=code,
                reason_params=params,
                start_month=start,
                savings_from_month=savings_from,
                exit_month=exit_month,
                net_annual_savings=savings,
                one_off_cost=one_off,
                npv=npv,
                profitability_index=pi,
                savings_fraction=fraction,
                recommendation=("recommended" if basis == FOUND else "indicative") if planned else "not_recommended",
                savings_basis=basis,
                valuation_months=p.ito_valuation_months,
                delay_code=None if delay is None else delay[0],
                delay_params=() if delay is None else delay[2],
                shortlist=shortlists.get(i, ()),
            )
        )

    return ito_items


def _bpo_items(ctx: PlanContext, sched: PlanSchedule, val: BandValuation, shortlists: Shortlists) -> list[RoadmapItem]:
    p = ctx.data.parameters
    cur = p.currency
    h = ctx.horizon
    bb = ctx.bpo_bench
    bpo_slots = int(min(p.max_parallel_bpo, max(len(ctx.bpo_ids), 1)))
    bpo_running = _running(sched.bpo_start, bb["transition_months"] + bb["ramp_months"], h)
    weights = np.array(ctx.weights.weights)
    gate0 = sched.gate if sched.gate is not None else h
    # The earliest BPO start: the gate, and not before the deal lead time (plan.bpo_earliest_month).
    earliest = max(gate0, p.deal_lead_time_months)
    bpo_items = []
    # Python floats of the per-line arrays, read once (the same values as indexing the arrays)
    suitabilities, efficiencies, costs = ctx.suitability.tolist(), val.bpo.efficiency.tolist(), ctx.bpo_cost.tolist()
    net_units, governance = val.bpo.net_annual_unit.tolist(), val.bpo_governance.tolist()
    one_off_units, transitions, ramps = (
        val.bpo.one_off_unit.tolist(),
        bb["transition_months"].tolist(),
        bb["ramp_months"].tolist(),
    )
    starts, npvs, factor = sched.bpo_start.tolist(), val.bpo_npv.tolist(), ctx.factor.tolist()
    for i, f in enumerate(ctx.data.business_functions):
        s = suitabilities[i]
        condition = regulation.regulatory_condition(f, p)
        cls = regulation.gated_class(suitability_class=suitability_class(s), condition=condition)
        eff = efficiencies[i]
        benefit = costs[i] * (net_units[i] - governance[i])
        one_off = costs[i] * one_off_units[i]
        t = int(transitions[i])
        r = int(ramps[i])
        start: int | None = None
        savings_from: int | None = None
        npv: float | None = None
        pi: float | None = None
        delay: rationale.Reason | None = None
        code_ = sched.bpo_code[i]
        if starts[i] >= 0:
            start = int(starts[i])
            savings_from = start + t
            npv = npvs[i]
            pi = npv / one_off if one_off > 0 else None
            code, text, params = rationale.bpo_included(
                suitability=s,
                suitability_class=cls,
                efficiency=eff,
                benefit=benefit,
                npv=npv,
                pi=pi,
                valuation_months=p.bpo_contract_months,
                start=start,
                savings_from=savings_from,
                full_from=savings_from + max(r - 1, 0),
                currency=cur,
                head=regulation.planned_head(condition),
            )
            if f.fixed_start_month is not None:
                pass  # under way: it started when it started, no delay to explain
            elif start > 0 and start == gate0:
                delay = rationale.delay_gate(gate_month=gate0)
            elif start > 0 and start == earliest:
                delay = rationale.delay_lead_time(lead_time=earliest, kind="BPO")
            elif start > earliest:
                occ = t + r
                held = _holders(
                    ctx.bpo_ids, bpo_running, range(start - 1, start - 1 + occ), i, bpo_slots, range(start, start + occ)
                )
                delay = rationale.delay_slot(kind="BPO", slots=bpo_slots, held_by=held, could_start=earliest)
        else:
            if earliest <= h:
                npv = npvs[i] * factor[min(earliest, h)]
            if code_ == "zero_cost":
                code, text, params = rationale.zero_cost(kind="BPO")
            elif code_ == "not_suitable":
                loss = weights * (1.0 - ctx.bpo_criteria[i])
                order = sorted(range(len(loss)), key=lambda j: (-loss[j], j))[:2]
                weakest = tuple(SUITABILITY_CRITERIA[j] for j in order)
                code, text, params = rationale.bpo_not_suitable(suitability=s, weakest=weakest)
            elif code_ == "success_measures_missing":
                code, text, params = rationale.success_measures_missing(missing=sched.bpo_missing[i])
            elif code_ == "standard_service":
                code, text, params = rationale.standard_service(
                    kind="BPO", fixed_cost=p.deal_fixed_cost, annual_cost=f.annual_cost, currency=cur
                )
            elif code_ == "no_financial_gain":
                code, text, params = rationale.bpo_not_profitable(
                    npv=npv,
                    benefit=benefit,
                    one_off=one_off,
                    start=min(earliest, h),
                    valuation_months=p.bpo_contract_months,
                    currency=cur,
                )
            elif code_ == "horizon_too_short":
                code, text, params = rationale.horizon_too_short(
                    kind="BPO",
                    earliest=earliest,
                    transition=t,
                    horizon=h,
                    cause="gate" if earliest == gate0 else "lead_time",
                )
            elif code_ == "condition_required" and condition is not None:
                code, text, params = rationale.regulatory_condition_required(
                    suitability=s,
                    benefit=benefit,
                    npv=npv,
                    start=min(earliest, h),
                    valuation_months=p.bpo_contract_months,
                    regulator=condition.regulator,
                    requirement=condition.requirement,
                    currency=cur,
                )
            else:
                latest = h - 1 - t
                held = _holders(ctx.bpo_ids, bpo_running, range(earliest, latest + t + r), i, bpo_slots)
                code, text, params = rationale.no_slot(
                    kind="BPO", slots=bpo_slots, held_by=held, earliest=earliest, latest=latest
                )
        if code in ("bpo_efficiency_pays", "no_financial_gain"):
            note, facts = delivery_note(ctx.bpo_delivery, i)  # the band's delivery model and price index
            text, params = f"{text} {note}", params + facts
        volume = f.annual_volume
        retained = f.retained_ftes if f.retained_ftes is not None else f.ftes * p.retained_fte_fraction
        retained = min(retained, f.ftes)
        cycle = f.cycle_time_days
        kpis = BpoKpis(
            cost_per_transaction_before=f.annual_cost / volume if volume > 0 else None,
            cost_per_transaction_after=(f.annual_cost - benefit) / volume if volume > 0 else None,
            error_rate_before=f.error_rate,
            error_rate_after=error_rate_after(error_rate=f.error_rate, suitability=s),
            ftes_freed=f.ftes - retained,
            ftes_retained=retained,
            cycle_time_days_before=cycle,
            cycle_time_days_after=None if cycle is None else cycle_time_after(cycle_time_days=cycle, suitability=s),
            missing_baselines=sched.bpo_missing[i],
        )
        planned = start is not None
        if condition is not None:
            text = f"{text} {regulation.condition_sentence(condition)}"
        bpo_items.append(
            RoadmapItem(
                id=f.id,
                kind="BPO",
                capability=f.capability,
                included=planned,
                rationale=text if delay is None else f"{text} {delay[1]}",
                reason_code=code,
                reason_params=params,
                start_month=start,
                savings_from_month=savings_from,
                exit_month=None,
                net_annual_savings=benefit,
                one_off_cost=one_off,
                npv=npv,
                profitability_index=pi,
                savings_fraction=eff,
                recommendation=regulation.gated_recommendation(planned=planned, code=code_, condition=condition),
                valuation_months=p.bpo_contract_months,
                delay_code=None if delay is None else delay[0],
                delay_params=() if delay is None else delay[2],
                suitability=s,
                suitability_class=cls,
                kpis=kpis,
                shortlist=shortlists.get(len(ctx.ito_ids) + i, ()),
                regulatory_condition=condition,
            )
        )
    return bpo_items
