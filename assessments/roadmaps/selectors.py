"""Reads for the dashboards: one roadmap, the portfolio, and a comparison of two roadmaps.

Tenancy: every function that takes a user scopes by `organisations_visible_to`, and an
object the user may not see is a 404 (never a 403, so nothing leaks its existence).
Functions that take a roadmap expect one fetched that way.

A finished roadmap's result is immutable, so the shaping here is pure work on its JSON
plus a fixed number of look-ups (capability names, known provider slugs).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field, fields
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Case, CharField, F, OuterRef, QuerySet, Subquery, Value, When
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assessments.engine import DEFAULT_BENCHMARKS, PARAMETER_SOURCES, Parameters
from assessments.models import (
    Assessment,
    AssessmentStatus,
    Decision,
    Membership,
    Organisation,
    Roadmap,
    RoadmapStatus,
)
from assessments.organisations.selectors import (
    organisations_visible_to,
    role_flags,
    user_is_administrator,
)
from assessments.roadmaps.pipeline_selectors import roadmap_gate_fraction
from assessments.roadmaps.rationale import gate_explanation, item_rationale, shortlist_reason
from providers.models import Benchmark, Capability, Provider

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
    "no_material_savings": _("No material savings: not recommended"),
    "outside_horizon": _("Would start after the planning horizon"),
    "bpo_efficiency_pays": _("Better processes pay: recommended for BPO"),
    "not_suitable": _("Not suitable for BPO"),
    "no_financial_gain": _("No financial gain: not recommended"),
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
    "savings_band": _("Benchmark band of the base case"),
    "selection_cost_pct": _("Provider selection cost (share of annual price)"),
    "governance_pct": _("Retained governance (share of contract value)"),
    "region": _("Region"),
    "currency": _("Currency"),
}
PERCENT_PARAMETERS = frozenset(
    {"discount_rate", "gate_fraction", "materiality_threshold", "selection_cost_pct", "governance_pct"}
)
BENCHMARK_FIELDS = (
    "savings_low",
    "savings_typical",
    "savings_high",
    "transition_months",
    "transition_cost_pct",
    "engagement_months",
    "ramp_months",
)
_BENCHMARK_SOURCE_COLUMNS = {
    "savings_low": "savings_source",
    "savings_typical": "savings_source",
    "savings_high": "savings_source",
    "transition_months": "transition_months_source",
    "transition_cost_pct": "transition_cost_source",
    "engagement_months": "duration_source",
    "ramp_months": "duration_source",
}


def roadmap_inputs_get(*, roadmap: Roadmap) -> dict[str, Any]:
    """The engine input the roadmap was computed from (one query; it is left out of the page's fetch)."""
    inputs = Roadmap.objects.filter(pk=roadmap.pk).values_list("inputs", flat=True).first()
    return inputs or {}


def roadmap_parameters_stored(*, roadmap: Roadmap) -> dict[str, Any]:
    """The parameters in the roadmap's stored engine input (one query, without the rest of the input)."""
    stored = Roadmap.objects.filter(pk=roadmap.pk).values_list("inputs__parameters", flat=True).first()
    return dict(stored or {})


def parameters_effective(stored: dict[str, Any]) -> dict[str, Any]:
    """Stored parameters over the engine's defaults: what the engine actually used."""
    defaults = {f.name: f.default for f in fields(Parameters) if f.name not in ("region", "currency")}
    return defaults | dict(stored)


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
        origin = "scenario" if key in overridden else "assessment" if key in stored else "default"
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
class RoadmapView:
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
    ito_items: list[dict[str, Any]] = field(default_factory=list)
    bpo_items: list[dict[str, Any]] = field(default_factory=list)
    excluded_items: list[dict[str, Any]] = field(default_factory=list)

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
    def ito_excluded(self) -> list[dict[str, Any]]:
        return [item for item in self.excluded_items if item["kind"] == "ITO"]

    @property
    def bpo_excluded(self) -> list[dict[str, Any]]:
        return [item for item in self.excluded_items if item["kind"] == "BPO"]

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


def roadmap_view_build(
    *,
    result: dict[str, Any],
    capability_names: dict[str, str],
    known_providers: set[str],
    gate_fraction: float | None = None,
) -> RoadmapView:
    """Shape an engine result (pure: no queries, so exports and tests can call it directly).

    The engine's English sentences are rewritten in the active language from their
    reason codes and facts (assessments.roadmaps.rationale); capability names are translated.
    """
    currency = result.get("currency", "")
    capability_names = {code: gettext(name) for code, name in capability_names.items()}
    raw_items = list(result.get("items", []))
    labels = _labels(raw_items, capability_names)
    items: list[dict[str, Any]] = []
    for item, label in zip(raw_items, labels, strict=True):
        shortlist = [
            entry
            | {
                "url": _provider_url(entry["provider"]) if entry["provider"] in known_providers else None,
                "reason": shortlist_reason(entry, rank=rank),
            }
            for rank, entry in enumerate(item.get("shortlist", []), start=1)
        ]
        items.append(
            item
            | {
                "rationale": item_rationale(item, currency=currency),
                "name": capability_names.get(item["capability"], item["capability"]),
                "label": label,
                "reason_label": REASON_LABELS.get(item.get("reason_code", ""), ""),
                "class_label": SUITABILITY_CLASS_LABELS.get(item.get("suitability_class") or "", ""),
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
    return RoadmapView(
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
        ito_items=ito,
        bpo_items=bpo,
        excluded_items=excluded,
    )


def roadmap_view_get(*, roadmap: Roadmap) -> RoadmapView | None:
    """The shaped result of a done roadmap (two queries: capability names, known providers), else None."""
    if roadmap.status != RoadmapStatus.DONE or not roadmap.result:
        return None
    result = roadmap.result
    items = result.get("items", [])
    codes = {item["capability"] for item in items}
    slugs = {entry["provider"] for item in items for entry in item.get("shortlist", [])}
    names = dict(Capability.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
    known = set(Provider.objects.filter(slug__in=slugs).values_list("slug", flat=True)) if slugs else set()
    return roadmap_view_build(
        result=result,
        capability_names=names,
        known_providers=known,
        gate_fraction=roadmap_gate_fraction(roadmap=roadmap),
    )


# What the dashboard's live parts (header, decision, list of other roadmaps) read; the
# rest of the page is rendered from the result once and cached.
_PAGE_FIELDS = (
    "id",
    "assessment_id",
    "name",
    "status",
    "parameter_overrides",
    "decision",
    "decision_comment",
    "decided_at",
    "decided_by",
    "finished_at",
    "requested_at",
    "npv",
    "payback_month",
    "assessment__id",
    "assessment__title",
    "assessment__version",
    "assessment__currency",
    "assessment__status",
    "assessment__organisation",
    "assessment__organisation__id",
    "assessment__organisation__name",
    "decided_by__id",
    "decided_by__username",
    "decided_by__first_name",
    "decided_by__last_name",
)
RELATED_LIMIT = 50


@dataclass(frozen=True)
class DashboardState:
    """What the dashboard's live parts depend on, read in one cheap query (tuples, no models)."""

    roadmap_id: int
    status: str
    assessment_title: str
    role: str | None
    rows: tuple[tuple[Any, ...], ...]
    # The navigation's flags, as `user_role_flags` gives them.
    nav: dict[str, bool] = field(default_factory=dict)
    finished_at: Any = None

    @property
    def digest(self) -> str:
        return hashlib.sha256(repr((self.rows, self.role)).encode()).hexdigest()[:32]


def dashboard_state_get(*, user: AbstractBaseUser, pk: int) -> DashboardState:
    """The state of the roadmap's assessment as the dashboard shows it, or 404.

    Two simple queries (the user's memberships, and the assessment's roadmaps as tuples) so a
    page served from the cache stays cheap. Tenancy is the rule of `organisations_visible_to`:
    a membership of the organisation, or staff.
    """
    memberships = dict(Membership.objects.filter(user_id=user.pk).values_list("organisation_id", "role"))
    rows = tuple(
        Roadmap.objects.filter(assessment__roadmaps__pk=pk)
        .order_by("-requested_at", "-pk")
        .values_list(
            "pk",
            "status",
            "name",
            "decision",
            "decision_comment",
            "decided_at",
            "decided_by_id",
            "npv",
            "payback_month",
            "requested_at",
            "finished_at",
            "assessment__organisation_id",
            "assessment__title",
        )
    )
    current = next((row for row in rows if row[0] == pk), None)
    administrator = user_is_administrator(user=user)
    role = memberships.get(current[11]) if current is not None else None
    if current is None or (role is None and not administrator):
        raise Http404("No such roadmap.")
    roles = set(memberships.values())
    return DashboardState(
        roadmap_id=pk,
        status=current[1],
        assessment_title=current[12],
        role=role,
        rows=tuple(row[:11] for row in rows),
        finished_at=current[10],
        nav=role_flags(roles=roles, is_administrator=administrator),
    )


def dashboard_roadmaps_get(*, user: AbstractBaseUser, pk: int) -> tuple[Roadmap, list[Roadmap]]:
    """The roadmap and the other roadmaps of its assessment (newest first), in one query, or 404.

    Each row carries `viewer_role`, the user's membership role in the organisation (None for
    an administrator without membership), so the page needs no query of its own for access.
    Large columns (result, inputs) are left out and load on first access.
    """
    assessment_of = Roadmap.objects.filter(pk=pk).values("assessment_id")
    role = Membership.objects.filter(user_id=user.pk, organisation_id=OuterRef("assessment__organisation_id"))
    rows = list(
        Roadmap.objects.filter(
            assessment_id__in=Subquery(assessment_of),
            assessment__organisation__in=organisations_visible_to(user=user),
        )
        .select_related("assessment", "assessment__organisation", "decided_by")
        .only(*_PAGE_FIELDS)
        .annotate(viewer_role=Subquery(role.values("role")[:1]))
        # The roadmap itself first, whatever the number of its siblings.
        .order_by(Case(When(pk=pk, then=Value(0)), default=Value(1)), "-requested_at", "-pk")[: RELATED_LIMIT + 1]
    )
    if not rows or rows[0].pk != pk:
        raise Http404("No such roadmap.")
    return rows[0], rows[1:]


def compare_candidates(*, user: AbstractBaseUser, organisation: Organisation) -> QuerySet[Roadmap]:
    """Done roadmaps of the organisation the user may compare, newest first, without their JSON."""
    return (
        Roadmap.objects.filter(
            assessment__organisation=organisation,
            assessment__organisation__in=organisations_visible_to(user=user),
            status=RoadmapStatus.DONE,
        )
        .select_related("assessment")
        .defer("inputs", "result")
        .order_by("-assessment__version", "name", "-requested_at")
    )


def benchmark_rows(*, inputs: dict[str, Any], capability_names: dict[str, str]) -> list[dict[str, Any]]:
    """The benchmark figures the roadmap used, each with its source.

    The figures come from the roadmap's stored input (what the engine actually used) over the
    engine's shipped defaults; the source is the administrators' Benchmark row when it exists
    (they cite what they enter), else the engine's cited default. One query.
    """
    used = {item["capability"] for item in inputs.get("it_cost_areas", [])} | {
        item["capability"] for item in inputs.get("business_functions", [])
    }
    stored = inputs.get("benchmarks") or {}
    sources = {
        row["capability__code"]: row
        for row in Benchmark.objects.filter(capability__code__in=used).values(
            "capability__code", *set(_BENCHMARK_SOURCE_COLUMNS.values())
        )
    }
    rows = []
    for code in sorted(used):
        default = DEFAULT_BENCHMARKS.get(code)
        for name in BENCHMARK_FIELDS:
            if name in stored.get(code, {}):
                value = stored[code][name]
            elif default is not None:
                value = getattr(default, name)
            else:
                continue
            source = ""
            if code in sources and name in stored.get(code, {}):
                source = sources[code][_BENCHMARK_SOURCE_COLUMNS[name]]
            if not source and default is not None:
                source = default.source_of(name)
            rows.append(
                {
                    "capability": code,
                    "name": capability_names.get(code, code),
                    "field": name,
                    "value": value,
                    "source": source,
                }
            )
    return rows


# --- Portfolio ----------------------------------------------------------------------

PORTFOLIO_SORTS: dict[str, Any] = {
    "organisation": _("Organisation"),
    "npv": _("NPV, highest first"),
    "payback": _("Payback, soonest first"),
    "run_rate_ito": _("ITO run-rate, highest first"),
    "run_rate_bpo": _("BPO run-rate, highest first"),
    "computed": _("Last computed, newest first"),
}
APPROVAL_CHOICES: dict[str, Any] = {
    "approved": _("Approved"),
    "pending": _("Awaiting decision"),
    "rejected": _("Rejected"),
    "not_computed": _("Not computed yet"),
}


def _portfolio_ordering(sort: str) -> list[Any]:
    orderings: dict[str, list[Any]] = {
        "organisation": [F("organisation__name").asc(), F("title").asc(), F("version").desc()],
        "npv": [F("latest_npv").desc(nulls_last=True)],
        "payback": [F("latest_payback").asc(nulls_last=True)],
        "run_rate_ito": [F("latest_run_rate_ito").desc(nulls_last=True)],
        "run_rate_bpo": [F("latest_run_rate_bpo").desc(nulls_last=True)],
        "computed": [F("latest_computed_at").desc(nulls_last=True)],
    }
    return [*orderings.get(sort, orderings["organisation"]), F("pk").asc()]


def portfolio_assessments(
    *,
    user: AbstractBaseUser,
    organisation: Organisation | None = None,
    status: str = "",
    approval: str = "",
    sort: str = "organisation",
) -> QuerySet[Assessment]:
    """Every assessment the user may see with the headline figures of its latest done base roadmap.

    One query whatever the number of assessments: the figures come from correlated
    subqueries on the Roadmap headline columns (never from the JSON result).
    """
    latest = Roadmap.objects.filter(assessment=OuterRef("pk"), name="", status=RoadmapStatus.DONE).order_by(
        "-requested_at", "-pk"
    )
    approved = Roadmap.objects.filter(assessment=OuterRef("pk"), decision=Decision.APPROVED).order_by("-decided_at")
    assessments = (
        Assessment.objects.filter(organisation__in=organisations_visible_to(user=user))
        .select_related("organisation")
        .only(
            "id",
            "title",
            "version",
            "status",
            "currency",
            "updated_at",
            "organisation__id",
            "organisation__name",
            "organisation__currency",
        )
        .annotate(
            latest_roadmap_id=Subquery(latest.values("pk")[:1]),
            latest_npv=Subquery(latest.values("npv")[:1]),
            latest_payback=Subquery(latest.values("payback_month")[:1]),
            latest_run_rate_ito=Subquery(latest.values("run_rate_ito")[:1]),
            latest_run_rate_bpo=Subquery(latest.values("run_rate_bpo")[:1]),
            latest_computed_at=Subquery(latest.values("finished_at")[:1]),
            latest_decision=Subquery(latest.values("decision")[:1]),
            approved_roadmap_id=Subquery(approved.values("pk")[:1]),
        )
        .annotate(
            approval=Case(
                When(approved_roadmap_id__isnull=False, then=Value("approved")),
                When(latest_roadmap_id__isnull=True, then=Value("not_computed")),
                When(latest_decision=Decision.REJECTED, then=Value("rejected")),
                default=Value("pending"),
                output_field=CharField(),
            )
        )
    )
    if organisation is not None:
        assessments = assessments.filter(organisation=organisation)
    if status in AssessmentStatus.values:
        assessments = assessments.filter(status=status)
    if approval in APPROVAL_CHOICES:
        assessments = assessments.filter(approval=approval)
    return assessments.order_by(*_portfolio_ordering(sort))


# --- Comparison ---------------------------------------------------------------------


def roadmap_pair_get(*, user: AbstractBaseUser, first_pk: int, second_pk: int) -> tuple[Roadmap, Roadmap]:
    """Two done roadmaps of one organisation the user may see (one query), or 404."""
    roadmaps = {
        roadmap.pk: roadmap
        for roadmap in Roadmap.objects.filter(
            pk__in=(first_pk, second_pk),
            assessment__organisation__in=organisations_visible_to(user=user),
        )
        .select_related("assessment", "assessment__organisation")
        .defer("inputs")
    }
    first, second = roadmaps.get(first_pk), roadmaps.get(second_pk)
    if first is None or second is None:
        raise Http404("No such roadmap.")
    if first.assessment.organisation_id != second.assessment.organisation_id:
        # Comparing across organisations would mix tenants' data on one page.
        raise Http404("The roadmaps belong to different organisations.")
    return first, second


def _phase_of(item: dict[str, Any] | None) -> str:
    if item is None:
        return "absent"
    return item["kind"] if item["included"] else "excluded"


def _match_items(
    first: RoadmapView, second: RoadmapView, *, same_assessment: bool
) -> list[tuple[dict[str, Any] | None, dict[str, Any] | None]]:
    """Pairs of the same line in both roadmaps.

    Within one assessment item ids are the line ids. Across versions lines are copied with
    new ids, so they are matched by kind, capability and order of appearance.
    """

    def key_of(items: list[dict[str, Any]]) -> dict[Any, dict[str, Any]]:
        if same_assessment:
            return {item["id"]: item for item in items}
        seen: Counter[tuple[str, str]] = Counter()
        keyed = {}
        for item in items:
            pair = (item["kind"], item["capability"])
            seen[pair] += 1
            keyed[(*pair, seen[pair])] = item
        return keyed

    left, right = key_of(first.items), key_of(second.items)
    keys = list(left) + [key for key in right if key not in left]
    return [(left.get(key), right.get(key)) for key in keys]


PHASE_LABELS: dict[str, Any] = {
    "ITO": _("ITO phase"),
    "BPO": _("BPO phase"),
    "excluded": _("not recommended"),
    "absent": _("not in this roadmap"),
}


@dataclass
class Comparison:
    first: Roadmap
    second: Roadmap
    first_view: RoadmapView
    second_view: RoadmapView
    kpi_rows: list[dict[str, Any]]
    parameter_rows: list[dict[str, Any]]
    moved_items: list[dict[str, Any]]
    unchanged_count: int
    shortlist_changes: list[dict[str, Any]]
    same_currency: bool


def _delta(first: Any, second: Any) -> Any:
    if first is None or second is None:
        return None
    return second - first


def roadmap_compare(
    *,
    first: Roadmap,
    second: Roadmap,
    first_view: RoadmapView,
    second_view: RoadmapView,
    first_parameters: dict[str, Any],
    second_parameters: dict[str, Any],
) -> Comparison:
    """KPI deltas, parameter differences, items that moved phase or month, changed shortlists (pure)."""
    kpi_rows = []
    for key in KPI_KEYS:
        a, b = first_view.kpis.get(key), second_view.kpis.get(key)
        delta = _delta(a, b)
        better = None
        if delta not in (None, 0):
            better = (delta < 0) if key in LOWER_IS_BETTER else (delta > 0)
        kpi_rows.append(
            {
                "key": key,
                "label": KPI_LABELS[key],
                "first": a,
                "second": b,
                "delta": delta,
                "better": better,
                "is_month": key == "payback_month",
            }
        )
    kpi_rows.append(
        {
            "key": "gate_month",
            "label": _("BPO gate month"),
            "first": first_view.gate_month,
            "second": second_view.gate_month,
            "delta": _delta(first_view.gate_month, second_view.gate_month),
            "better": None,
            "is_month": True,
        }
    )
    parameters = []
    second_rows = {row["key"]: row for row in parameter_rows(second_parameters)}
    for row_a in parameter_rows(first_parameters):
        row_b = second_rows.get(row_a["key"])
        parameters.append(
            {
                "label": row_a["label"],
                "first": row_a["shown"],
                "second": row_b["shown"] if row_b else "–",
                "changed": row_b is None or row_b["value"] != row_a["value"],
            }
        )
    moved: list[dict[str, Any]] = []
    shortlist_changes: list[dict[str, Any]] = []
    unchanged = 0
    same_assessment = first.assessment_id == second.assessment_id
    for a, b in _match_items(first_view, second_view, same_assessment=same_assessment):
        label = (a or b)["label"]
        phase_a, phase_b = _phase_of(a), _phase_of(b)
        months = ("start_month", "savings_from_month", "exit_month")
        months_a = {m: (a or {}).get(m) for m in months}
        months_b = {m: (b or {}).get(m) for m in months}
        if phase_a != phase_b or months_a != months_b:
            moved.append(
                {
                    "label": label,
                    "kind": (a or b)["kind"],
                    "first_phase": PHASE_LABELS[phase_a],
                    "second_phase": PHASE_LABELS[phase_b],
                    "phase_changed": phase_a != phase_b,
                    "first": months_a,
                    "second": months_b,
                    "start_shift": _delta(months_a["start_month"], months_b["start_month"]),
                }
            )
        else:
            unchanged += 1
        providers_a = [e["provider_name"] for e in (a or {}).get("shortlist", [])]
        providers_b = [e["provider_name"] for e in (b or {}).get("shortlist", [])]
        if providers_a != providers_b:
            shortlist_changes.append(
                {
                    "label": label,
                    "first": (a or {}).get("shortlist", []),
                    "second": (b or {}).get("shortlist", []),
                    "added": [name for name in providers_b if name not in providers_a],
                    "removed": [name for name in providers_a if name not in providers_b],
                }
            )
    return Comparison(
        first=first,
        second=second,
        first_view=first_view,
        second_view=second_view,
        kpi_rows=kpi_rows,
        parameter_rows=parameters,
        moved_items=moved,
        unchanged_count=unchanged,
        shortlist_changes=shortlist_changes,
        same_currency=first_view.currency == second_view.currency,
    )


def roadmap_label(roadmap: Roadmap) -> str:
    """How a roadmap is named in pickers and comparisons: assessment, version, scenario."""
    assessment = roadmap.assessment
    base = f"{assessment.title} v{assessment.version}"
    return f"{base} · {roadmap.name}" if roadmap.name else f"{base} · {_('base roadmap')}"


def decided_by_name(roadmap: Roadmap) -> str:
    user = roadmap.decided_by
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
