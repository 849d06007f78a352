"""Checks on the dataclass input that a JSON Schema cannot express (or that callers
building dataclasses directly would otherwise skip). Every failure names its field."""

from __future__ import annotations

import math

from .ahp import CONSISTENCY_LIMIT, ahp_weights
from .defaults import BPO_CODES, CAPABILITIES, ITO, ITO_CODES
from .errors import EngineInputError
from .types import SAVINGS_BANDS, SUITABILITY_CRITERIA, Benchmark, BusinessFunction, ITCostArea, Offering, RoadmapInput

MAX_HORIZON_MONTHS = 600


def _number(path: str, value: object, *, low: float | None = None, high: float | None = None) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise EngineInputError(path, f"{value!r} is not a finite number")
    if low is not None and value < low:
        raise EngineInputError(path, f"{value!r} is less than the minimum of {low:g}")
    if high is not None and value > high:
        raise EngineInputError(path, f"{value!r} is greater than the maximum of {high:g}")


def _integer(path: str, value: object, *, low: int | None = None, high: int | None = None) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise EngineInputError(path, f"{value!r} is not an integer")
    _number(path, value, low=low, high=high)


def _text(path: str, value: object) -> None:
    if not isinstance(value, str) or not value.strip():
        raise EngineInputError(path, f"{value!r} should be a non-empty string")


def _score(path: str, value: object) -> None:
    _integer(path, value, low=1, high=5)


def validate_benchmark(path: str, b: Benchmark) -> None:
    if b.capability not in CAPABILITIES:
        raise EngineInputError(f"{path}.capability", f"{b.capability!r} is not a known capability code")
    for name in ("savings_low", "savings_typical", "savings_high"):
        _number(f"{path}.{name}", getattr(b, name), low=0.0, high=0.95)
    if not b.savings_low <= b.savings_typical <= b.savings_high:
        raise EngineInputError(
            f"{path}.savings_typical",
            f"the band must satisfy savings_low <= savings_typical <= savings_high, got "
            f"{b.savings_low:g} / {b.savings_typical:g} / {b.savings_high:g}",
        )
    _integer(f"{path}.transition_months", b.transition_months, low=0, high=MAX_HORIZON_MONTHS)
    _number(f"{path}.transition_cost_pct", b.transition_cost_pct, low=0.0, high=10.0)
    _integer(f"{path}.engagement_months", b.engagement_months, low=0, high=MAX_HORIZON_MONTHS)
    _integer(f"{path}.ramp_months", b.ramp_months, low=0, high=MAX_HORIZON_MONTHS)
    market = (b.market_unit_cost_low, b.market_unit_cost_typical, b.market_unit_cost_high)
    if any(m is not None for m in market):
        if any(m is None for m in market):
            raise EngineInputError(
                f"{path}.market_unit_cost_typical", "give all three of market_unit_cost_low, _typical and _high"
            )
        for name, m in zip(("low", "typical", "high"), market, strict=True):
            _number(f"{path}.market_unit_cost_{name}", m, low=0.0)
            if not m > 0:  # type: ignore[operator]  # reason: checked to be a number above
                raise EngineInputError(f"{path}.market_unit_cost_{name}", f"{m!r} must be greater than 0")
        if not market[0] <= market[1] <= market[2]:  # type: ignore[operator]  # reason: numbers, checked above
            raise EngineInputError(
                f"{path}.market_unit_cost_typical",
                "the market band must satisfy market_unit_cost_low <= market_unit_cost_typical <= "
                "market_unit_cost_high",
            )
        _text(f"{path}.market_currency", b.market_currency)
    if CAPABILITIES[b.capability][0] == ITO and b.engagement_months <= b.transition_months:
        # Rule 5: the provider exits after savings begin, so the engagement must outlast transition.
        raise EngineInputError(
            f"{path}.engagement_months",
            f"{b.engagement_months} must be greater than transition_months ({b.transition_months}) for an ITO "
            "capability: the provider exits only after the savings have begun",
        )


def _num_ok(value: object, low: float, high: float = math.inf) -> bool:
    # Fast path for the common, valid case; the detailed checks below explain failures.
    return (type(value) is float or type(value) is int) and low <= value <= high  # NaN fails both comparisons


def _int_ok(value: object, low: int, high: float = math.inf) -> bool:
    return type(value) is int and low <= value <= high


def _area_ok(a: ITCostArea) -> bool:
    return (
        type(a.id) is str
        and a.id.strip() != ""
        and a.capability in ITO_CODES
        and _num_ok(a.annual_cost, 0.0)
        and _num_ok(a.ftes, 0.0)
        and _int_ok(a.available_from_month, 0)
        and _int_ok(a.maturity, 1, 5)
        and _int_ok(a.standardisation, 1, 5)
        and _int_ok(a.criticality, 1, 5)
        and (a.volume is None or (_num_ok(a.volume, 0.0) and a.volume > 0))
    )


def _function_ok(f: BusinessFunction) -> bool:
    return (
        type(f.id) is str
        and f.id.strip() != ""
        and f.capability in BPO_CODES
        and _num_ok(f.annual_cost, 0.0)
        and _num_ok(f.ftes, 0.0)
        and _num_ok(f.annual_volume, 0.0)
        and _int_ok(f.standardisation, 1, 5)
        and _int_ok(f.strategic_importance, 1, 5)
        and _int_ok(f.maturity, 1, 5)
        and _int_ok(f.regulatory_sensitivity, 1, 5)
        and _int_ok(f.knowledge_intensity, 1, 5)
        and _num_ok(f.error_rate, 0.0, 100.0)
        and (f.cycle_time_days is None or _num_ok(f.cycle_time_days, 0.0))
        and (f.retained_ftes is None or _num_ok(f.retained_ftes, 0.0, f.ftes))
    )


def _offering_ok(o: Offering) -> bool:
    return (
        type(o.provider) is str
        and o.provider.strip() != ""
        and o.capability in CAPABILITIES
        and type(o.regions) is tuple
        and all(type(r) is str for r in o.regions)
        and type(o.certifications) is tuple
        and all(type(c) is str for c in o.certifications)
        and _num_ok(o.price_index, 0.0)
        and o.price_index > 0
        and _num_ok(o.quality, 0.0)
        and _num_ok(o.capacity_ftes, 0.0)
        and _num_ok(o.experience_years, 0.0)
        and (o.rating is None or _num_ok(o.rating, 0.0, 5.0))
        and type(o.delivery_model) is str
    )


def validate_input(data: RoadmapInput) -> None:
    """Raise EngineInputError (a ValueError) naming the first invalid field."""
    p = data.parameters
    _text("parameters.region", p.region)
    _text("parameters.currency", p.currency)
    _integer("parameters.horizon_months", p.horizon_months, low=1, high=MAX_HORIZON_MONTHS)
    _number("parameters.discount_rate", p.discount_rate, low=0.0, high=1.0)
    _number("parameters.gate_fraction", p.gate_fraction, low=0.0, high=1.0)
    _integer("parameters.max_parallel_ito", p.max_parallel_ito, low=1)
    _integer("parameters.max_parallel_bpo", p.max_parallel_bpo, low=1)
    _number("parameters.materiality_threshold", p.materiality_threshold, low=0.0, high=1.0)
    _number("parameters.selection_cost_pct", p.selection_cost_pct, low=0.0, high=1.0)
    _number("parameters.governance_pct", p.governance_pct, low=0.0, high=1.0)
    _number("parameters.materiality_min_savings", p.materiality_min_savings, low=0.0)
    _integer("parameters.ito_valuation_months", p.ito_valuation_months, low=1, high=MAX_HORIZON_MONTHS)
    _integer("parameters.bpo_contract_months", p.bpo_contract_months, low=1, high=MAX_HORIZON_MONTHS)
    _number("parameters.retained_fte_fraction", p.retained_fte_fraction, low=0.0, high=1.0)
    _number("parameters.solver_time_limit_seconds", p.solver_time_limit_seconds, low=0.01, high=3600.0)
    if p.savings_band not in SAVINGS_BANDS:
        raise EngineInputError("parameters.savings_band", f"{p.savings_band!r} is not one of {list(SAVINGS_BANDS)}")

    seen: dict[str, str] = {}
    for i, a in enumerate(data.it_cost_areas):
        if _area_ok(a) and a.id not in seen:
            seen[a.id] = f"it_cost_areas[{i}]"
            continue
        path = f"it_cost_areas[{i}]"
        _text(f"{path}.id", a.id)
        if a.id in seen:
            raise EngineInputError(f"{path}.id", f"{a.id!r} is already used by {seen[a.id]}")
        seen[a.id] = path
        if a.capability not in ITO_CODES:
            raise EngineInputError(f"{path}.capability", f"{a.capability!r} is not one of {list(ITO_CODES)}")
        _number(f"{path}.annual_cost", a.annual_cost, low=0.0)
        _number(f"{path}.ftes", a.ftes, low=0.0)
        _integer(f"{path}.available_from_month", a.available_from_month, low=0)
        _score(f"{path}.maturity", a.maturity)
        _score(f"{path}.standardisation", a.standardisation)
        _score(f"{path}.criticality", a.criticality)
        if a.volume is not None:
            _number(f"{path}.volume", a.volume, low=0.0)
            if not a.volume > 0:
                raise EngineInputError(f"{path}.volume", f"{a.volume!r} must be greater than 0 (or left out)")
    for i, f in enumerate(data.business_functions):
        if _function_ok(f) and f.id not in seen:
            seen[f.id] = f"business_functions[{i}]"
            continue
        path = f"business_functions[{i}]"
        _text(f"{path}.id", f.id)
        if f.id in seen:
            raise EngineInputError(f"{path}.id", f"{f.id!r} is already used by {seen[f.id]}")
        seen[f.id] = path
        if f.capability not in BPO_CODES:
            raise EngineInputError(f"{path}.capability", f"{f.capability!r} is not one of {list(BPO_CODES)}")
        _number(f"{path}.annual_cost", f.annual_cost, low=0.0)
        _number(f"{path}.ftes", f.ftes, low=0.0)
        _number(f"{path}.annual_volume", f.annual_volume, low=0.0)
        for name in ("standardisation", "strategic_importance", "maturity", "regulatory_sensitivity"):
            _score(f"{path}.{name}", getattr(f, name))
        _score(f"{path}.knowledge_intensity", f.knowledge_intensity)
        _number(f"{path}.error_rate", f.error_rate, low=0.0, high=100.0)
        if f.cycle_time_days is not None:
            _number(f"{path}.cycle_time_days", f.cycle_time_days, low=0.0)
        if f.retained_ftes is not None:
            _number(f"{path}.retained_ftes", f.retained_ftes, low=0.0, high=f.ftes)

    bench_seen: set[str] = set()
    for i, b in enumerate(data.benchmarks):
        validate_benchmark(f"benchmarks[{i}]", b)
        if b.capability in bench_seen:
            raise EngineInputError(f"benchmarks[{i}].capability", f"{b.capability!r} appears twice")
        bench_seen.add(b.capability)

    offer_seen: set[tuple[str, str, str]] = set()
    for i, o in enumerate(data.offerings):
        key = (o.provider, o.capability, o.delivery_model)
        if _offering_ok(o) and key not in offer_seen:
            offer_seen.add(key)
            continue
        path = f"offerings[{i}]"
        _text(f"{path}.provider", o.provider)
        if o.capability not in CAPABILITIES:
            raise EngineInputError(f"{path}.capability", f"{o.capability!r} is not a known capability code")
        if not isinstance(o.delivery_model, str):
            raise EngineInputError(f"{path}.delivery_model", "should be a string")
        if key in offer_seen:
            how = f" ({o.delivery_model})" if o.delivery_model else ""
            raise EngineInputError(f"{path}.provider", f"{o.provider!r} already offers {o.capability!r}{how}")
        offer_seen.add(key)
        if not isinstance(o.regions, tuple) or not all(isinstance(r, str) for r in o.regions):
            raise EngineInputError(f"{path}.regions", "should be a tuple of region names")
        if not isinstance(o.certifications, tuple) or not all(isinstance(c, str) for c in o.certifications):
            raise EngineInputError(f"{path}.certifications", "should be a tuple of certification names")
        _number(f"{path}.price_index", o.price_index, low=0.0)
        if o.price_index <= 0:
            raise EngineInputError(f"{path}.price_index", f"{o.price_index!r} must be greater than 0")
        _number(f"{path}.quality", o.quality, low=0.0)
        _number(f"{path}.capacity_ftes", o.capacity_ftes, low=0.0)
        _number(f"{path}.experience_years", o.experience_years, low=0.0)
        if o.rating is not None:
            _number(f"{path}.rating", o.rating, low=0.0, high=5.0)

    if data.criteria_pairwise is not None:
        validate_criteria_pairwise(data.criteria_pairwise)


def validate_criteria_pairwise(matrix: tuple[tuple[float, ...], ...]) -> float:
    """Check the suitability-criteria AHP matrix; return its consistency ratio."""
    n = len(SUITABILITY_CRITERIA)
    if len(matrix) != n or any(len(row) != n for row in matrix):
        raise EngineInputError(
            "criteria_pairwise", f"must be a {n} x {n} matrix over {', '.join(SUITABILITY_CRITERIA)}"
        )
    try:
        result = ahp_weights(matrix)
    except ValueError as exc:
        raise EngineInputError("criteria_pairwise", str(exc)) from exc
    if result.consistency_ratio >= CONSISTENCY_LIMIT:
        raise EngineInputError(
            "criteria_pairwise",
            f"consistency ratio {result.consistency_ratio:.3f} is not below {CONSISTENCY_LIMIT:.2f} "
            "(Saaty); revise the pairwise judgements",
        )
    return result.consistency_ratio
