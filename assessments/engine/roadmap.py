"""build_roadmap: ITO first, then the gate, then BPO; cash flow, KPIs and scenarios.

The plan (computed once, in the base savings band `parameters.savings_band`); each step
has its module: context.py (the lines as arrays), economics.py (item economics),
plan.py (candidates, schedule, gate), shapes.py (an item's monthly curves), valuation.py
(cash flow and KPIs per band), items.py (reasons), result.py (phases, rows, scenarios),
risk_columns.py and risk.py (the Monte Carlo):

1. ITO economics per area (ito.py). Rule 3: the saving is *found* from the area's unit
   cost against the market's (volume given) or only *indicative* (no volume); an area
   whose saving is below the relative floor (`materiality_threshold`, a fraction of its
   cost) or the absolute floor (`materiality_min_savings`, money a year) is left out.
2. Every item is valued over its own term from its start (ITO: `ito_valuation_months`,
   BPO: `bpo_contract_months`), discounted to month 0, so a late start is not rejected
   by the horizon cutting its benefits off. An ITO item is a candidate only if that NPV is
   positive and it can start (from `available_from_month`) so that the provider exits
   and the one-off is recovered within the horizon ("pays back within the plan").
3. ITO schedule: start months maximising the sum of ITO NPVs under `max_parallel_ito`
   (schedule.py: MILP with HiGHS, or exact shortcut / heuristic by size).
4. The gate: the first month whose realised ITO savings run-rate (12 x that month's ITO
   savings) reaches `gate_fraction` x the planned ITO run-rate (rule 6). It does not wait
   for later ITO waves. Without a planned ITO item the gate is month 0.
5. BPO candidates: suitable (not "unlikely"), measurable (rule 4: annual volume and FTEs
   give the cost-per-transaction and FTEs-released baselines), NPV over the contract
   positive, benefits able to begin after the gate (and `deal_lead_time_months`) within the
   horizon; a regulated function (regulation.py) only with the regulator's condition stated met.
6. BPO schedule: start months from the gate (not before the lead time) maximising the sum of BPO NPVs under
   `max_parallel_bpo`. So the plan maximises ITO NPV first and BPO NPV given the gate
   that ITO schedule sets (ITO first is the founding rule, not a trade-off).
7. Monthly cash flow (inside the horizon) and KPIs; scenarios low / typical / high keep
   the plan's items and months and vary only the benchmark figures.

Ordering and inclusion use per-unit-of-cost figures where they can, so multiplying every
amount by k scales every money output by k and changes no decision.
"""

from __future__ import annotations

from dataclasses import fields

from .context import PlanContext, plan_context
from .defaults import ENGINE_VERSION, TRANSITION_DELAY_FRACTION
from .delivery import origin_earnings
from .economics import bpo_band, ito_band
from .items import build_items
from .plan import PlanSchedule, plan_schedule
from .result import band_scenarios, cash_flow_rows, gate_reason, plan_phases, plan_shortlists
from .risk import RiskModel, simulate
from .risk_columns import risk_model
from .types import SAVINGS_BANDS, Risk, Roadmap, RoadmapInput
from .validate import validate_input
from .valuation import BandValuation, value_band

# product judgement: the Monte Carlo runs for plans of at most this many planned items; a
# larger plan (a portfolio rather than one business case) gets risk null, so the engine stays
# linear in its lines (benchmarks/engine_scaling.py, engine_cli.py).
RISK_MAX_ITEMS = 2_000


def _plan(data: RoadmapInput) -> tuple[PlanContext, PlanSchedule, dict[str, BandValuation]]:
    """Validate, schedule in the base band, and value the plan in every band."""
    validate_input(data)
    ctx = plan_context(data)
    band = data.parameters.savings_band
    sched = plan_schedule(ctx, ito_band(ctx, band), bpo_band(ctx, band))
    return ctx, sched, {b: value_band(ctx, sched, b) for b in SAVINGS_BANDS}


def plan_risk_model(data: RoadmapInput, *, delay_fraction: float = TRANSITION_DELAY_FRACTION) -> RiskModel:
    """The risk model (columns and drivers) of the plan build_roadmap(data) recommends, for
    a Monte Carlo with other settings (risk.simulate) or a tornado (risk.tornado). Raises
    EngineInputError on invalid input, as build_roadmap."""
    ctx, sched, valued = _plan(data)
    return risk_model(ctx, sched, valued, delay_fraction=delay_fraction)


def build_roadmap(data: RoadmapInput) -> Roadmap:
    """Compute the phased ITO-then-BPO roadmap for one assessment.

    Pure and deterministic: the same input gives the same output (the schedule's
    `seconds` aside). Raises EngineInputError (a ValueError) naming the field when the
    input is invalid. See the module docstring for the model.
    """
    ctx, sched, valued = _plan(data)
    p = data.parameters
    val = valued[p.savings_band]
    items = build_items(ctx, sched, val, plan_shortlists(ctx, sched))
    gate_code, gate_text, gate_params = gate_reason(ctx, sched, val)
    risk: Risk | None = None
    planned_count = int((sched.ito_start >= 0).sum() + (sched.bpo_start >= 0).sum())
    if p.risk_draws > 0 and planned_count <= RISK_MAX_ITEMS:
        risk = simulate(risk_model(ctx, sched, valued), draws=p.risk_draws, seed=p.risk_seed)
    # A parameter left unset (None: no realised gate) is not an effective figure.
    # The origin's earnings as used: 0 in the input stands for the region's figure (delivery.py).
    used = {"origin_monthly_earnings_usd": origin_earnings(p)}
    effective = tuple(
        (f.name, used.get(f.name, getattr(p, f.name))) for f in fields(p) if getattr(p, f.name) is not None
    )
    return Roadmap(
        engine_version=ENGINE_VERSION,
        currency=p.currency,
        gate_month=sched.gate if (sched.bpo_start >= 0).any() else None,
        gate_reason=gate_text,
        gate_reason_code=gate_code,
        gate_params=gate_params,
        phases=plan_phases(ctx, sched),
        items=items,
        cash_flow=cash_flow_rows(ctx, val),
        kpis=val.kpis,
        scenarios=band_scenarios(valued),
        suitability_weights=ctx.weights,
        schedule=sched.runs,
        effective_parameters=effective,
        risk=risk,
    )
