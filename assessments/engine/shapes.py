"""Item shapes: the one builder of a planned item's monthly benefit and one-off curves.

The plan's cash flow (valuation.py), the gate (plan.py) and the Monte Carlo's columns
(risk_columns.py) all take an item's monthly shape from here, so they cannot drift
apart. Timing per kind: ITO benefits begin after the benchmark's transition with no
ramp and last `ito_valuation_months` from the start; BPO benefits begin after the
transition, ramp up linearly over `ramp_months` and last `bpo_contract_months`
(cashflow.item_flows gives the curve).
"""

from __future__ import annotations

import numpy as np

from .cashflow import item_flows
from .context import PlanContext


def item_timing(ctx: PlanContext, kind: str, sel: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(transition, ramp, term) in months of the lines `sel` (indices) of `kind` ("ITO" or "BPO")."""
    p = ctx.data.parameters
    if kind == "ITO":
        transition = ctx.ito_bench["transition_months"][sel]
        ramp = np.zeros(sel.size, dtype=np.int64)
        term = np.full(sel.size, p.ito_valuation_months)
    else:
        transition = ctx.bpo_bench["transition_months"][sel]
        ramp = ctx.bpo_bench["ramp_months"][sel]
        term = np.full(sel.size, p.bpo_contract_months)
    return transition, ramp, term


def item_shapes(
    ctx: PlanContext, kind: str, start: np.ndarray, annual: np.ndarray, one_off: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The planned lines of a kind and their monthly curves: (indices of the lines with
    start >= 0, benefit (planned x horizon), one-off cost (planned x horizon)). `start` is
    each line's start month (-1: not planned), `annual` its benefit (money a year at full
    run-rate) and `one_off` its one-off cost (money), one entry per line of the kind."""
    h = ctx.horizon
    sel = np.flatnonzero(start >= 0)
    if not sel.size:
        return sel, np.zeros((0, h)), np.zeros((0, h))
    transition, ramp, term = item_timing(ctx, kind, sel)
    benefit, cost = item_flows(
        length=h,
        start=start[sel],
        transition=transition,
        ramp=ramp,
        term=term,
        one_off=one_off[sel],
        annual=annual[sel],
    )
    return sel, benefit, cost


def planned_flows(
    ctx: PlanContext, kind: str, start: np.ndarray, annual: np.ndarray, one_off: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Monthly benefit and one-off cost (length horizon) of the planned items of a kind."""
    sel, benefit, cost = item_shapes(ctx, kind, start, annual, one_off)
    if not sel.size:
        return np.zeros(ctx.horizon), np.zeros(ctx.horizon)
    return benefit.sum(axis=0), cost.sum(axis=0)
