"""The plan's schedule: which lines are candidates, their start months, and the gate.

ITO candidates (material savings, NPV over the valuation term positive, paying back within
the plan) are scheduled first (schedule.py: MILP, exact shortcut or heuristic); the gate
follows from that schedule; BPO candidates (suitable, measurable, NPV positive, able to
begin after the gate and the deal lead time, and for a regulated function the regulator's
condition stated met: regulation.py) are scheduled from the gate. Lines under way (`fixed_start_month`)
keep their start. Each line not planned gets an exclusion cause (a code for rationale.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from .bpo import BpoEconomics
from .context import PlanContext
from .economics import bpo_band, ito_band, unit_values
from .ito import ItoEconomics
from .regulation import regulatory_condition
from .schedule import SlotProblem, plan_slots
from .shapes import planned_flows
from .types import ScheduleRun

# Relative tolerance of the gate test, so that a scaled copy of the input (or rounding
# in a sum) cannot move the gate by a month.
GATE_TOLERANCE = 1e-9


@dataclass(frozen=True, slots=True)
class PlanSchedule:
    """The plan: start months (-1 = not planned) and why each line is or is not in it."""

    ito_start: np.ndarray
    ito_code: tuple[str, ...]  # "" planned, else an exclusion cause
    ito_latest: np.ndarray
    bpo_start: np.ndarray
    bpo_code: tuple[str, ...]
    bpo_missing: tuple[tuple[str, ...], ...]
    gate: int | None  # None: the gate is never reached within the horizon
    runs: tuple[ScheduleRun, ...]
    # The base band's NPV per unit of annual cost of each line (economics.unit_values), kept so
    # that valuing the plan in that band does not compute it again; None when not known.
    unit_values: tuple[np.ndarray, np.ndarray] | None = None


def _slot_problem(
    *,
    value: np.ndarray,
    earliest: np.ndarray,
    latest: np.ndarray,
    occupancy: np.ndarray,
    slots: int,
    count: int,
    factor: np.ndarray,
    horizon: int,
) -> SlotProblem:
    return SlotProblem(
        value=value,
        earliest=earliest.astype(np.int64),
        latest=latest.astype(np.int64),
        occupancy=occupancy.astype(np.int64),
        slots=int(min(slots, max(count, 1))),  # more slots than items can never be used
        horizon=horizon,
        factor=factor,
    )


def _fixed_starts(lines: tuple[Any, ...] | list[Any]) -> np.ndarray:
    """Each line's fixed_start_month (an engagement already under way), -1 where the schedule chooses."""
    return np.array(
        [-1 if line.fixed_start_month is None else int(line.fixed_start_month) for line in lines], dtype=np.int64
    )


def _fixed_first(value: np.ndarray, fixed: np.ndarray) -> np.ndarray:
    """Values for the slot problem: a line under way outweighs every other, so it keeps its slot."""
    if not (fixed >= 0).any():
        return value
    lead = float(np.abs(value).sum()) + 1.0
    return np.where(fixed >= 0, np.maximum(value, 0.0) + lead, value)


def _kind_schedule(
    ctx: PlanContext,
    *,
    kind: str,
    codes: list[str],
    fixed: np.ndarray,
    value: np.ndarray,
    earliest: np.ndarray,
    latest: np.ndarray,
    occupancy: np.ndarray,
    slots: int,
) -> tuple[np.ndarray, ScheduleRun]:
    """Start months of one kind's lines (-1 = not planned) and the solver's run record.

    The candidates are the lines whose `codes` entry is "" (arrays below are per line of the
    kind); a candidate the slots cannot hold gets code "no_slot" (in `codes`, changed in place),
    and a line under way (`fixed` >= 0) keeps its start month."""
    idx = np.flatnonzero(np.array([c == "" for c in codes], dtype=bool))
    under_way = fixed[idx] >= 0
    plan = plan_slots(
        _slot_problem(
            value=_fixed_first(value[idx], fixed[idx]),
            earliest=np.where(under_way, fixed[idx], earliest[idx]),
            latest=np.where(under_way, fixed[idx], latest[idx]),
            occupancy=occupancy[idx],
            slots=slots,
            count=idx.size,
            factor=ctx.factor,
            horizon=ctx.horizon,
        ),
        kind=kind,
        time_limit=ctx.data.parameters.solver_time_limit_seconds,
    )
    start = np.full(len(codes), -1, dtype=np.int64)
    start[idx] = plan.start
    for k, i in enumerate(idx.tolist()):
        if plan.start[k] < 0:
            codes[i] = "no_slot"
    _keep_fixed(start, fixed, codes)
    return start, plan.run


def _keep_fixed(start: np.ndarray, fixed: np.ndarray, codes: list[str]) -> None:
    """Lines under way start where they started, even if the limits of parallel engagements are exceeded."""
    for i in np.flatnonzero(fixed >= 0).tolist():
        start[i] = fixed[i]
        codes[i] = ""


def plan_schedule(ctx: PlanContext, ito: ItoEconomics, bpo: BpoEconomics) -> PlanSchedule:
    """Start months of the ITO lines (maximising ITO NPV), then the gate, then the BPO lines'
    (maximising BPO NPV from the gate), each line's exclusion cause, and the solver runs.
    `ito` and `bpo` are the base savings band's economics (with the fixed cost floor)."""
    p = ctx.data.parameters
    h = ctx.horizon
    ib, bb = ctx.ito_bench, ctx.bpo_bench
    ito_v, bpo_v = unit_values(ctx, ito, bpo)
    # Without the fixed cost floor: a line worth doing only without it is a "buy a standard service" case.
    if p.deal_fixed_cost > 0:
        band = p.savings_band
        ito_free, bpo_free = unit_values(ctx, ito_band(ctx, band, floor=False), bpo_band(ctx, band, floor=False))
    else:
        ito_free, bpo_free = ito_v, bpo_v

    # --- ITO -------------------------------------------------------------------
    savings = ctx.ito_cost * ito.fraction
    tol = GATE_TOLERANCE * np.maximum(ctx.ito_cost, 1.0)
    material = (ito.fraction > 0) & (ito.fraction >= p.materiality_threshold - GATE_TOLERANCE)
    material &= savings >= p.materiality_min_savings - tol
    with np.errstate(invalid="ignore"):
        by_payback = np.floor(h - ito.payback_months + 1e-9)
    # Any bound below 0 means "cannot start in time": clip there so a huge payback never overflows int64.
    by_payback = np.clip(np.where(np.isfinite(by_payback), by_payback, -1), -1, h)
    latest = np.minimum(h - ib["engagement_months"], by_payback).astype(np.int64)
    ito_fixed = _fixed_starts(ctx.data.it_cost_areas)
    codes = []
    for i in range(len(ctx.ito_ids)):
        avail = int(ctx.ito_avail[i])
        if ito_fixed[i] >= 0:
            codes.append("")  # under way: planned at its start whatever its economics
        elif not ctx.ito_cost[i] > 0:
            codes.append("zero_cost")
        elif not material[i]:
            codes.append("no_material_savings")
        elif not ito_v[i] > 0:
            codes.append("standard_service" if ito_free[i] > 0 else "npv_not_positive")
        elif avail + int(ib["engagement_months"][i]) > h:
            codes.append("exit_after_horizon")
        elif avail > latest[i]:
            codes.append("payback_after_horizon")
        else:
            codes.append("")
    ito_start, ito_run = _kind_schedule(
        ctx,
        kind="ITO",
        codes=codes,
        fixed=ito_fixed,
        value=ctx.ito_cost * ito_v,
        earliest=ctx.ito_avail,
        latest=latest,
        occupancy=ib["engagement_months"],
        slots=p.max_parallel_ito,
    )

    gate = gate_month(ctx, ito, ito_start)

    # --- BPO -------------------------------------------------------------------
    funcs = ctx.data.business_functions
    bpo_fixed = _fixed_starts(funcs)
    bpo_codes: list[str] = []
    missing_all: list[tuple[str, ...]] = []
    # No BPO deal starts before the gate, nor before the deal lead time (selection and contracting).
    bpo_earliest = bpo_earliest_month(gate, p.deal_lead_time_months)
    for i, f in enumerate(funcs):
        missing = tuple(name for name in ("annual_volume", "ftes") if not getattr(f, name) > 0)
        missing_all.append(missing)
        t = int(bb["transition_months"][i])
        condition = regulatory_condition(f, p)
        if bpo_fixed[i] >= 0:
            bpo_codes.append("")  # under way: planned at its start whatever the gate
        elif not f.annual_cost > 0:
            bpo_codes.append("zero_cost")
        elif not ctx.suitable[i]:
            bpo_codes.append("not_suitable")
        elif missing:
            bpo_codes.append("success_measures_missing")
        elif not bpo_v[i] > 0:
            bpo_codes.append("standard_service" if bpo_free[i] > 0 else "no_financial_gain")
        elif bpo_earliest is None or bpo_earliest + t >= h:
            bpo_codes.append("horizon_too_short")
        elif condition is not None and not condition.accepted:
            # Issue 13: a regulated function is not handed over on its economics alone; without the
            # stated condition it is not in the plan (nor its money), and the regulator's requirement is why.
            bpo_codes.append("condition_required")
        else:
            bpo_codes.append("")
    bpo_start, bpo_run = _kind_schedule(
        ctx,
        kind="BPO",
        codes=bpo_codes,
        fixed=bpo_fixed,
        value=ctx.bpo_cost * bpo_v,
        earliest=np.full(len(funcs), bpo_earliest or 0, dtype=np.int64),
        latest=h - 1 - bb["transition_months"],
        occupancy=bb["transition_months"] + bb["ramp_months"],
        slots=p.max_parallel_bpo,
    )
    return PlanSchedule(
        ito_start=ito_start,
        ito_code=tuple(codes),
        ito_latest=latest,
        bpo_start=bpo_start,
        bpo_code=tuple(bpo_codes),
        bpo_missing=tuple(missing_all),
        gate=gate,
        runs=(ito_run, bpo_run),
        unit_values=(ito_v, bpo_v),
    )


def bpo_earliest_month(gate: int | None, lead_time: int) -> int | None:
    """The earliest month a BPO deal may start: the gate, and not before the deal lead time
    (`deal_lead_time_months`); None when the gate is not reached within the horizon."""
    return None if gate is None else max(int(gate), int(lead_time))


def gate_month(ctx: PlanContext, ito: ItoEconomics, ito_start: np.ndarray) -> int | None:
    """The gate (rule 6): the first month whose realised ITO savings run-rate (12 x that
    month's ITO savings, money a year) reaches `gate_fraction` x the planned ITO run-rate,
    never before the first ITO start; None when not reached within the horizon; 0 without
    a planned ITO item; `gate_month_actual` when given (a re-plan from evidence)."""
    p = ctx.data.parameters
    planned = ito_start >= 0
    gate: int | None = 0
    if planned.any():
        savings = ctx.ito_cost * ito.fraction
        flow = planned_flows(ctx, "ITO", ito_start, savings, ctx.ito_cost * ito.one_off_unit)[0]
        target = p.gate_fraction * float(savings[planned].sum())
        reached = np.flatnonzero(12.0 * flow >= target - GATE_TOLERANCE * max(target, 1e-300))
        # ITO first: never before the first ITO engagement starts (matters when gate_fraction is 0).
        gate = max(int(reached[0]), int(ito_start[planned].min())) if reached.size else None
    if p.gate_month_actual is not None:
        gate = int(p.gate_month_actual)  # re-plan from evidence: the gate the actuals opened
    return gate
