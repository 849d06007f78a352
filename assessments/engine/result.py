"""The roadmap's result pieces: shortlists, phases, the gate's reason, cash flow rows, scenarios.

Shapes the plan (plan.py) and its valuations (valuation.py) into the output types of
types.py; no figure is computed here that the valuation has not computed.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from . import rationale
from .context import PlanContext
from .costs import COST_COLUMNS
from .plan import PlanSchedule
from .shortlist import ShortlistRequest, build_shortlists
from .types import SAVINGS_BANDS, BusinessFunction, CashFlowRow, ITCostArea, Phase, Scenario, ShortlistEntry
from .valuation import BandValuation


def plan_shortlists(ctx: PlanContext, sched: PlanSchedule) -> Mapping[int, tuple[ShortlistEntry, ...]]:
    """The shortlists of the planned lines, keyed by line position (ITO lines, then BPO lines)."""
    data = ctx.data
    lines: tuple[ITCostArea | BusinessFunction, ...] = (*data.it_cost_areas, *data.business_functions)
    # A BPO line's shortlist depends only on its own capability and FTEs (and the offerings), so
    # the ones delivery_of ranked are reused; with pools, a capability's reference depends on
    # which requests share it, so everything is ranked again.
    reuse = not data.offering_pools
    bpo_chosen = sched.bpo_start >= 0
    chosen = np.concatenate((sched.ito_start >= 0, np.zeros_like(bpo_chosen) if reuse else bpo_chosen))
    requests = [
        ShortlistRequest(key=k, capability=lines[k].capability, ftes=lines[k].ftes)
        for k in np.flatnonzero(chosen).tolist()
    ]
    ranked = build_shortlists(
        requests=requests, offerings=data.offerings, region=data.parameters.region, pools=data.offering_pools
    )
    if not reuse:
        return ranked
    n_ito = len(data.it_cost_areas)
    known = ctx.bpo_delivery.shortlists
    out = dict(ranked)
    for k in (n_ito + np.flatnonzero(bpo_chosen)).tolist():
        out[k] = known.get(k, ())
    return out


def _phase(kind: str, starts: np.ndarray, ends: np.ndarray, ids: list[str]) -> Phase | None:
    idx = np.flatnonzero(starts >= 0)
    if not idx.size:
        return None
    ordered = sorted(idx.tolist(), key=lambda i: (int(starts[i]), ids[i]))
    return Phase(
        kind=kind,
        start_month=int(starts[idx].min()),
        end_month=int(ends[idx].max()),
        item_ids=tuple(ids[i] for i in ordered),
    )


def plan_phases(ctx: PlanContext, sched: PlanSchedule) -> tuple[Phase, ...]:
    """The ITO phase (first start to last provider exit) and the BPO phase (first start to the
    end of the last ramp), each present only when it has a planned item."""
    ib, bb = ctx.ito_bench, ctx.bpo_bench
    return tuple(
        ph
        for ph in (
            _phase("ITO", sched.ito_start, sched.ito_start + ib["engagement_months"], ctx.ito_ids),
            _phase("BPO", sched.bpo_start, sched.bpo_start + bb["transition_months"] + bb["ramp_months"], ctx.bpo_ids),
        )
        if ph is not None
    )


def gate_reason(ctx: PlanContext, sched: PlanSchedule, val: BandValuation) -> rationale.Reason:
    """The gate's (code, text, params) (rationale.gate)."""
    p = ctx.data.parameters
    has_ito = bool((sched.ito_start >= 0).any())
    has_bpo = bool((sched.bpo_start >= 0).any())
    blocked_by_gate = any(c == "horizon_too_short" for c in sched.bpo_code)
    return rationale.gate(
        gate_month=sched.gate,
        has_ito=has_ito,
        has_bpo=has_bpo or (has_ito and sched.gate is None and blocked_by_gate),
        fraction=p.gate_fraction,
        planned=val.kpis.run_rate_ito,
        reached=sched.gate is not None,
        horizon=ctx.horizon,
        currency=p.currency,
    )


def cash_flow_rows(ctx: PlanContext, val: BandValuation) -> tuple[CashFlowRow, ...]:
    """One row per month of the horizon (money a month, cumulative positions)."""
    tot = val.totals
    return tuple(
        CashFlowRow(
            month=m,
            ito_savings=float(val.ito_flow[m]),
            bpo_benefit=float(val.bpo_flow[m]),
            one_off_costs=float(val.cost_flow[m]),
            net=float(tot.net[m]),
            cumulative=float(tot.cumulative[m]),
            discounted_cumulative=float(tot.discounted_cumulative[m]),
            **{name: float(val.columns[name][m]) for name in COST_COLUMNS},
        )
        for m in range(ctx.horizon)
    )


def band_scenarios(valued: Mapping[str, BandValuation]) -> tuple[Scenario, ...]:
    """The low / typical / high scenarios of the same plan."""
    return tuple(
        Scenario(band=band, kpis=valued[band].kpis, cumulative=tuple(float(x) for x in valued[band].totals.cumulative))
        for band in SAVINGS_BANDS
    )
