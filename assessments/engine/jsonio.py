"""Plain JSON <-> engine dataclasses. Money is rounded to 2 decimals on output only."""

from __future__ import annotations

import math
from dataclasses import fields, replace
from typing import Any

from .defaults import DEFAULT_BENCHMARKS
from .errors import EngineInputError
from .roadmap import build_roadmap
from .schema import validate_input_json
from .types import (
    Benchmark,
    BusinessFunction,
    ITCostArea,
    Offering,
    Parameters,
    Roadmap,
    RoadmapInput,
    RoadmapItem,
)
from .validate import validate_benchmark, validate_input

MONEY_DECIMALS = 2
# Shares, scores and indices keep more precision than money but not float noise.
RATIO_DECIMALS = 6
_BENCH_FIELDS = tuple(f.name for f in fields(Benchmark) if f.name not in ("capability", "sources"))
_MONEY_PARAMS = frozenset(
    {
        "annual_cost",
        "net_annual_savings",
        "one_off_cost",
        "npv",
        "net_annual_benefit",
        "min_savings",
        "planned_ito_run_rate",
        "unit_cost",
        "market_unit_cost",
    },
)


# JSON Schema's "integer" also accepts 3.0; the dataclasses want a real int.
_INT_FIELDS = frozenset(
    {
        "horizon_months",
        "max_parallel_ito",
        "max_parallel_bpo",
        "available_from_month",
        "maturity",
        "standardisation",
        "criticality",
        "strategic_importance",
        "regulatory_sensitivity",
        "knowledge_intensity",
        "transition_months",
        "engagement_months",
        "ramp_months",
        "ito_valuation_months",
        "bpo_contract_months",
        "market_year",
    }
)


def _value(key: str, value: Any) -> Any:
    if key in _INT_FIELDS and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _kw(doc: dict[str, Any], cls: type, **overrides: Any) -> Any:
    names = {f.name for f in fields(cls)}
    values = {k: _value(k, v) for k, v in doc.items() if k in names}
    values.update(overrides)
    return cls(**values)


def roadmap_input_from_json(doc: dict[str, Any]) -> RoadmapInput:
    """Validate `doc` against the input schema and the model's own rules, and build
    the RoadmapInput. Benchmark overrides are merged field by field into the shipped
    defaults. Raises EngineInputError whose message starts with the field path."""
    validate_input_json(doc)
    params = _kw(doc["parameters"], Parameters)
    areas = tuple(_kw(a, ITCostArea) for a in doc.get("it_cost_areas", ()))
    funcs = tuple(_kw(f, BusinessFunction) for f in doc.get("business_functions", ()))
    benchmarks = []
    for code in sorted(doc.get("benchmarks") or {}):
        given = doc["benchmarks"][code]
        default = DEFAULT_BENCHMARKS[code]
        sources = tuple(
            (name, "input override" if name in given else default.source_of(name)) for name in _BENCH_FIELDS
        )
        merged = replace(default, **{k: _value(k, given[k]) for k in _BENCH_FIELDS if k in given}, sources=sources)
        validate_benchmark(f"benchmarks.{code}", merged)
        benchmarks.append(merged)
    offerings = tuple(
        _kw(
            o,
            Offering,
            regions=tuple(o.get("regions", ())),
            certifications=tuple(o.get("certifications", ())),
        )
        for o in doc.get("offerings", ())
    )
    pairwise = doc.get("criteria_pairwise")
    data = RoadmapInput(
        parameters=params,
        it_cost_areas=areas,
        business_functions=funcs,
        benchmarks=tuple(benchmarks),
        offerings=offerings,
        criteria_pairwise=tuple(tuple(float(x) for x in row) for row in pairwise) if pairwise is not None else None,
    )
    validate_input(data)
    return data


def roadmap_input_to_json(data: RoadmapInput) -> dict[str, Any]:
    """The JSON form of a RoadmapInput (benchmarks written in full), e.g. to store or hash it."""

    def plain(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
        return {f.name: _plain(getattr(obj, f.name)) for f in fields(obj) if f.name not in skip}

    doc: dict[str, Any] = {
        "parameters": plain(data.parameters),
        "it_cost_areas": [plain(a) for a in data.it_cost_areas],
        "business_functions": [plain(f) for f in data.business_functions],
        "benchmarks": {b.capability: plain(b, ("capability", "sources")) for b in data.benchmarks},
        "offerings": [plain(o) for o in data.offerings],
    }
    if data.criteria_pairwise is not None:
        doc["criteria_pairwise"] = [list(row) for row in data.criteria_pairwise]
    return doc


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _m(x: float | None) -> float | None:
    if x is None:
        return None
    r = round(float(x), MONEY_DECIMALS)
    return 0.0 if r == 0 else r  # no "-0.0" in documents people read


def _r(x: float | None) -> float | None:
    if x is None or not math.isfinite(x):
        return None
    r = round(float(x), RATIO_DECIMALS)
    return 0.0 if r == 0 else r


def _param(key: str, value: Any) -> Any:
    if isinstance(value, float):
        return _m(value) if key in _MONEY_PARAMS else _r(value)
    return value


def _item(item: RoadmapItem) -> dict[str, Any]:
    k = item.kpis
    return {
        "id": item.id,
        "kind": item.kind,
        "capability": item.capability,
        "included": item.included,
        "rationale": item.rationale,
        "reason_code": item.reason_code,
        "reason_params": {key: _param(key, v) for key, v in item.reason_params},
        "start_month": item.start_month,
        "savings_from_month": item.savings_from_month,
        "exit_month": item.exit_month,
        "net_annual_savings": _m(item.net_annual_savings),
        "one_off_cost": _m(item.one_off_cost),
        "npv": _m(item.npv),
        "profitability_index": _r(item.profitability_index),
        "savings_fraction": _r(item.savings_fraction),
        "recommendation": item.recommendation,
        "savings_basis": item.savings_basis,
        "valuation_months": item.valuation_months,
        "delay_code": item.delay_code,
        "delay_params": {key: _param(key, v) for key, v in item.delay_params},
        "suitability": _r(item.suitability),
        "suitability_class": item.suitability_class,
        "kpis": None
        if k is None
        else {
            "cost_per_transaction_before": _m(k.cost_per_transaction_before),
            "cost_per_transaction_after": _m(k.cost_per_transaction_after),
            "error_rate_before": _r(k.error_rate_before),
            "error_rate_after": _r(k.error_rate_after),
            "ftes_freed": _r(k.ftes_freed),
            "ftes_retained": _r(k.ftes_retained),
            "cycle_time_days_before": _r(k.cycle_time_days_before),
            "cycle_time_days_after": _r(k.cycle_time_days_after),
            "missing_baselines": list(k.missing_baselines),
        },
        "shortlist": [
            {
                "provider": e.provider,
                "provider_name": e.provider_name,
                "delivery_model": e.delivery_model,
                "closeness": _r(e.closeness),
                "reason": e.reason,
                "reason_code": e.reason_code,
                "criteria": {name: _r(v) for name, v in e.criteria},
            }
            for e in item.shortlist
        ],
    }


def _kpis(k: Any) -> dict[str, Any]:
    return {
        "npv": _m(k.npv),
        "payback_month": k.payback_month,
        "run_rate_ito": _m(k.run_rate_ito),
        "run_rate_bpo": _m(k.run_rate_bpo),
        "peak_investment": _m(k.peak_investment),
        "npv_valuation": _m(k.npv_valuation),
    }


def roadmap_to_json(roadmap: Roadmap) -> dict[str, Any]:
    """The JSON form of a Roadmap (valid against output.schema.json)."""
    w = roadmap.suitability_weights
    return {
        "engine_version": roadmap.engine_version,
        "currency": roadmap.currency,
        "gate_month": roadmap.gate_month,
        "gate_reason": roadmap.gate_reason,
        "gate_reason_code": roadmap.gate_reason_code,
        "gate_params": {key: _param(key, v) for key, v in roadmap.gate_params},
        "schedule": {
            run.kind: {
                "method": run.method,
                "status": run.status,
                "gap": _r(run.gap),
                "seconds": round(run.seconds, 4),
                "candidates": run.candidates,
                "variables": run.variables,
            }
            for run in roadmap.schedule
        },
        "effective_parameters": {
            name: (_m(v) if name == "materiality_min_savings" else _r(v)) if isinstance(v, float) else v
            for name, v in roadmap.effective_parameters
        },
        "phases": [
            {"kind": p.kind, "start_month": p.start_month, "end_month": p.end_month, "item_ids": list(p.item_ids)}
            for p in roadmap.phases
        ],
        "items": [_item(i) for i in roadmap.items],
        "cash_flow": [
            {
                "month": c.month,
                "ito_savings": _m(c.ito_savings),
                "bpo_benefit": _m(c.bpo_benefit),
                "one_off_costs": _m(c.one_off_costs),
                "net": _m(c.net),
                "cumulative": _m(c.cumulative),
                "discounted_cumulative": _m(c.discounted_cumulative),
            }
            for c in roadmap.cash_flow
        ],
        "kpis": _kpis(roadmap.kpis),
        "scenarios": {
            s.band: {**_kpis(s.kpis), "cumulative": [_m(x) for x in s.cumulative]} for s in roadmap.scenarios
        },
        "suitability_weights": {
            "weights": {c: _r(x) for c, x in zip(w.criteria, w.weights, strict=True)},
            "consistency_ratio": _r(w.consistency_ratio),
            "source": w.source,
        },
    }


def roadmap_from_json(doc: dict[str, Any]) -> dict[str, Any]:
    """JSON in, JSON out: validate, build the roadmap, serialise it.

    Raises EngineInputError (a ValueError) naming the field path on invalid input.
    """
    if not isinstance(doc, dict):
        raise EngineInputError("", "the input must be a JSON object")
    return roadmap_to_json(build_roadmap(roadmap_input_from_json(doc)))
