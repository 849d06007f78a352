"""The one presenter of a computed roadmap: the status page, the dashboard, the board pack, the
comparison and the exports all read a `RoadmapPresentation` built here.

- Shaping is pure (`presentation_build`: no queries), plus a fixed number of look-ups in
  `roadmap_presentation_get` (capability names, known provider slugs).
- The engine's English sentences are worded again in the reader's language from their reason
  codes and facts (assessments/roadmaps/rationale.py); the gate explanation comes from the
  engine's gate reason code and parameters when the result carries them.
- Effective parameters (what the engine used, defaults filled in) are read in one place,
  `parameter_presenter.parameters_effective`; pages never repeat a default.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assessments.engine import ENGINE_VERSION
from assessments.models import Roadmap, RoadmapStatus
from assessments.roadmaps.decision_state import roadmap_decision_state
from assessments.roadmaps.parameter_presenter import roadmap_gate_fraction
from assessments.roadmaps.rationale import delay_explanation, gate_explanation, item_rationale, shortlist_reason
from assessments.roadmaps.rationale_labels import baselines_named, suitability_format
from assessments.roadmaps.regulation_text import regulatory_condition_text
from assessments.roadmaps.risk_presenter import risk_build
from outsourcing.money import percent_format
from providers.models import Capability, Provider
from providers.units import unit_label

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
    "regulatory_condition_required": _("Regulator's condition not yet stated"),
    "success_measures_missing": _("Success measures missing"),
    "no_financial_gain": _("No financial gain: not recommended"),
    "buy_standard_service": _("Too small for a deal: buy a standard service"),
}
# The decision badge of an item: engine 2.0's `recommendation`; an indicative ITO saving is
# planned but never shown as firmly recommended (its own badge and colour).
RECOMMENDATION_LABELS: dict[str, Any] = {
    "recommended": _("Recommended"),
    "indicative": _("Indicative: not yet found"),
    "condition_required": _("Regulated: condition required"),
    "recommended_with_condition": _("Recommended with a condition"),
    "not_recommended": _("Not recommended"),
}
RECOMMENDATION_BADGES = {
    "recommended": "text-bg-success",
    "indicative": "text-bg-warning",
    "condition_required": "text-bg-warning",
    "recommended_with_condition": "text-bg-success",
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
    # Monte Carlo of the plan (engine >= 2.1 with risk_draws > 0), shaped by risk_build; else None.
    risk: dict[str, Any] | None = None

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
    def items_in_dashboard_order(self) -> list[dict[str, Any]]:
        """Every item as the dashboard lists them: planned ITO, excluded ITO, planned BPO, excluded BPO."""
        return [*self.ito_items, *self.ito_excluded, *self.bpo_items, *self.bpo_excluded]

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
                "regulatory_condition_text": regulatory_condition_text(item.get("regulatory_condition")),
                "name": capability_names.get(item["capability"], item["capability"]),
                "label": label,
                "reason_label": REASON_LABELS.get(item.get("reason_code", ""), ""),
                "class_label": SUITABILITY_CLASS_LABELS.get(item.get("suitability_class") or "", ""),
                "suitability_shown": suitability_format(item.get("suitability")),
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
        risk=risk_build(result.get("risk"), names=names_by_id, currency=result.get("currency", "")),
    )


def _capability_names(codes: set[str]) -> dict[str, str]:
    """Capability names by code in the reader's language (shipped names are in the catalogue,
    an administrator's own name reads as typed), like Capability.__str__; one query."""
    if not codes:
        return {}
    return {code: gettext(name) for code, name in Capability.objects.filter(code__in=codes).values_list("code", "name")}


def roadmap_presentation_get(*, roadmap: Roadmap) -> RoadmapPresentation | None:
    """The shaped result of a done roadmap (two queries: capability names, known providers), else None."""
    if roadmap.status != RoadmapStatus.DONE or not roadmap.result:
        return None
    result = roadmap.result
    items = result.get("items", [])
    codes = {item["capability"] for item in items}
    slugs = {entry["provider"] for item in items for entry in item.get("shortlist", [])}
    names = _capability_names(codes)
    known = set(Provider.objects.filter(slug__in=slugs).values_list("slug", flat=True)) if slugs else set()
    return presentation_build(
        result=result,
        capability_names=names,
        known_providers=known,
        gate_fraction=roadmap_gate_fraction(roadmap=roadmap),
    )


def roadmap_presentations_get(*, roadmaps: list[Roadmap]) -> list[RoadmapPresentation | None]:
    """`roadmap_presentation_get` of several roadmaps, in order, in two queries whatever their
    number (capability names and known providers of all of them at once)."""
    results = [
        roadmap.result if roadmap.status == RoadmapStatus.DONE and roadmap.result else None for roadmap in roadmaps
    ]
    items = [item for result in results if result for item in result.get("items", [])]
    codes = {item["capability"] for item in items}
    slugs = {entry["provider"] for item in items for entry in item.get("shortlist", [])}
    names = _capability_names(codes)
    known = set(Provider.objects.filter(slug__in=slugs).values_list("slug", flat=True)) if slugs else set()
    return [
        None
        if result is None
        else presentation_build(
            result=result,
            capability_names=names,
            known_providers=known,
            gate_fraction=roadmap_gate_fraction(roadmap=roadmap),
        )
        for roadmap, result in zip(roadmaps, results, strict=True)
    ]


def roadmap_summary(*, roadmap: Roadmap) -> RoadmapPresentation | None:
    """The status page's summary: the same presentation as the dashboard's (None until done)."""
    return roadmap_presentation_get(roadmap=roadmap)


def roadmap_decision_code(*, roadmap: Roadmap) -> str:
    """ "approved", "rejected", "pending" or "not_chosen" (another roadmap of the assessment was
    approved) for a roadmap fetched through `access.roadmap_by_id` (annotated; no query)."""
    return roadmap_decision_state(roadmap=roadmap).code
