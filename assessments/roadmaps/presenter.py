"""The one presenter of a computed roadmap: the status page, the dashboard, the board pack, the
comparison and the exports all read a `RoadmapPresentation` built here.

- Shaping is pure (`presentation_build`: no queries), plus a fixed number of look-ups in
  `roadmap_presentation_get` (capability names, known provider slugs).
- The engine's English sentences are worded again in the reader's language from their reason
  codes and facts (assessments/roadmaps/rationale.py); the gate explanation comes from the
  engine's gate reason code and parameters when the result carries them.
- Effective parameters (what the engine used, defaults filled in) are read in one place,
  `parameters_effective`; pages never repeat a default.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assessments.capture.selectors import COST_PARAMETER_FIELDS
from assessments.engine import ENGINE_VERSION, PARAMETER_SOURCES, Parameters
from assessments.models import Assessment, Roadmap, RoadmapStatus
from assessments.roadmaps.rationale import (
    baselines_named,
    delay_explanation,
    gate_explanation,
    item_rationale,
    shortlist_reason,
    unit_label,
)
from outsourcing.money import percent_format
from providers.models import Capability, Provider

KPI_KEYS = ("run_rate_ito", "run_rate_bpo", "npv", "payback_month", "peak_investment")
BANDS = ("low", "typical", "high")

KPI_LABELS: dict[str, Any] = {
    "run_rate_ito": _("ITO savings run-rate"),
    "run_rate_bpo": _("BPO benefit run-rate"),
    "npv": _("Net present value"),
    "payback_month": _("Payback month"),
    "peak_investment": _("Peak investment"),
}
KPI_HELP: dict[str, Any] = {
    "run_rate_ito": _("Yearly IT cost savings once every recommended ITO engagement delivers."),
    "run_rate_bpo": _("Yearly operational benefit of the BPO phase after provider fees and governance."),
    "npv": _("All savings, benefits and one-off costs over the horizon, discounted to today."),
    "payback_month": _(
        "First month from which the cumulative cash flow stays at or above zero (month 0 is the first month)."
    ),
    "peak_investment": _("The deepest point of the cumulative cash flow: the most money at risk at any time."),
}
# Lower is better for these; the comparison colours deltas accordingly.
LOWER_IS_BETTER = frozenset({"payback_month", "peak_investment"})

REASON_LABELS: dict[str, Any] = {
    "ito_savings_found": _("Savings found: recommended for ITO"),
    "ito_savings_indicative": _("Savings not yet found: benchmark this area"),
    "no_material_savings": _("No material savings: not recommended"),
    "no_payback_within_plan": _("Does not pay back within the plan"),
    "no_slot_within_plan": _("No free slot within the plan"),
    "zero_cost": _("No cost recorded"),
    "horizon_too_short": _("Horizon too short"),
    "bpo_efficiency_pays": _("Better processes pay: recommended for BPO"),
    "not_suitable": _("Not suitable for BPO"),
    "success_measures_missing": _("Success measures missing"),
    "no_financial_gain": _("No financial gain: not recommended"),
    "buy_standard_service": _("Too small for a deal: buy a standard service"),
}
# The decision badge of an item: engine 2.0's `recommendation`; an indicative ITO saving is
# planned but never shown as firmly recommended (its own badge and colour).
RECOMMENDATION_LABELS: dict[str, Any] = {
    "recommended": _("Recommended"),
    "indicative": _("Indicative: not yet found"),
    "not_recommended": _("Not recommended"),
}
RECOMMENDATION_BADGES = {
    "recommended": "text-bg-success",
    "indicative": "text-bg-warning",
    "not_recommended": "text-bg-secondary",
}
SAVINGS_BASIS_LABELS: dict[str, Any] = {
    "found": _("found"),
    "indicative": _("indicative"),
}
SCHEDULE_METHOD_LABELS: dict[str, Any] = {
    "none": _("nothing to schedule"),
    "earliest_start": _("every item at its earliest start"),
    "milp": _("HiGHS MILP"),
    "heuristic": _("list heuristic (largest value first)"),
}
SCHEDULE_STATUS_LABELS: dict[str, Any] = {
    "optimal": _("optimal"),
    "time_limit": _("stopped at the time limit"),
    "heuristic": _("not proven optimal"),
}
SUITABILITY_CLASS_LABELS: dict[str, Any] = {
    "probable": _("probable"),
    "possible": _("possible"),
    "unlikely": _("unlikely"),
}
BAND_LABELS: dict[str, Any] = {"low": _("low"), "typical": _("typical"), "high": _("high")}

PARAMETER_LABELS: dict[str, Any] = {
    "horizon_months": _("Planning horizon (months)"),
    "discount_rate": _("Discount rate (annual)"),
    "gate_fraction": _("BPO gate: share of planned ITO savings realised"),
    "max_parallel_ito": _("Parallel ITO engagements"),
    "max_parallel_bpo": _("Parallel BPO transitions"),
    "materiality_threshold": _("Materiality threshold for ITO savings"),
    "materiality_min_savings": _("Smallest material ITO saving (a year)"),
    "savings_band": _("Benchmark band of the base case"),
    "selection_cost_fraction": _("Provider selection cost (share of annual price)"),
    "governance_fraction": _("Retained governance (share of contract value)"),
    "ito_valuation_months": _("ITO valuation term (months)"),
    "bpo_contract_months": _("BPO contract term (months)"),
    "retained_fte_fraction": _("Retained organisation (share of a function's FTEs)"),
    "solver_time_limit_seconds": _("Schedule solver time limit (seconds)"),
    "region": _("Region"),
    "currency": _("Currency"),
    # Costs of the business case (engine/costs.py): the assessment form's own labels.
    **{name: capfirst(Assessment._meta.get_field(name).verbose_name) for name in COST_PARAMETER_FIELDS},
}
# The named cost columns of the monthly cash flow (engine/costs.py COST_COLUMNS), in that order.
# "indexation" is a benefit (signed); the others are costs.
COST_COLUMN_LABELS: dict[str, Any] = {
    "severance": _("Severance"),
    "governance": _("Retained organisation"),
    "termination_fees": _("Termination fees"),
    "stranded_costs": _("Stranded costs"),
    "dual_running": _("Dual running"),
    "indexation": _("Indexation (wages less provider price)"),
    "savings_erosion": _("ITO savings erosion"),
    "fx": _("Currency (FX)"),
    "vat": _("Irrecoverable VAT"),
}
PERCENT_PARAMETERS = frozenset(
    {
        "discount_rate",
        "gate_fraction",
        "materiality_threshold",
        "selection_cost_fraction",
        "governance_fraction",
        "retained_fte_fraction",
        # Cost shares and annual rates of the business case.
        "wage_share",
        "staff_transfer_fraction",
        "governance_fraction_ito",
        "stranded_cost_fraction",
        "wage_growth",
        "provider_indexation",
        "ito_erosion_rate",
        "provider_currency_share",
        "fx_depreciation",
        "vat_rate",
        "vat_recoverable_fraction",
    }
)
# Parameter names of engine 1.x inputs, read under their 2.0 names.
LEGACY_PARAMETER_NAMES = {"selection_cost_pct": "selection_cost_fraction", "governance_pct": "governance_fraction"}


def _renamed(parameters: dict[str, Any]) -> dict[str, Any]:
    return {LEGACY_PARAMETER_NAMES.get(key, key): value for key, value in parameters.items()}


def roadmap_parameters_stored(*, roadmap: Roadmap) -> dict[str, Any]:
    """The parameters in the roadmap's stored engine input (one query, without the rest of the input)."""
    stored = Roadmap.objects.filter(pk=roadmap.pk).values_list("inputs__parameters", flat=True).first()
    return dict(stored or {})


def parameters_effective(stored: dict[str, Any], *, result: dict[str, Any] | None = None) -> dict[str, Any]:
    """What the engine actually used: the result's `effective_parameters` when the engine reports
    them, else the stored parameters over the engine's defaults."""
    reported = _renamed((result or {}).get("effective_parameters") or {})
    defaults = _renamed({f.name: f.default for f in fields(Parameters) if f.name not in ("region", "currency")})
    stored = _renamed(dict(stored))
    if reported:
        return defaults | stored | {k: v for k, v in reported.items() if k not in ("region", "currency")}
    return defaults | stored


def roadmap_gate_fraction(*, roadmap: Roadmap) -> float:
    """The gate fraction the roadmap was computed with (no query): the engine's report when the result
    carries it, else a scenario's override, else the assessment's."""
    reported = ((roadmap.result or {}) if "result" not in roadmap.get_deferred_fields() else {}).get(
        "effective_parameters"
    ) or {}
    if "gate_fraction" in reported:
        return float(reported["gate_fraction"])
    return float((roadmap.parameter_overrides or {}).get("gate_fraction", roadmap.assessment.gate_fraction))


# The engine documents these defaults in its schema rather than in PARAMETER_SOURCES.
EXTRA_PARAMETER_SOURCES: dict[str, Any] = {
    "savings_band": _(
        "The typical value of each published benchmark band; the low and high ends give the ranges shown "
        "with the key figures."
    ),
}

ORIGIN_LABELS: dict[str, Any] = {
    "scenario": _("changed in this scenario"),
    "assessment": _("set in the assessment"),
    "default": _("engine default"),
}


def parameter_rows(
    parameters: dict[str, Any],
    *,
    stored: set[str] | frozenset[str] = frozenset(),
    overridden: set[str] | frozenset[str] = frozenset(),
    with_context: bool = False,
) -> list[dict[str, Any]]:
    """Parameters with label, shown value, who set it and the basis of its default, in a stable order.

    Region and currency are context rather than assumptions; pages show them in the header
    and leave them out here unless `with_context`.
    """
    rows = []
    for key, label in PARAMETER_LABELS.items():
        if key not in parameters or (key in ("region", "currency") and not with_context):
            continue
        value = parameters[key]
        if key in PERCENT_PARAMETERS and value is not None:
            shown = f"{float(value) * 100:g} %"
        elif key == "savings_band":
            shown = str(BAND_LABELS.get(value, value))
        else:
            shown = str(value)
        legacy = {old for old, new in LEGACY_PARAMETER_NAMES.items() if new == key}
        origin = (
            "scenario"
            if key in overridden or legacy & set(overridden)
            else "assessment"
            if key in stored or legacy & set(stored)
            else "default"
        )
        rows.append(
            {
                "key": key,
                "label": label,
                "value": value,
                "shown": shown,
                "origin": origin,
                "origin_label": ORIGIN_LABELS[origin],
                "source": PARAMETER_SOURCES.get(key) or EXTRA_PARAMETER_SOURCES.get(key, ""),
            }
        )
    return rows


# --- One roadmap --------------------------------------------------------------------


def _provider_url(slug: str) -> str | None:
    try:
        return reverse("providers:provider_detail", kwargs={"slug": slug})
    except NoReverseMatch:
        return None


@dataclass
class RoadmapPresentation:
    """A done roadmap's result shaped for the dashboard, board pack and exports."""

    currency: str
    gate_month: int | None
    gate_reason: str
    horizon_months: int
    phases: list[dict[str, Any]]
    items: list[dict[str, Any]]
    cash_flow: list[dict[str, Any]]
    kpis: dict[str, Any]
    scenarios: dict[str, dict[str, Any]]
    kpi_cards: list[dict[str, Any]]
    suitability_weights: dict[str, Any]
    engine_version: str
    gate_reason_code: str = ""
    npv_valuation: float | None = None
    effective_parameters: dict[str, Any] = field(default_factory=dict)
    schedule: list[dict[str, Any]] = field(default_factory=list)
    ito_items: list[dict[str, Any]] = field(default_factory=list)
    bpo_items: list[dict[str, Any]] = field(default_factory=list)
    excluded_items: list[dict[str, Any]] = field(default_factory=list)

    @property
    def engine_outdated(self) -> bool:
        """Computed by another engine than the one running now: offer to recompute."""
        return bool(self.engine_version) and self.engine_version != ENGINE_VERSION

    @property
    def current_engine_version(self) -> str:
        return ENGINE_VERSION

    @property
    def included_count(self) -> int:
        return len(self.ito_items) + len(self.bpo_items)

    @property
    def ito_candidates(self) -> list[dict[str, Any]]:
        return [item for item in self.items if item["kind"] == "ITO"]

    @property
    def bpo_candidates(self) -> list[dict[str, Any]]:
        return [item for item in self.items if item["kind"] == "BPO"]

    @property
    def ito_indicative(self) -> list[dict[str, Any]]:
        """Planned ITO items whose saving is only indicative (not yet found)."""
        return [item for item in self.ito_items if item["recommendation"] == "indicative"]

    @property
    def ito_excluded(self) -> list[dict[str, Any]]:
        return [item for item in self.excluded_items if item["kind"] == "ITO"]

    @property
    def bpo_excluded(self) -> list[dict[str, Any]]:
        return [item for item in self.excluded_items if item["kind"] == "BPO"]

    @property
    def cash_flow_columns(self) -> list[tuple[str, Any]]:
        """(key, label) of the cash-flow table: gross savings and benefit, one-offs, each named cost, net."""
        return [
            ("ito_savings", _("ITO savings")),
            ("bpo_benefit", _("BPO benefit")),
            ("one_off_costs", _("One-off costs")),
            *COST_COLUMN_LABELS.items(),
            ("net", _("Net")),
        ]

    @property
    def cash_flow_by_year(self) -> list[dict[str, Any]]:
        """The monthly cash flow summed per plan year (year 1 = months 0-11): one dict per year with
        "year", every key of `cash_flow_columns` (money; 0 for a column a stored roadmap lacks) and
        "cells", the same values in column order."""
        keys = [key for key, _label in self.cash_flow_columns]
        years: dict[int, dict[str, Any]] = {}
        for row in self.cash_flow:
            year = int(row["month"]) // 12 + 1
            total = years.setdefault(year, {"year": year, **dict.fromkeys(keys, 0.0)})
            for key in keys:
                total[key] += float(row.get(key) or 0)
        for total in years.values():
            total["cells"] = [total[key] for key in keys]  # column order, for the template
        return [years[year] for year in sorted(years)]

    @property
    def payback_point(self) -> dict[str, Any] | None:
        month = self.kpis.get("payback_month")
        if month is None:
            return None
        for row in self.cash_flow:
            if row["month"] == month:
                return row
        return None


def _labels(items: list[dict[str, Any]], names: dict[str, str]) -> list[str]:
    """Display names, numbered where one capability appears more than once (two storage areas)."""
    totals = Counter(item["capability"] for item in items)
    seen: Counter[str] = Counter()
    labels = []
    for item in items:
        code = item["capability"]
        seen[code] += 1
        name = names.get(code, code)
        labels.append(f"{name} ({seen[code]})" if totals[code] > 1 else name)
    return labels


def _kpi_cards(kpis: dict[str, Any], scenarios: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    cards = []
    for key in KPI_KEYS:
        cards.append(
            {
                "key": key,
                "label": KPI_LABELS[key],
                "help": KPI_HELP[key],
                "value": kpis.get(key),
                "low": scenarios.get("low", {}).get(key),
                "typical": scenarios.get("typical", {}).get(key),
                "high": scenarios.get("high", {}).get(key),
                "is_month": key == "payback_month",
            }
        )
    return cards


def _evidence(params: dict[str, Any], *, currency: str) -> dict[str, Any] | None:
    """The facts behind a found ITO saving (unit cost against the market, over the volume); None else."""
    if params.get("savings_basis") != "found":
        return None
    return {
        "unit_cost": params.get("unit_cost"),
        "market_unit_cost": params.get("market_unit_cost"),
        "volume": params.get("volume"),
        "unit": unit_label(params.get("unit_of_measure")),
        "currency": currency,
    }


def schedule_rows(schedule: dict[str, Any]) -> list[dict[str, Any]]:
    """How each kind's start months were chosen, worded for the assumptions: method, status, gap."""
    rows = []
    for kind in ("ITO", "BPO"):
        run = schedule.get(kind)
        if not run:
            continue
        gap = run.get("gap")
        rows.append(
            {
                "kind": kind,
                "method": run.get("method", ""),
                "method_label": SCHEDULE_METHOD_LABELS.get(run.get("method", ""), run.get("method", "")),
                "status": run.get("status", ""),
                "status_label": SCHEDULE_STATUS_LABELS.get(run.get("status", ""), run.get("status", "")),
                "gap": gap,
                "gap_shown": percent_format(gap, decimals=0 if not gap else 2) if gap is not None else "–",
                "seconds": run.get("seconds"),
                "candidates": run.get("candidates"),
            }
        )
    return rows


def presentation_build(
    *,
    result: dict[str, Any],
    capability_names: dict[str, str],
    known_providers: set[str],
    gate_fraction: float | None = None,
) -> RoadmapPresentation:
    """Shape an engine result (pure: no queries, so exports and tests can call it directly).

    The engine's English sentences are rewritten in the active language from their
    reason codes and facts (assessments.roadmaps.rationale); capability names are translated.
    """
    currency = result.get("currency", "")
    capability_names = {code: gettext(name) for code, name in capability_names.items()}
    raw_items = list(result.get("items", []))
    labels = _labels(raw_items, capability_names)
    names_by_id = {item["id"]: label for item, label in zip(raw_items, labels, strict=True)}
    items: list[dict[str, Any]] = []
    for item, label in zip(raw_items, labels, strict=True):
        shortlist = [
            entry
            | {
                "closeness": entry.get("closeness", entry.get("score")),
                "url": _provider_url(entry["provider"]) if entry["provider"] in known_providers else None,
                "reason": shortlist_reason(entry, rank=rank),
            }
            for rank, entry in enumerate(item.get("shortlist", []), start=1)
        ]
        recommendation = item.get("recommendation") or ("recommended" if item.get("included") else "not_recommended")
        params = item.get("reason_params") or {}
        items.append(
            item
            | {
                "savings_fraction": item.get("savings_fraction", item.get("savings_pct")),
                "recommendation": recommendation,
                "recommendation_label": RECOMMENDATION_LABELS.get(recommendation, ""),
                "recommendation_badge": RECOMMENDATION_BADGES.get(recommendation, "text-bg-secondary"),
                "savings_basis": item.get("savings_basis"),
                "basis_label": SAVINGS_BASIS_LABELS.get(item.get("savings_basis") or "", ""),
                "evidence": _evidence(params, currency=currency),
                "delay": delay_explanation(item, names=names_by_id),
                "rationale": item_rationale(item, currency=currency, names=names_by_id),
                "name": capability_names.get(item["capability"], item["capability"]),
                "label": label,
                "reason_label": REASON_LABELS.get(item.get("reason_code", ""), ""),
                "class_label": SUITABILITY_CLASS_LABELS.get(item.get("suitability_class") or "", ""),
                "missing_baselines": baselines_named((item.get("kpis") or {}).get("missing_baselines")),
                "shortlist": shortlist,
            }
        )
    ito = sorted(
        (i for i in items if i["kind"] == "ITO" and i["included"]),
        key=lambda i: (i["start_month"] if i["start_month"] is not None else 10**6, i["label"]),
    )
    bpo = sorted(
        (i for i in items if i["kind"] == "BPO" and i["included"]),
        key=lambda i: (i["start_month"] if i["start_month"] is not None else 10**6, i["label"]),
    )
    excluded = [i for i in items if not i["included"]]
    cash_flow = list(result.get("cash_flow", []))
    scenarios = dict(result.get("scenarios", {}))
    kpis = dict(result.get("kpis", {}))
    return RoadmapPresentation(
        currency=result.get("currency", ""),
        gate_month=result.get("gate_month"),
        gate_reason=gate_explanation(result, gate_fraction=gate_fraction),
        horizon_months=len(cash_flow),
        phases=list(result.get("phases", [])),
        items=items,
        cash_flow=cash_flow,
        kpis=kpis,
        scenarios=scenarios,
        kpi_cards=_kpi_cards(kpis, scenarios),
        suitability_weights=dict(result.get("suitability_weights", {})),
        engine_version=result.get("engine_version", ""),
        gate_reason_code=result.get("gate_reason_code", ""),
        npv_valuation=kpis.get("npv_valuation"),
        effective_parameters=dict(result.get("effective_parameters") or {}),
        schedule=schedule_rows(result.get("schedule") or {}),
        ito_items=ito,
        bpo_items=bpo,
        excluded_items=excluded,
    )


def roadmap_presentation_get(*, roadmap: Roadmap) -> RoadmapPresentation | None:
    """The shaped result of a done roadmap (two queries: capability names, known providers), else None."""
    if roadmap.status != RoadmapStatus.DONE or not roadmap.result:
        return None
    result = roadmap.result
    items = result.get("items", [])
    codes = {item["capability"] for item in items}
    slugs = {entry["provider"] for item in items for entry in item.get("shortlist", [])}
    names = dict(Capability.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
    known = set(Provider.objects.filter(slug__in=slugs).values_list("slug", flat=True)) if slugs else set()
    return presentation_build(
        result=result,
        capability_names=names,
        known_providers=known,
        gate_fraction=roadmap_gate_fraction(roadmap=roadmap),
    )


def roadmap_summary(*, roadmap: Roadmap) -> RoadmapPresentation | None:
    """The status page's summary: the same presentation as the dashboard's (None until done)."""
    return roadmap_presentation_get(roadmap=roadmap)
