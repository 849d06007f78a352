"""The plan's context: one assessment's lines as arrays, with their benchmarks and suitability.

Everything the plan needs from the input, computed once per `build_roadmap` call: each
line's annual cost and benchmark figures as numpy arrays (ITO areas and BPO functions
apart, in input order), the ITO areas' unit costs against the market's (found or
indicative saving, and why), and the BPO functions' suitability (0-100) from the six
criteria and their weights (default or AHP from `criteria_pairwise`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .ahp import ahp_weights
from .bpo import criterion_scores, suitability_class
from .cashflow import discount_factors
from .defaults import DEFAULT_BENCHMARKS, DEFAULT_SUITABILITY_WEIGHTS, fx_rate
from .delivery import Delivery, delivery_of
from .types import SUITABILITY_CRITERIA, Benchmark, RoadmapInput, SuitabilityWeights


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
class PlanContext:
    """One assessment's lines as arrays (ITO areas, BPO functions; input order). Money a year
    for costs, months for durations; `*_bench` maps a benchmark field to one entry per line;
    `ito_market` maps "low"/"typical"/"high" to the market unit cost in the input currency
    (NaN where there is no band or no rate); `suitability` is 0-100."""

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
    bpo_delivery: Delivery  # the BPO lines' delivery model and price index (delivery.py)
    # Per-line arrays derived from the input alone, built on first use (context_array).
    derived: dict[str, np.ndarray] = field(default_factory=dict, compare=False, repr=False)


def context_array(ctx: PlanContext, key: str, build: Callable[[], np.ndarray]) -> np.ndarray:
    """The array `build()` gives, built once per context and kept under `key`: for figures that
    depend on the input alone but are read for every savings band. Read-only (a caller that
    tried to change it in place would change it for every band: ValueError instead)."""
    found = ctx.derived.get(key)
    if found is None:
        found = ctx.derived[key] = build()
        found.flags.writeable = False
    return found


def plan_context(data: RoadmapInput) -> PlanContext:
    """The context of a validated input (validate.validate_input first). Raises nothing of its own."""
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
    return PlanContext(
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
        bpo_delivery=delivery_of(data),
    )
