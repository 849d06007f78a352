"""Reads for the dashboards: one roadmap, the portfolio, and a comparison of two roadmaps.

Tenancy: every function that takes a user scopes by `organisations_visible_to`, and an
object the user may not see is a 404 (never a 403, so nothing leaks its existence).
Functions that take a roadmap expect one fetched that way.

A finished roadmap's result is immutable, so the shaping here is pure work on its JSON
plus a fixed number of look-ups (capability names, known provider slugs).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Case, CharField, F, OuterRef, QuerySet, Subquery, Value, When
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from assessments.engine import DEFAULT_BENCHMARKS
from assessments.models import (
    Assessment,
    AssessmentStatus,
    Decision,
    Membership,
    Organisation,
    Programme,
    Roadmap,
    RoadmapStatus,
)
from assessments.organisations.selectors import (
    organisations_visible_to,
    role_flags,
    user_is_administrator,
)
from providers.models import Benchmark

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
    # The programme under way (of the latest approved roadmap): its headline written by programme_evaluate.
    programme = Programme.objects.filter(roadmap__assessment=OuterRef("pk")).order_by("-roadmap__decided_at", "-pk")
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
            programme_id=Subquery(programme.values("pk")[:1]),
            programme_realised_fraction=Subquery(programme.values("realised_fraction_of_plan")[:1]),
            programme_gate_state=Subquery(programme.values("gate_state")[:1]),
            programme_gate_slip_months=Subquery(programme.values("gate_slip_months")[:1]),
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
