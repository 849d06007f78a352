"""Valuation: one savings band's figures for a fixed plan (cash flow, named costs, KPIs).

The plan's items and months are fixed (plan.py); a band (low / typical / high) changes only
the benchmark figures, so the scenarios are always ordered. Money per month inside the
horizon; item NPVs over each item's own valuation term, discounted to month 0.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .bpo import BpoEconomics
from .cashflow import Totals, totals
from .context import PlanContext
from .costs import COST_COLUMNS, cost_columns, net_cost
from .economics import bpo_band, chunks, cost_rates, item_cost_terms, ito_band, terms_of, unit_values
from .ito import ItoEconomics
from .plan import PlanSchedule
from .shapes import planned_flows
from .types import Kpis


@dataclass(frozen=True, slots=True)
class BandValuation:
    """One band's figures for a fixed schedule."""

    ito: ItoEconomics
    bpo: BpoEconomics
    ito_npv: np.ndarray  # money, at the planned start (or month 0 for unplanned lines)
    bpo_npv: np.ndarray
    ito_flow: np.ndarray
    bpo_flow: np.ndarray
    cost_flow: np.ndarray
    columns: dict[str, np.ndarray]  # costs.COST_COLUMNS -> money a month (length horizon), planned items
    ito_governance: np.ndarray  # annual governance per unit of annual cost, per line
    bpo_governance: np.ndarray
    totals: Totals
    kpis: Kpis


def value_band(ctx: PlanContext, sched: PlanSchedule, band: str) -> BandValuation:
    """The band's economics, item NPVs (money), monthly flows and named cost columns of the
    planned items (money a month, length horizon), totals and KPIs."""
    ito = ito_band(ctx, band)
    bpo = bpo_band(ctx, band)
    if band == ctx.data.parameters.savings_band and sched.unit_values is not None:
        ito_v, bpo_v = sched.unit_values  # the schedule's own band: the same figures, computed once
    else:
        ito_v, bpo_v = unit_values(ctx, ito, bpo)
    ito_at = ctx.factor[np.clip(sched.ito_start, 0, ctx.horizon)]
    bpo_at = ctx.factor[np.clip(sched.bpo_start, 0, ctx.horizon)]
    ito_npv = ctx.ito_cost * ito_v * ito_at
    bpo_npv = ctx.bpo_cost * bpo_v * bpo_at
    ito_savings = ctx.ito_cost * ito.fraction
    bpo_benefit = ctx.bpo_cost * bpo.net_annual_unit
    ito_flow, ito_costs = planned_flows(ctx, "ITO", sched.ito_start, ito_savings, ctx.ito_cost * ito.one_off_unit)
    bpo_flow, bpo_costs = planned_flows(ctx, "BPO", sched.bpo_start, bpo_benefit, ctx.bpo_cost * bpo.one_off_unit)
    columns = {name: np.zeros(ctx.horizon) for name in COST_COLUMNS}
    rates = cost_rates(ctx)
    governance = {}
    for kind, eco, start, cost in (
        ("ITO", ito, sched.ito_start, ctx.ito_cost),
        ("BPO", bpo, sched.bpo_start, ctx.bpo_cost),
    ):
        terms = item_cost_terms(ctx, eco, start)
        governance[kind] = terms.governance
        sel = np.flatnonzero(start >= 0)
        if not sel.size:
            continue
        for block in chunks(sel.size):
            chosen = sel[block]
            for name, col in cost_columns(length=ctx.horizon, terms=terms_of(terms, chosen), rates=rates).items():
                columns[name] += cost[chosen] @ col
    disc = ctx.factor[: ctx.horizon]
    tot = totals(ito=ito_flow, bpo=bpo_flow, costs=ito_costs + bpo_costs + net_cost(columns), factor=disc)
    ito_in, bpo_in = sched.ito_start >= 0, sched.bpo_start >= 0
    bpo_net = ctx.bpo_cost * (bpo.net_annual_unit - governance["BPO"])
    kpis = Kpis(
        npv=tot.npv,
        payback_month=tot.payback_month,
        run_rate_ito=float(ito_savings[ito_in].sum()),
        run_rate_bpo=float(bpo_net[bpo_in].sum()),
        peak_investment=tot.peak_investment,
        npv_valuation=float(ito_npv[ito_in].sum() + bpo_npv[bpo_in].sum()),
    )
    return BandValuation(
        ito=ito,
        bpo=bpo,
        ito_npv=ito_npv,
        bpo_npv=bpo_npv,
        ito_flow=ito_flow,
        bpo_flow=bpo_flow,
        cost_flow=ito_costs + bpo_costs,
        columns=columns,
        ito_governance=governance["ITO"],
        bpo_governance=governance["BPO"],
        totals=tot,
        kpis=kpis,
    )
