"""Turns an assessment's rows into the engine's JSON input document, and hashes it.

This is the one selector between the ORM and the engine (DESIGN §3): the engine only
sees the documented JSON contract (``assessments/engine/schemas/input.schema.json``).
The document is built in a constant number of queries whatever the number of lines.
"""

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from assessments.capture.selectors import COST_DECIMAL_FIELDS, COST_INTEGER_FIELDS
from assessments.engine import ENGINE_VERSION, SAVINGS_BANDS, ShortlistRequest
from assessments.models import Assessment, BusinessFunction, ITCostArea
from assessments.roadmaps import offering_pools
from providers import selectors as provider_selectors

# Parameters a scenario may override, with the type the engine expects for each.
OVERRIDABLE_PARAMETERS: Mapping[str, type] = {
    "horizon_months": int,
    "discount_rate": float,
    "gate_fraction": float,
    "max_parallel_ito": int,
    "max_parallel_bpo": int,
    "materiality_threshold": float,
    "materiality_min_savings": float,
    "retained_fte_fraction": float,
    "savings_band": str,
}


class RoadmapOverridesError(ValueError):
    """A scenario override the engine does not know, or of the wrong type."""


def _number(value: Decimal | float | int) -> float:
    return float(value)


def _optional_number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def roadmap_overrides_clean(overrides: Mapping[str, Any] | None) -> dict[str, Any]:
    """Overrides reduced to known parameters of the right type, or RoadmapOverridesError naming the key.

    Range checks are the engine's job; this only keeps unknown keys out of the document
    (and out of its hash), and makes 12 and 12.0 hash the same way.
    """
    cleaned: dict[str, Any] = {}
    for key, value in (overrides or {}).items():
        kind = OVERRIDABLE_PARAMETERS.get(key)
        if kind is None:
            raise RoadmapOverridesError(_("%(key)s is not a parameter a scenario can change.") % {"key": key})
        if kind is str:
            if value not in SAVINGS_BANDS:
                raise RoadmapOverridesError(
                    _("%(key)s must be one of %(choices)s.") % {"key": key, "choices": ", ".join(SAVINGS_BANDS)}
                )
            cleaned[key] = value
            continue
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise RoadmapOverridesError(_("%(key)s must be a number.") % {"key": key})
        if kind is int and value != int(value):
            raise RoadmapOverridesError(_("%(key)s must be a whole number.") % {"key": key})
        cleaned[key] = int(value) if kind is int else float(value)
    return cleaned


def _parameters(assessment: Assessment) -> dict[str, Any]:
    # The regulation gate names the regulator by region and sector (engine/regulation.py); the sector is
    # the organisation's industry, left out when empty so documents without one keep their hash.
    sector = assessment.organisation.industry.strip()[:120]
    return {
        "horizon_months": assessment.horizon_months,
        "discount_rate": _number(assessment.discount_rate),
        "gate_fraction": _number(assessment.gate_fraction),
        "max_parallel_ito": assessment.max_parallel_ito,
        "max_parallel_bpo": assessment.max_parallel_bpo,
        "materiality_threshold": _number(assessment.materiality_threshold),
        "materiality_min_savings": _number(assessment.materiality_min_savings),
        "retained_fte_fraction": _number(assessment.retained_fte_fraction),
        "region": assessment.region.code,
        "currency": assessment.currency,
        # Costs of the business case (engine/costs.py).
        "severance_rule": assessment.severance_rule,
        **{name: int(getattr(assessment, name)) for name in COST_INTEGER_FIELDS},
        **{name: _number(getattr(assessment, name)) for name in COST_DECIMAL_FIELDS},
        **({"sector": sector} if sector else {}),
    }


def _exit_costs(line: ITCostArea | BusinessFunction) -> dict[str, Any]:
    """The line's own termination fee and stranded book value, where given (engine/costs.py). Absent fields
    mean the assessment-wide figures, so a document without them keeps its hash (and its roadmap stays current)."""
    return {
        name: _number(getattr(line, name))
        for name in ("termination_fee", "stranded_book_value")
        if getattr(line, name) is not None
    }


def _it_cost_area(area: ITCostArea) -> dict[str, Any]:
    return {
        "id": f"it-{area.pk}",
        "capability": area.capability.code,
        "annual_cost": _number(area.annual_cost),
        "ftes": _number(area.ftes),
        "available_from_month": area.available_from_month,
        "maturity": area.maturity,
        "standardisation": area.standardisation,
        "criticality": area.criticality,
        "volume": _optional_number(area.volume),
        **_exit_costs(area),
    }


def _business_function(function: BusinessFunction) -> dict[str, Any]:
    return {
        "id": f"bf-{function.pk}",
        "capability": function.capability.code,
        "annual_cost": _number(function.annual_cost),
        "ftes": _number(function.ftes),
        "annual_volume": function.annual_volume,
        "standardisation": function.standardisation,
        "strategic_importance": function.strategic_importance,
        "maturity": function.maturity,
        "regulatory_sensitivity": function.regulatory_sensitivity,
        "knowledge_intensity": function.knowledge_intensity,
        "error_rate": _number(function.error_rate_percent),
        "cycle_time_days": _optional_number(function.cycle_time_days),
        "retained_ftes": _optional_number(function.retained_ftes),
        **_exit_costs(function),
        **({"regulatory_condition_accepted": True} if function.regulatory_condition_accepted else {}),
    }


def roadmap_input_build(*, assessment: Assessment, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The engine's JSON input for this assessment, with scenario overrides applied.

    Line ids are ``it-<pk>`` and ``bf-<pk>`` so result items lead back to their rows.
    Only the benchmarks of the capabilities in use, and only the offerings of those
    capabilities by providers serving the assessment's region, are included: the
    document's size and the engine's time depend on the assessment, not on the size of
    the catalogue, and a catalogue change elsewhere does not change this document's hash.
    """
    parameters = _parameters(assessment) | roadmap_overrides_clean(overrides)
    areas = [
        _it_cost_area(area)
        for area in ITCostArea.objects.filter(assessment=assessment)
        .select_related("capability")
        .order_by("position", "id")
    ]
    functions = [
        _business_function(function)
        for function in BusinessFunction.objects.filter(assessment=assessment)
        .select_related("capability")
        .order_by("position", "id")
    ]
    codes = sorted({line["capability"] for line in areas} | {line["capability"] for line in functions})
    document: dict[str, Any] = {
        "parameters": parameters,
        "it_cost_areas": areas,
        "business_functions": functions,
    }
    if codes:
        benchmarks = provider_selectors.benchmarks_for_engine(capability_codes=codes)
        document["benchmarks"] = {code: benchmarks[code] for code in codes if code in benchmarks}
        offerings, pools = _offerings_preselected(
            lines=[*areas, *functions], codes=codes, region_code=assessment.region.code
        )
        document["offerings"] = offerings
        if pools:
            document["offering_pools"] = pools
    return document


def _offerings_preselected(
    *, lines: list[dict[str, Any]], codes: list[str], region_code: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The offerings the engine's shortlists can pick, and the pools that rank them as the whole catalogue would.

    Providers not serving the region could never be shortlisted, so the database leaves them
    out. Of the rest, the database sums up each capability's candidate set in an offering pool
    (count, norm, minimum and maximum of each criterion) and ranks it, and the engine's own
    TOPSIS over the few best rows keeps, for each line's capability and capacity cap, the
    offerings of the SHORTLIST_SIZE best providers (``offering_pools.offering_pools_select``).
    The engine given these computes the shortlists (providers, order, closeness, reasons) it
    would over the whole catalogue, whatever the scheduler includes, while the document holds at
    most three offerings per line: its size, the time to build it and the engine's time depend on
    the assessment, not on the catalogue (benchmarks/roadmap_input.py). `codes` are the
    capabilities in use. Returns (offering dicts, pool dicts).
    """
    requests = [
        ShortlistRequest(key=n, capability=line["capability"], ftes=line["ftes"])
        for n, line in enumerate(lines)
        if line["capability"] in codes
    ]
    offerings, pools = offering_pools.offering_pools_select(requests=requests, region_code=region_code)
    return offerings, [dataclasses.asdict(pool) for pool in pools]


def roadmap_replan_apply(
    document: Mapping[str, Any],
    *,
    gate_month_actual: int | None,
    current_month: int,
    fixed_start_months: Mapping[str, int],
) -> dict[str, Any]:
    """The engine input of a re-plan from evidence (issue 14): a copy of `document` in which

    - `parameters.gate_month_actual` is the realised gate (months; None keeps the planned gate);
    - each line id in `fixed_start_months` (an engagement already under way) keeps that start month;
    - every other IT cost area is available no earlier than `current_month` (the past cannot be planned).

    Months are programme months (0 = the plan's first month), clamped to 0 .. horizon - 1."""
    parameters = dict(document["parameters"])
    last = int(parameters["horizon_months"]) - 1
    if gate_month_actual is not None:
        parameters["gate_month_actual"] = min(max(int(gate_month_actual), 0), last + 1)
    current = min(max(int(current_month), 0), last)

    def line(data: Mapping[str, Any], *, ito: bool) -> dict[str, Any]:
        out = dict(data)
        if out["id"] in fixed_start_months:
            out["fixed_start_month"] = min(max(int(fixed_start_months[out["id"]]), 0), last)
        elif ito:
            out["available_from_month"] = max(int(out.get("available_from_month") or 0), current)
        return out

    return dict(document) | {
        "parameters": parameters,
        "it_cost_areas": [line(area, ito=True) for area in document.get("it_cost_areas", [])],
        "business_functions": [line(function, ito=False) for function in document.get("business_functions", [])],
    }


def inputs_hash_compute(document: Mapping[str, Any]) -> str:
    """sha256 of the canonical JSON of the document and the engine version.

    A new engine version gives a new hash, so its results are computed afresh rather
    than served from a row an older engine wrote.
    """
    canonical = json.dumps(
        {"engine_version": ENGINE_VERSION, "input": document},
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
