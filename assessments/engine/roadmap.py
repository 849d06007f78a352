"""build_roadmap: ITO first, then the gate, then BPO; cash flow, KPIs and scenarios.

The plan (computed once, in the base savings band `parameters.savings_band`):

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
   positive, benefits able to begin after the gate and within the horizon.
6. BPO schedule: start months from the gate maximising the sum of BPO NPVs under
   `max_parallel_bpo`. So the plan maximises ITO NPV first and BPO NPV given the gate
   that ITO schedule sets (ITO first is the founding rule, not a trade-off).
7. Monthly cash flow (inside the horizon) and KPIs; scenarios low / typical / high keep
   the plan's items and months and vary only the benchmark figures.

Ordering and inclusion use per-unit-of-cost figures where they can, so multiplying every
amount by k scales every money output by k and changes no decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from . import rationale
from .ahp import ahp_weights
from .bpo import BpoEconomics, bpo_economics, criterion_scores, cycle_time_after, error_rate_after, suitability_class
from .cashflow import Totals, discount_factors, item_flows, totals, valuation_npv
from .costs import (
    BENEFIT_COLUMNS,
    COST_COLUMNS,
    CostRates,
    CostTerms,
    cost_columns,
    net_cost,
    severance_months,
    severance_rule_for,
)
from .defaults import (
    DEFAULT_BENCHMARKS,
    DEFAULT_SUITABILITY_WEIGHTS,
    ENGINE_VERSION,
    TRANSITION_DELAY_FRACTION,
    fx_rate,
)
from .ito import FOUND, INDICATIVE, ItoEconomics, ito_economics
from .risk import Column, Driver, RiskModel, simulate
from .schedule import SlotProblem, plan_slots
from .shortlist import ShortlistRequest, build_shortlists
from .types import (
    SAVINGS_BANDS,
    SUITABILITY_CRITERIA,
    Benchmark,
    BpoKpis,
    BusinessFunction,
    CashFlowRow,
    ITCostArea,
    Kpis,
    Phase,
    Risk,
    Roadmap,
    RoadmapInput,
    RoadmapItem,
    Scenario,
    ScheduleRun,
    ShortlistEntry,
    SuitabilityWeights,
)
from .validate import validate_input

# Relative tolerance of the gate test, so that a scaled copy of the input (or rounding
# in a sum) cannot move the gate by a month.
GATE_TOLERANCE = 1e-9
# product judgement: the Monte Carlo runs for plans of at most this many planned items; a
# larger plan (a portfolio rather than one business case) gets risk null, so the engine stays
# linear in its lines (benchmarks/engine_scaling.py, engine_cli.py).
RISK_MAX_ITEMS = 2_000
# Names of the items holding slots given in a reason, at most.
MAX_NAMED = 5


def _bench_arrays(caps: list[str], benchmarks: dict[str, Benchmark]) -> dict[str, np.ndarray]:
    fields_: tuple[str, ...] = ("savings_low", "savings_typical", "savings_high", "transition_months")
    fields_ += ("transition_cost_fraction", "engagement_months", "ramp_months")
    table = {code: tuple(getattr(b, f) for f in fields_) for code, b in benchmarks.items()}
    rows = np.array([table[c] for c in caps], dtype=float).reshape(len(caps), len(fields_))
    out = {f: rows[:, j] for j, f in enumerate(fields_)}
    for f in ("transition_months", "engagement_months", "ramp_months"):
        out[f] = out[f].astype(np.int64)
    return out


def _nan(x: float | None) -> float:
    return np.nan if x is None else float(x)


@dataclass(frozen=True, slots=True)
class _Context:
    data: RoadmapInput
    horizon: int
    factor: np.ndarray  # discount factor for months 0..horizon
    benchmarks: dict[str, Benchmark]
    ito_ids: list[str]
    ito_caps: list[str]
    ito_cost: np.ndarray
    ito_avail: np.ndarray
    ito_found: np.ndarray
    ito_unit_cost: np.ndarray
    ito_why_indicative: tuple[str, ...]
    ito_market: dict[str, np.ndarray]
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
    ito_caps = [a.capability for a in areas]
    cost = np.array([a.annual_cost for a in areas], dtype=float)
    volume = np.array([_nan(a.volume) for a in areas], dtype=float)
    # A band in another currency is converted at the shipped, dated exchange rates
    # (defaults.FX_PER_USD); a currency pair the table lacks leaves the saving indicative.
    fx = np.array(
        [
            1.0
            if (benchmarks[c].market_currency or "").upper() == p.currency.upper()
            else _nan(fx_rate(from_currency=benchmarks[c].market_currency or "", to_currency=p.currency))
            for c in ito_caps
        ],
        dtype=float,
    )
    market = {
        end: fx * np.array([_nan(getattr(benchmarks[c], f"market_unit_cost_{end}")) for c in ito_caps], dtype=float)
        for end in ("low", "typical", "high")
    }
    why: list[str] = []
    for a, v, rate in zip(areas, volume, fx, strict=True):
        b = benchmarks[a.capability]
        if not v > 0:
            why.append("no_volume")
        elif b.market_unit_cost_typical is None:
            why.append("no_market_band")
        elif not rate > 0:
            why.append("market_currency_differs")
        elif not a.annual_cost > 0:
            why.append("zero_cost")
        else:
            why.append("")
    found = np.array([w == "" for w in why], dtype=bool)
    with np.errstate(divide="ignore", invalid="ignore"):
        unit_cost = np.where(found, cost / np.where(found, volume, 1.0), np.nan)
    bpo_caps = [f.capability for f in funcs]
    return _Context(
        data=data,
        horizon=p.horizon_months,
        factor=discount_factors(months=p.horizon_months + 1, annual_rate=p.discount_rate),
        benchmarks=benchmarks,
        ito_ids=[a.id for a in areas],
        ito_caps=ito_caps,
        ito_cost=cost,
        ito_avail=np.maximum(
            np.array([a.available_from_month for a in areas], dtype=np.int64), p.deal_lead_time_months
        ),
        ito_found=found,
        ito_unit_cost=unit_cost,
        ito_why_indicative=tuple(why),
        ito_market=market,
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


def _floor(one_off_unit: np.ndarray, cost: np.ndarray, fixed: float) -> np.ndarray:
    """The deal's fixed cost floor (money) as a minimum one-off per unit of annual cost."""
    if fixed <= 0:
        return one_off_unit
    with np.errstate(divide="ignore"):
        minimum = np.where(cost > 0, fixed / np.where(cost > 0, cost, 1.0), 0.0)
    out: np.ndarray = np.maximum(one_off_unit, minimum)
    return out


def _ito_band(ctx: _Context, band: str, *, floor: bool = True) -> ItoEconomics:
    ib = ctx.ito_bench
    areas = ctx.data.it_cost_areas
    eco = ito_economics(
        found=ctx.ito_found,
        unit_cost=ctx.ito_unit_cost,
        market=ctx.ito_market,
        maturity=np.array([a.maturity for a in areas], dtype=float),
        standardisation=np.array([a.standardisation for a in areas], dtype=float),
        low=ib["savings_low"],
        typical=ib["savings_typical"],
        high=ib["savings_high"],
        transition_months=ib["transition_months"],
        transition_cost_fraction=ib["transition_cost_fraction"],
        selection_cost_fraction=ctx.data.parameters.selection_cost_fraction,
        band=band,
    )
    fixed = ctx.data.parameters.deal_fixed_cost
    if not floor or fixed <= 0:
        return eco
    one_off = _floor(eco.one_off_unit, ctx.ito_cost, fixed)
    with np.errstate(divide="ignore"):
        f = eco.fraction
        payback = np.where(f > 0, ib["transition_months"] + 12.0 * one_off / np.where(f > 0, f, 1.0), np.inf)
    return replace(eco, one_off_unit=one_off, payback_months=payback)


def _bpo_band(ctx: _Context, band: str, *, floor: bool = True) -> BpoEconomics:
    bb = ctx.bpo_bench
    p = ctx.data.parameters
    eco = bpo_economics(
        suitability=ctx.suitability,
        low=bb["savings_low"],
        typical=bb["savings_typical"],
        high=bb["savings_high"],
        transition_cost_fraction=bb["transition_cost_fraction"],
        selection_cost_fraction=p.selection_cost_fraction,
        governance_fraction=0.0,  # gross: governance is its own cost column (costs.py)
        band=band,
    )
    if not floor or p.deal_fixed_cost <= 0:
        return eco
    return replace(eco, one_off_unit=_floor(eco.one_off_unit, ctx.bpo_cost, p.deal_fixed_cost))


def _rates(ctx: _Context) -> CostRates:
    p = ctx.data.parameters
    return CostRates(
        severance_months=severance_months(
            rule=severance_rule_for(rule=p.severance_rule, region=p.region, currency=p.currency),
            tenure_years=p.average_tenure_years,
            multiplier=p.severance_multiplier,
            compensation_of_rights_months=p.compensation_of_rights_months,
            months_per_year=p.severance_months_per_year,
        ),
        termination_fee_months=p.termination_fee_months,
        stranded_cost_fraction=p.stranded_cost_fraction,
        dual_running_months=p.dual_running_months,
        wage_growth=p.wage_growth,
        provider_indexation=p.provider_indexation,
        ito_erosion_rate=p.ito_erosion_rate,
        provider_currency_share=p.provider_currency_share,
        fx_depreciation=p.fx_depreciation,
        vat_rate=p.vat_rate,
        vat_recoverable_fraction=p.vat_recoverable_fraction,
    )


def _retained_ftes(ctx: _Context) -> np.ndarray:
    """Each BPO line's retained organisation in FTEs (its own figure, or the default fraction), at most its FTEs."""
    p = ctx.data.parameters
    return np.array(
        [
            min(f.ftes, f.retained_ftes if f.retained_ftes is not None else f.ftes * p.retained_fte_fraction)
            for f in ctx.data.business_functions
        ],
        dtype=float,
    )


def _governance_unit(ctx: _Context, kind: str, fee: np.ndarray) -> np.ndarray:
    """Annual governance per unit of annual cost: retained FTEs x cost per FTE (BPO, when that cost is
    given), else the kind's governance fraction of the fee (applications count as BPO-like)."""
    p = ctx.data.parameters
    if kind == "ITO":
        rate = np.array(
            [p.governance_fraction if c == "applications" else p.governance_fraction_ito for c in ctx.ito_caps],
            dtype=float,
        )
        out: np.ndarray = rate * fee
        return out
    if p.retained_cost_per_fte > 0:
        cost = ctx.bpo_cost
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(
                cost > 0, _retained_ftes(ctx) * p.retained_cost_per_fte / np.where(cost > 0, cost, 1.0), 0.0
            )
    return p.governance_fraction * fee


def _cost_terms(ctx: _Context, eco: ItoEconomics | BpoEconomics, start: np.ndarray) -> CostTerms:
    """The cost terms of every line of the economics' kind (all lines, whatever `start`)."""
    p = ctx.data.parameters
    if isinstance(eco, ItoEconomics):
        n = len(ctx.ito_ids)
        fee = 1.0 - eco.fraction
        return CostTerms(
            start=start,
            transition=ctx.ito_bench["transition_months"],
            term=np.full(n, p.ito_valuation_months, dtype=np.int64),
            engagement=ctx.ito_bench["engagement_months"],
            fee=fee,
            savings=eco.fraction,
            one_off=eco.one_off_unit,
            released=np.zeros(n),
            governance=_governance_unit(ctx, "ITO", fee),
            bpo=np.zeros(n, dtype=bool),
        )
    n = len(ctx.bpo_ids)
    fee = 1.0 - eco.efficiency
    ftes = np.array([f.ftes for f in ctx.data.business_functions], dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        released_share = np.where(ftes > 0, (ftes - _retained_ftes(ctx)) / np.where(ftes > 0, ftes, 1.0), 0.0)
    return CostTerms(
        start=start,
        transition=ctx.bpo_bench["transition_months"],
        term=np.full(n, p.bpo_contract_months, dtype=np.int64),
        engagement=np.zeros(n, dtype=np.int64),
        fee=fee,
        savings=np.zeros(n),
        one_off=eco.one_off_unit,
        released=p.wage_share * released_share * (1.0 - p.staff_transfer_fraction),
        governance=_governance_unit(ctx, "BPO", fee),
        bpo=np.ones(n, dtype=bool),
    )


def _cost_value(ctx: _Context, kind: str, eco: ItoEconomics | BpoEconomics) -> np.ndarray:
    """Discounted named costs per unit of annual cost over each item's term, starting in month 0."""
    p = ctx.data.parameters
    n = len(ctx.ito_ids) if kind == "ITO" else len(ctx.bpo_ids)
    if n == 0:
        return np.zeros(0)
    terms = _cost_terms(ctx, eco, np.zeros(n, dtype=np.int64))
    length = int(np.max(terms.term))
    factor = discount_factors(months=length, annual_rate=p.discount_rate)
    rates = _rates(ctx)
    out = np.empty(n)
    for sel in _chunks(n):
        out[sel] = net_cost(cost_columns(length=length, terms=_terms_of(terms, sel), rates=rates)) @ factor
    return out


# Items per block of cost columns: bounds the (items x months) arrays to a few MB each.
COST_CHUNK = 4096


def _chunks(n: int) -> list[slice]:
    return [slice(i, min(i + COST_CHUNK, n)) for i in range(0, n, COST_CHUNK)]


def _terms_of(terms: CostTerms, sel: slice | np.ndarray) -> CostTerms:
    """The terms of the items `sel` (a slice or index array)."""
    return CostTerms(**{f.name: getattr(terms, f.name)[sel] for f in fields(CostTerms)})


def _unit_values(ctx: _Context, ito: ItoEconomics, bpo: BpoEconomics) -> tuple[np.ndarray, np.ndarray]:
    """NPV per unit of annual cost over each item's valuation term if started in month 0,
    after the named costs of costs.py."""
    p = ctx.data.parameters
    n_ito, n_bpo = len(ctx.ito_ids), len(ctx.bpo_ids)
    ito_v = valuation_npv(
        transition=ctx.ito_bench["transition_months"],
        ramp=np.zeros(n_ito, dtype=np.int64),
        term=np.full(n_ito, p.ito_valuation_months, dtype=np.int64),
        one_off=ito.one_off_unit,
        annual=ito.fraction,
        annual_rate=p.discount_rate,
    )
    bpo_v = valuation_npv(
        transition=ctx.bpo_bench["transition_months"],
        ramp=ctx.bpo_bench["ramp_months"],
        term=np.full(n_bpo, p.bpo_contract_months, dtype=np.int64),
        one_off=bpo.one_off_unit,
        annual=bpo.net_annual_unit,
        annual_rate=p.discount_rate,
    )
    return ito_v - _cost_value(ctx, "ITO", ito), bpo_v - _cost_value(ctx, "BPO", bpo)


@dataclass(frozen=True, slots=True)
class _Schedule:
    """The plan: start months (-1 = not planned) and why each line is or is not in it."""

    ito_start: np.ndarray
    ito_code: tuple[str, ...]  # "" planned, else an exclusion cause
    ito_latest: np.ndarray
    bpo_start: np.ndarray
    bpo_code: tuple[str, ...]
    bpo_missing: tuple[tuple[str, ...], ...]
    bpo_latest: int
    gate: int | None  # None: the gate is never reached within the horizon
    runs: tuple[ScheduleRun, ...]


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


def _keep_fixed(start: np.ndarray, fixed: np.ndarray, codes: list[str]) -> None:
    """Lines under way start where they started, even if the limits of parallel engagements are exceeded."""
    for i in np.flatnonzero(fixed >= 0).tolist():
        start[i] = fixed[i]
        codes[i] = ""


def _schedule(ctx: _Context, ito: ItoEconomics, bpo: BpoEconomics) -> _Schedule:
    p = ctx.data.parameters
    h = ctx.horizon
    ib, bb = ctx.ito_bench, ctx.bpo_bench
    ito_v, bpo_v = _unit_values(ctx, ito, bpo)
    # Without the fixed cost floor: a line worth doing only without it is a "buy a standard service" case.
    if p.deal_fixed_cost > 0:
        band = p.savings_band
        ito_free, bpo_free = _unit_values(ctx, _ito_band(ctx, band, floor=False), _bpo_band(ctx, band, floor=False))
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
    cand = np.array([c == "" for c in codes], dtype=bool)
    idx = np.flatnonzero(cand)
    plan = plan_slots(
        _slot_problem(
            value=_fixed_first(ctx.ito_cost[idx] * ito_v[idx], ito_fixed[idx]),
            earliest=np.where(ito_fixed[idx] >= 0, ito_fixed[idx], ctx.ito_avail[idx]),
            latest=np.where(ito_fixed[idx] >= 0, ito_fixed[idx], latest[idx]),
            occupancy=ib["engagement_months"][idx],
            slots=p.max_parallel_ito,
            count=idx.size,
            factor=ctx.factor,
            horizon=h,
        ),
        kind="ITO",
        time_limit=p.solver_time_limit_seconds,
    )
    ito_start = np.full(len(ctx.ito_ids), -1, dtype=np.int64)
    ito_start[idx] = plan.start
    for k, i in enumerate(idx.tolist()):
        if plan.start[k] < 0:
            codes[i] = "no_slot"
    _keep_fixed(ito_start, ito_fixed, codes)
    ito_run = plan.run

    # --- Gate ------------------------------------------------------------------
    planned = ito_start >= 0
    gate: int | None = 0
    if planned.any():
        flow = _flows(ctx, "ITO", ito_start, ctx.ito_cost * ito.fraction, ctx.ito_cost * ito.one_off_unit)[0]
        target = p.gate_fraction * float(savings[planned].sum())
        reached = np.flatnonzero(12.0 * flow >= target - GATE_TOLERANCE * max(target, 1e-300))
        # ITO first: never before the first ITO engagement starts (matters when gate_fraction is 0).
        gate = max(int(reached[0]), int(ito_start[planned].min())) if reached.size else None
    if p.gate_month_actual is not None:
        gate = int(p.gate_month_actual)  # re-plan from evidence: the gate the actuals opened

    # --- BPO -------------------------------------------------------------------
    funcs = ctx.data.business_functions
    bpo_fixed = _fixed_starts(funcs)
    bpo_codes: list[str] = []
    missing_all: list[tuple[str, ...]] = []
    bpo_latest = h - 1  # per item: h - transition - 1
    for i, f in enumerate(funcs):
        missing = tuple(name for name in ("annual_volume", "ftes") if not getattr(f, name) > 0)
        missing_all.append(missing)
        t = int(bb["transition_months"][i])
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
        elif gate is None or gate + t >= h:
            bpo_codes.append("horizon_too_short")
        else:
            bpo_codes.append("")
    bidx = np.flatnonzero(np.array([c == "" for c in bpo_codes], dtype=bool))
    bplan = plan_slots(
        _slot_problem(
            value=_fixed_first(ctx.bpo_cost[bidx] * bpo_v[bidx], bpo_fixed[bidx]),
            earliest=np.where(bpo_fixed[bidx] >= 0, bpo_fixed[bidx], gate or 0),
            latest=np.where(bpo_fixed[bidx] >= 0, bpo_fixed[bidx], h - 1 - bb["transition_months"][bidx]),
            occupancy=bb["transition_months"][bidx] + bb["ramp_months"][bidx],
            slots=p.max_parallel_bpo,
            count=bidx.size,
            factor=ctx.factor,
            horizon=h,
        ),
        kind="BPO",
        time_limit=p.solver_time_limit_seconds,
    )
    bpo_start = np.full(len(ctx.bpo_ids), -1, dtype=np.int64)
    bpo_start[bidx] = bplan.start
    for k, i in enumerate(bidx.tolist()):
        if bplan.start[k] < 0:
            bpo_codes[i] = "no_slot"
    _keep_fixed(bpo_start, bpo_fixed, bpo_codes)
    return _Schedule(
        ito_start=ito_start,
        ito_code=tuple(codes),
        ito_latest=latest,
        bpo_start=bpo_start,
        bpo_code=tuple(bpo_codes),
        bpo_missing=tuple(missing_all),
        bpo_latest=bpo_latest,
        gate=gate,
        runs=(ito_run, bplan.run),
    )


def _flows(
    ctx: _Context, kind: str, start: np.ndarray, annual: np.ndarray, one_off: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Monthly benefit and one-off cost (length horizon) of the planned items of a kind."""
    p = ctx.data.parameters
    h = ctx.horizon
    sel = np.flatnonzero(start >= 0)
    if not sel.size:
        return np.zeros(h), np.zeros(h)
    if kind == "ITO":
        transition = ctx.ito_bench["transition_months"][sel]
        ramp = np.zeros(sel.size, dtype=np.int64)
        term = np.full(sel.size, p.ito_valuation_months)
    else:
        transition = ctx.bpo_bench["transition_months"][sel]
        ramp = ctx.bpo_bench["ramp_months"][sel]
        term = np.full(sel.size, p.bpo_contract_months)
    benefit, cost = item_flows(
        length=h,
        start=start[sel],
        transition=transition,
        ramp=ramp,
        term=term,
        one_off=one_off[sel],
        annual=annual[sel],
    )
    return benefit.sum(axis=0), cost.sum(axis=0)


@dataclass(frozen=True, slots=True)
class _Valued:
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


def _value(ctx: _Context, sched: _Schedule, band: str) -> _Valued:
    ito = _ito_band(ctx, band)
    bpo = _bpo_band(ctx, band)
    ito_v, bpo_v = _unit_values(ctx, ito, bpo)
    ito_at = ctx.factor[np.clip(sched.ito_start, 0, ctx.horizon)]
    bpo_at = ctx.factor[np.clip(sched.bpo_start, 0, ctx.horizon)]
    ito_npv = ctx.ito_cost * ito_v * ito_at
    bpo_npv = ctx.bpo_cost * bpo_v * bpo_at
    ito_savings = ctx.ito_cost * ito.fraction
    bpo_benefit = ctx.bpo_cost * bpo.net_annual_unit
    ito_flow, ito_costs = _flows(ctx, "ITO", sched.ito_start, ito_savings, ctx.ito_cost * ito.one_off_unit)
    bpo_flow, bpo_costs = _flows(ctx, "BPO", sched.bpo_start, bpo_benefit, ctx.bpo_cost * bpo.one_off_unit)
    columns = {name: np.zeros(ctx.horizon) for name in COST_COLUMNS}
    rates = _rates(ctx)
    governance = {}
    for kind, eco, start, cost in (
        ("ITO", ito, sched.ito_start, ctx.ito_cost),
        ("BPO", bpo, sched.bpo_start, ctx.bpo_cost),
    ):
        terms = _cost_terms(ctx, eco, start)
        governance[kind] = terms.governance
        sel = np.flatnonzero(start >= 0)
        if not sel.size:
            continue
        for block in _chunks(sel.size):
            chosen = sel[block]
            for name, col in cost_columns(length=ctx.horizon, terms=_terms_of(terms, chosen), rates=rates).items():
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
    return _Valued(
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


def _running(start: np.ndarray, occupancy: np.ndarray, horizon: int) -> list[list[tuple[int, int]]]:
    """For every month of the plan, the (start, index) of the planned items holding a slot."""
    months: list[list[tuple[int, int]]] = [[] for _ in range(horizon)]
    for j in np.flatnonzero(start >= 0).tolist():
        s0 = int(start[j])
        for m in range(s0, min(s0 + int(occupancy[j]), horizon)):
            months[m].append((s0, j))
    for row in months:
        row.sort()
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


def _items(
    ctx: _Context, sched: _Schedule, val: _Valued, shortlists: Mapping[int, tuple[ShortlistEntry, ...]]
) -> tuple[RoadmapItem, ...]:
    """One item per input line, ITO lines first, each in input order. Shortlist keys are
    line positions (ITO lines, then BPO lines)."""
    p = ctx.data.parameters
    cur = p.currency
    h = ctx.horizon
    ib, bb = ctx.ito_bench, ctx.bpo_bench
    has_bpo = bool((sched.bpo_start >= 0).any())
    gate_for_waves = sched.gate if has_bpo else None
    ito_slots = int(min(p.max_parallel_ito, max(len(ctx.ito_ids), 1)))
    bpo_slots = int(min(p.max_parallel_bpo, max(len(ctx.bpo_ids), 1)))
    ito_running = _running(sched.ito_start, ib["engagement_months"], h)
    bpo_running = _running(sched.bpo_start, bb["transition_months"] + bb["ramp_months"], h)

    ito_items = []
    for i, area in enumerate(ctx.data.it_cost_areas):
        fraction = float(val.ito.fraction[i])
        savings = float(ctx.ito_cost[i] * fraction)
        one_off = float(ctx.ito_cost[i] * val.ito.one_off_unit[i])
        t = int(ib["transition_months"][i])
        eng = int(ib["engagement_months"][i])
        avail = int(area.available_from_month)
        basis = FOUND if ctx.ito_found[i] else INDICATIVE
        bench = ctx.benchmarks[area.capability]
        evidence: dict[str, object] = {
            "basis": basis,
            "unit_cost": _none_if_nan(ctx.ito_unit_cost[i]),
            "market_unit_cost": _none_if_nan(val.ito.market_unit_cost[i]),
            "unit": bench.unit_of_measure or "unit",
            "volume": area.volume,
            "why_indicative": ctx.ito_why_indicative[i].replace("_", " "),
        }
        start = savings_from = exit_month = None
        npv: float | None = None
        pi: float | None = None
        delay: rationale.Reason | None = None
        code_ = sched.ito_code[i]
        if sched.ito_start[i] >= 0:
            start = int(sched.ito_start[i])
            savings_from = start + t
            exit_month = start + eng
            npv = float(val.ito_npv[i])
            pi = npv / one_off if one_off > 0 else None
            code, text, params = rationale.ito_planned(
                capability=area.capability,
                fraction=fraction,
                annual_cost=area.annual_cost,
                savings=savings,
                one_off=one_off,
                payback=float(val.ito.payback_months[i]),
                npv=npv,
                valuation_months=p.ito_valuation_months,
                start=start,
                savings_from=savings_from,
                exit_month=exit_month,
                currency=cur,
                evidence=evidence,
            )
            if start > 0 and start == avail:
                delay = rationale.delay_contract(available=avail, gate_month=gate_for_waves)
            elif start > avail:
                held = _holders(
                    ctx.ito_ids, ito_running, range(start - 1, start - 1 + eng), i, ito_slots, range(start, start + eng)
                )
                delay = rationale.delay_slot(kind="ITO", slots=ito_slots, held_by=held, could_start=avail)
        else:
            if avail <= h:
                npv = float(val.ito_npv[i] * ctx.factor[min(avail, h)])
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
                held = _holders(ctx.ito_ids, ito_running, range(avail, latest + eng), i, ito_slots)
                code, text, params = rationale.no_slot(
                    kind="ITO", slots=ito_slots, held_by=held, earliest=avail, latest=latest
                )
            else:
                code, text, params = rationale.ito_no_payback(
                    cause=code_,
                    earliest=avail,
                    exit_month=avail + eng,
                    payback_month=float(avail + val.ito.payback_months[i]),
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

    weights = np.array(ctx.weights.weights)
    gate0 = sched.gate if sched.gate is not None else h
    bpo_items = []
    for i, f in enumerate(ctx.data.business_functions):
        s = float(ctx.suitability[i])
        cls = suitability_class(s)
        eff = float(val.bpo.efficiency[i])
        benefit = float(ctx.bpo_cost[i] * (val.bpo.net_annual_unit[i] - val.bpo_governance[i]))
        one_off = float(ctx.bpo_cost[i] * val.bpo.one_off_unit[i])
        t = int(bb["transition_months"][i])
        r = int(bb["ramp_months"][i])
        start = savings_from = None
        npv = pi = None
        delay = None
        code_ = sched.bpo_code[i]
        if sched.bpo_start[i] >= 0:
            start = int(sched.bpo_start[i])
            savings_from = start + t
            npv = float(val.bpo_npv[i])
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
            )
            if start > 0 and start == gate0:
                delay = rationale.delay_gate(gate_month=gate0)
            elif start > gate0:
                occ = t + r
                held = _holders(
                    ctx.bpo_ids, bpo_running, range(start - 1, start - 1 + occ), i, bpo_slots, range(start, start + occ)
                )
                delay = rationale.delay_slot(kind="BPO", slots=bpo_slots, held_by=held, could_start=gate0)
        else:
            if gate0 <= h:
                npv = float(val.bpo_npv[i] * ctx.factor[min(gate0, h)])
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
                    start=min(gate0, h),
                    valuation_months=p.bpo_contract_months,
                    currency=cur,
                )
            elif code_ == "horizon_too_short":
                code, text, params = rationale.horizon_too_short(
                    kind="BPO", earliest=gate0, transition=t, horizon=h, cause="gate"
                )
            else:
                latest = h - 1 - t
                held = _holders(ctx.bpo_ids, bpo_running, range(gate0, latest + t + r), i, bpo_slots)
                code, text, params = rationale.no_slot(
                    kind="BPO", slots=bpo_slots, held_by=held, earliest=gate0, latest=latest
                )
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
                recommendation="recommended" if planned else "not_recommended",
                valuation_months=p.bpo_contract_months,
                delay_code=None if delay is None else delay[0],
                delay_params=() if delay is None else delay[2],
                suitability=s,
                suitability_class=cls,
                kpis=kpis,
                shortlist=shortlists.get(len(ctx.ito_ids) + i, ()),
            )
        )
    return (*ito_items, *bpo_items)


def _none_if_nan(x: float) -> float | None:
    return None if not np.isfinite(x) else float(x)


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


def _item_shapes(
    *, horizon: int, start: int, transition: int, ramp: int, term: int, annual_cost: float
) -> tuple[np.ndarray, np.ndarray]:
    """One item's benefit shape (money a month per unit of savings fraction) and one-off
    shape (money a month per unit of one-off fraction), length horizon: cashflow.item_flows."""
    one = np.ones(1)
    benefit, cost = item_flows(
        length=horizon,
        start=np.array([start]),
        transition=np.array([transition]),
        ramp=np.array([ramp]),
        term=np.array([term]),
        one_off=one * annual_cost,
        annual=one * annual_cost,
    )
    return benefit[0], cost[0]


def risk_model(
    ctx: _Context, sched: _Schedule, valued: Mapping[str, _Valued], *, delay_fraction: float = TRANSITION_DELAY_FRACTION
) -> RiskModel:
    """The plan's cash flow as named columns over its uncertain inputs (see risk.py).

    Per planned item: its savings (ITO) or efficiency (BPO) fraction is a PERT driver on
    the item's low / base / high scenario figures (base: parameters.savings_band); its
    transition may overrun by 0 .. ceil(delay_fraction x transition months) whole months
    (TRANSITION_DELAY_FRACTION, product judgement), which moves its benefit columns later.
    Columns: ITO ``ito_savings``, ``transition_cost``, ``selection_cost``; BPO
    ``bpo_efficiency``, ``governance`` (the retained governance on the provider's fee),
    ``transition_cost``, ``selection_cost``. At the modes they add up to the cash flow.
    """
    p = ctx.data.parameters
    h = ctx.horizon
    base = valued[p.savings_band]
    drivers: list[Driver] = []
    columns: list[Column] = []
    kinds = (
        ("ITO", ctx.ito_ids, ctx.ito_cost, sched.ito_start, ctx.ito_bench, p.ito_valuation_months),
        ("BPO", ctx.bpo_ids, ctx.bpo_cost, sched.bpo_start, ctx.bpo_bench, p.bpo_contract_months),
    )
    rates = _rates(ctx)
    for kind, ids, cost, start, bench, term in kinds:
        # The business case's named costs (costs.py) of each planned item, at the base band: fixed
        # columns here (not driven or delayed by the sampled inputs), so the modes still add up.
        cost_terms = _cost_terms(ctx, base.ito if kind == "ITO" else base.bpo, start)
        for i in np.flatnonzero(start >= 0).tolist():
            item = ids[i]
            named = cost_columns(length=h, terms=_terms_of(cost_terms, np.array([i])), rates=rates)
            for cost_name, col in named.items():
                money = float(cost[i]) * np.asarray(col, dtype=float).reshape(-1)[:h]
                if np.any(money):
                    signed = money if cost_name in BENEFIT_COLUMNS else -money
                    columns.append(Column(name=cost_name, item_id=item, shape=signed, investment=True))
            t = int(bench["transition_months"][i])
            r = int(bench["ramp_months"][i]) if kind == "BPO" else 0
            benefit, one_off = _item_shapes(
                horizon=h, start=int(start[i]), transition=t, ramp=r, term=term, annual_cost=float(cost[i])
            )
            if kind == "ITO":
                figures = [float(valued[b].ito.fraction[i]) for b in SAVINGS_BANDS]
                mode = float(base.ito.fraction[i])
                driver_kind = "savings_fraction"
            else:
                figures = [float(valued[b].bpo.efficiency[i]) for b in SAVINGS_BANDS]
                mode = float(base.bpo.efficiency[i])
                driver_kind = "efficiency_fraction"
            name = f"{driver_kind}:{item}"
            drivers.append(
                Driver(name=name, kind=driver_kind, item_id=item, low=min(figures), mode=mode, high=max(figures))
            )
            overrun = int(np.ceil(delay_fraction * t - 1e-9)) if t > 0 else 0
            delay = None
            if overrun > 0:
                delay = f"transition_delay:{item}"
                drivers.append(
                    Driver(
                        name=delay,
                        kind="transition_delay",
                        item_id=item,
                        low=0,
                        mode=0,
                        high=overrun,
                        distribution="delay",
                    )
                )
            tcf = float(bench["transition_cost_fraction"][i])
            scf = p.selection_cost_fraction
            if kind == "ITO":
                columns.append(
                    Column(name="ito_savings", item_id=item, shape=benefit, driver=name, delay=delay, gate=True)
                )
            else:
                # The retained organisation's governance is one of the business case's cost columns above.
                columns.append(Column(name="bpo_efficiency", item_id=item, shape=benefit, driver=name, delay=delay))
            columns.append(Column(name="transition_cost", item_id=item, shape=-one_off, coef=tcf, investment=True))
            columns.append(
                Column(
                    name="selection_cost",
                    item_id=item,
                    shape=-one_off,
                    const=scf,
                    coef=-scf,
                    driver=name,
                    investment=True,
                )
            )
    has_ito = bool((sched.ito_start >= 0).any())
    gate_target = None
    gate_floor = 0
    if has_ito and p.gate_month_actual is None:
        gate_target = p.gate_fraction * base.kpis.run_rate_ito
        gate_floor = int(sched.ito_start[sched.ito_start >= 0].min())
    return RiskModel(
        horizon=h,
        factor=ctx.factor[:h],
        drivers=tuple(drivers),
        columns=tuple(columns),
        gate_target=gate_target,
        gate_floor=gate_floor,
    )


def plan_risk_model(data: RoadmapInput, *, delay_fraction: float = TRANSITION_DELAY_FRACTION) -> RiskModel:
    """The risk model (columns and drivers) of the plan build_roadmap(data) recommends, for
    a Monte Carlo with other settings (risk.simulate) or a tornado (risk.tornado). Raises
    EngineInputError on invalid input, as build_roadmap."""
    validate_input(data)
    ctx = _context(data)
    p = data.parameters
    sched = _schedule(ctx, _ito_band(ctx, p.savings_band), _bpo_band(ctx, p.savings_band))
    valued = {band: _value(ctx, sched, band) for band in SAVINGS_BANDS}
    return risk_model(ctx, sched, valued, delay_fraction=delay_fraction)


def build_roadmap(data: RoadmapInput) -> Roadmap:
    """Compute the phased ITO-then-BPO roadmap for one assessment.

    Pure and deterministic: the same input gives the same output (the schedule's
    `seconds` aside). Raises EngineInputError (a ValueError) naming the field when the
    input is invalid. See the module docstring for the model.
    """
    validate_input(data)
    ctx = _context(data)
    p = data.parameters
    sched = _schedule(ctx, _ito_band(ctx, p.savings_band), _bpo_band(ctx, p.savings_band))
    valued = {band: _value(ctx, sched, band) for band in SAVINGS_BANDS}
    val = valued[p.savings_band]

    lines: tuple[ITCostArea | BusinessFunction, ...] = (*data.it_cost_areas, *data.business_functions)
    chosen = np.concatenate((sched.ito_start >= 0, sched.bpo_start >= 0))
    requests = [
        ShortlistRequest(key=k, capability=lines[k].capability, ftes=lines[k].ftes)
        for k in np.flatnonzero(chosen).tolist()
    ]
    shortlists = build_shortlists(
        requests=requests, offerings=data.offerings, region=p.region, pools=data.offering_pools
    )
    items = _items(ctx, sched, val, shortlists)

    ib, bb = ctx.ito_bench, ctx.bpo_bench
    phases = tuple(
        ph
        for ph in (
            _phase("ITO", sched.ito_start, sched.ito_start + ib["engagement_months"], ctx.ito_ids),
            _phase("BPO", sched.bpo_start, sched.bpo_start + bb["transition_months"] + bb["ramp_months"], ctx.bpo_ids),
        )
        if ph is not None
    )
    has_ito = bool((sched.ito_start >= 0).any())
    has_bpo = bool((sched.bpo_start >= 0).any())
    blocked_by_gate = any(c == "horizon_too_short" for c in sched.bpo_code)
    gate_code, gate_text, gate_params = rationale.gate(
        gate_month=sched.gate,
        has_ito=has_ito,
        has_bpo=has_bpo or (has_ito and sched.gate is None and blocked_by_gate),
        fraction=p.gate_fraction,
        planned=val.kpis.run_rate_ito,
        reached=sched.gate is not None,
        horizon=ctx.horizon,
        currency=p.currency,
    )
    tot = val.totals
    cash_flow = tuple(
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
    scenarios = tuple(
        Scenario(band=band, kpis=valued[band].kpis, cumulative=tuple(float(x) for x in valued[band].totals.cumulative))
        for band in SAVINGS_BANDS
    )
    risk: Risk | None = None
    planned_count = int((sched.ito_start >= 0).sum() + (sched.bpo_start >= 0).sum())
    if p.risk_draws > 0 and planned_count <= RISK_MAX_ITEMS:
        risk = simulate(risk_model(ctx, sched, valued), draws=p.risk_draws, seed=p.risk_seed)
    # A parameter left unset (None: no realised gate) is not an effective figure.
    effective = tuple((f.name, getattr(p, f.name)) for f in fields(p) if getattr(p, f.name) is not None)
    return Roadmap(
        engine_version=ENGINE_VERSION,
        currency=p.currency,
        gate_month=sched.gate if has_bpo else None,
        gate_reason=gate_text,
        gate_reason_code=gate_code,
        gate_params=gate_params,
        phases=phases,
        items=items,
        cash_flow=cash_flow,
        kpis=val.kpis,
        scenarios=scenarios,
        suitability_weights=ctx.weights,
        schedule=sched.runs,
        effective_parameters=effective,
        risk=risk,
    )
