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
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict

from django.contrib.auth.models import User
from django.db.models import Case, CharField, Exists, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from assessments.engine import DEFAULT_BENCHMARKS, ENGINE_VERSION
from assessments.models import (
    Assessment,
    AssessmentStatus,
    Decision,
    Membership,
    Organisation,
    Programme,
    Roadmap,
    RoadmapStatus,
    Role,
)
from assessments.organisations.selectors import (
    organisations_visible_to,
    role_flags,
    user_is_administrator,
)
from providers.models import Benchmark, Capability, Provider

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

BENCHMARK_FIELDS = (
    "savings_low",
    "savings_typical",
    "savings_high",
    "transition_months",
    "transition_cost_fraction",
    "engagement_months",
    "ramp_months",
    # ITO only (engine 2.0): the market's unit-cost band that found savings are measured against.
    "unit_of_measure",
    "market_unit_cost_low",
    "market_unit_cost_typical",
    "market_unit_cost_high",
    "market_currency",
    "market_year",
    "market_region",
)
# Input keys of roadmaps stored by engine 1.x, read under their 2.0 names.
_LEGACY_BENCHMARK_KEYS = {"transition_cost_pct": "transition_cost_fraction"}
_BENCHMARK_SOURCE_COLUMNS = {
    "savings_low": "savings_source",
    "savings_typical": "savings_source",
    "savings_high": "savings_source",
    "transition_months": "transition_months_source",
    "transition_cost_fraction": "transition_cost_source",
    "engagement_months": "duration_source",
    "ramp_months": "duration_source",
}


def roadmap_engine_outdated(*, roadmap: Roadmap) -> bool:
    """True when a computed roadmap was computed by another engine version than the one installed.

    The roadmap keeps its result and the version it was computed with; a recompute (a new
    roadmap row, since the inputs hash includes the version) offers the current one. A roadmap
    not computed yet (no version stored) is not outdated: it will be computed by this engine.
    """
    return bool(roadmap.engine_version) and roadmap.engine_version != ENGINE_VERSION


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
    # Changes whenever a name the cached fragments show may have changed (the organisation's, a
    # capability's, a provider's), so a rename shows on the next view, not after the cache expires.
    names_version: str = ""

    # The newest submitted version of the assessment when it is newer than this one (pk, version).
    superseded_by: tuple[int, int] | None = None
    # Whether the organisation has a manager: without one, the decision area says how to invite one.
    has_manager: bool = True

    @property
    def approved_sibling(self) -> tuple[int, str] | None:
        """(pk, scenario name) of another roadmap of the assessment that is approved, if any."""
        for row in self.rows:
            if row[0] != self.roadmap_id and row[3] == Decision.APPROVED:
                return row[0], row[2]
        return None

    @property
    def digest(self) -> str:
        return hashlib.sha256(
            repr((self.rows, self.role, self.superseded_by, self.names_version, self.has_manager)).encode()
        ).hexdigest()[:32]


def superseding_versions(*, lineage: Any, version: Any) -> QuerySet[Assessment]:
    """Submitted (not draft) versions of a lineage newer than `version`, newest first.

    `lineage` and `version` are values or OuterRefs; a version with any row here is superseded.
    """
    return (
        Assessment.objects.filter(lineage=lineage, version__gt=version)
        .exclude(status=AssessmentStatus.DRAFT)
        .order_by("-version")
    )


def dashboard_state_get(*, user: User, pk: int) -> DashboardState:
    """The state of the roadmap's assessment as the dashboard shows it, or 404.

    Two simple queries (the user's memberships, and the assessment's roadmaps as tuples) so a
    page served from the cache stays cheap. Tenancy is the rule of `organisations_visible_to`:
    a membership of the organisation, or staff.
    """
    memberships = dict(Membership.objects.filter(user_id=user.pk).values_list("organisation_id", "role"))
    newer = superseding_versions(lineage=OuterRef("assessment__lineage"), version=OuterRef("assessment__version"))
    capability_changed = Capability.history.model.objects.order_by("-history_date").values("history_date")[:1]
    provider_changed = Provider.objects.order_by("-updated_at").values("updated_at")[:1]
    rows = tuple(
        Roadmap.objects.filter(assessment__roadmaps__pk=pk)
        .annotate(
            superseded_by_pk=Subquery(newer.values("pk")[:1]),
            superseded_by_version=Subquery(newer.values("version")[:1]),
            capability_changed=Subquery(capability_changed),
            provider_changed=Subquery(provider_changed),
            has_manager=Exists(
                Membership.objects.filter(organisation_id=OuterRef("assessment__organisation_id"), role=Role.MANAGER)
            ),
        )
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
            "superseded_by_pk",
            "superseded_by_version",
            "assessment__organisation__name",
            "assessment__organisation__updated_at",
            "capability_changed",
            "provider_changed",
            "has_manager",
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
        superseded_by=(current[13], current[14]) if current[13] is not None else None,
        names_version=hashlib.sha256(repr(current[15:19]).encode()).hexdigest()[:16],
        has_manager=bool(current[19]),
    )


class _ViewerRole(TypedDict):
    viewer_role: str | None


def dashboard_roadmaps_get(
    *, user: User, pk: int
) -> tuple[WithAnnotations[Roadmap, _ViewerRole], list[WithAnnotations[Roadmap, _ViewerRole]]]:
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


COMPARE_START_LIMIT = 100


def compare_start_candidates(*, user: User) -> list[Roadmap]:
    """The newest computed roadmaps the user may see (at most COMPARE_START_LIMIT), without their JSON.

    One query; for the compare page opened without a roadmap, to choose the first one.
    """
    return list(
        Roadmap.objects.filter(
            assessment__organisation__in=organisations_visible_to(user=user), status=RoadmapStatus.DONE
        )
        .select_related("assessment", "assessment__organisation")
        .defer("inputs", "result")
        .order_by("-finished_at", "-pk")[:COMPARE_START_LIMIT]
    )


def compare_candidates(*, user: User, organisation: Organisation) -> QuerySet[Roadmap]:
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
    stored = {
        code: {_LEGACY_BENCHMARK_KEYS.get(key, key): value for key, value in figures.items()}
        for code, figures in (inputs.get("benchmarks") or {}).items()
    }
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
                value = getattr(default, name, None)
            else:
                continue
            if value in (None, ""):
                continue
            source = ""
            if code in sources and name in stored.get(code, {}) and name in _BENCHMARK_SOURCE_COLUMNS:
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
        "npv": [F("counting_npv").desc(nulls_last=True)],
        "payback": [F("counting_payback").asc(nulls_last=True)],
        "run_rate_ito": [F("counting_run_rate_ito").desc(nulls_last=True)],
        "run_rate_bpo": [F("counting_run_rate_bpo").desc(nulls_last=True)],
        "computed": [F("counting_computed_at").desc(nulls_last=True)],
    }
    return [*orderings.get(sort, orderings["organisation"]), F("pk").asc()]


PORTFOLIO_PAGE_SIZE = 50
_SORT_ANNOTATIONS = {
    "npv": "counting_npv",
    "payback": "counting_payback",
    "run_rate_ito": "counting_run_rate_ito",
    "run_rate_bpo": "counting_run_rate_bpo",
    "computed": "counting_computed_at",
}
PORTFOLIO_CHART_TOP = 30


def counting_roadmaps(*, assessment_ref: Any) -> QuerySet[Roadmap]:
    """The computed roadmaps of an assessment that can count for it, the one that counts first.

    The approved roadmap counts if there is one (base or scenario); otherwise the latest
    computed base roadmap. `assessment_ref` is an assessment pk or an OuterRef to one.
    """
    return (
        Roadmap.objects.filter(assessment=assessment_ref, status=RoadmapStatus.DONE)
        .filter(Q(decision=Decision.APPROVED) | Q(name=""))
        .order_by(
            Case(When(decision=Decision.APPROVED, then=Value(0)), default=Value(1)),
            F("requested_at").desc(),
            F("pk").desc(),
        )
    )


def assessment_roadmaps(*, assessment: Assessment) -> list[Roadmap]:
    """The roadmaps of an assessment for its page: the approved one first, then base, then newest.

    One query; the JSON columns are left out. The caller has authorised the assessment.
    """
    return list(
        Roadmap.objects.filter(assessment=assessment)
        .only("pk", "name", "status", "decision", "npv", "requested_at", "finished_at", "assessment_id")
        .order_by(
            Case(When(decision=Decision.APPROVED, then=Value(0)), default=Value(1)),
            Case(When(name="", then=Value(0)), default=Value(1)),
            F("requested_at").desc(),
            F("pk").desc(),
        )
    )


def portfolio_assessments(
    *,
    user: User,
    organisation: Organisation | None = None,
    status: str = "",
    approval: str = "",
    sort: str = "organisation",
    search: str = "",
    include_drafts: bool = False,
) -> QuerySet[Assessment]:
    """One row per assessment the user may see, with the figures of the roadmap that counts.

    A row is the latest submitted version of an assessment (its lineage); drafts are left
    out unless `include_drafts`, and then a row is the latest version whatever its status.
    The roadmap that counts is the approved one if any, else the latest computed base
    roadmap; its id is annotated as `counting_roadmap_id` (None when none is computed), and
    the column the sort needs as `counting_*`. `approval` filters on a key of APPROVAL_CHOICES.
    `search` matches the title or the organisation's name (case-insensitive). Pass a page of
    the rows to `portfolio_rows_complete` for their figures.

    One query whatever the number of assessments: correlated subqueries on the Roadmap
    headline columns (never the JSON result), only those the sort and filters need.
    """
    counting = counting_roadmaps(assessment_ref=OuterRef("pk"))
    visible = Assessment.objects.filter(organisation__in=organisations_visible_to(user=user))
    if not include_drafts:
        visible = visible.exclude(status=AssessmentStatus.DRAFT)
    newer = Assessment.objects.filter(lineage=OuterRef("lineage"), version__gt=OuterRef("version"))
    if not include_drafts:
        newer = newer.exclude(status=AssessmentStatus.DRAFT)
    assessments = (
        visible.filter(~Exists(newer))
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
        .annotate(counting_roadmap_id=Subquery(counting.values("pk")[:1]))
    )
    # Only the columns a sort or filter needs become subqueries: each is evaluated for every
    # assessment. The page's figures are read afterwards by `portfolio_rows_complete`.
    sort_columns = {
        "npv": "npv",
        "payback": "payback_month",
        "run_rate_ito": "run_rate_ito",
        "run_rate_bpo": "run_rate_bpo",
        "computed": "finished_at",
    }
    if sort in sort_columns:
        assessments = assessments.annotate(
            **{_SORT_ANNOTATIONS[sort]: Subquery(counting.values(sort_columns[sort])[:1])}
        )
    if approval in APPROVAL_CHOICES:
        assessments = assessments.annotate(
            counting_decision=Subquery(counting.values("decision")[:1]),
            approval=Case(
                When(counting_roadmap_id__isnull=True, then=Value("not_computed")),
                When(counting_decision=Decision.APPROVED, then=Value("approved")),
                When(counting_decision=Decision.REJECTED, then=Value("rejected")),
                default=Value("pending"),
                output_field=CharField(),
            ),
        ).filter(approval=approval)
    if organisation is not None:
        assessments = assessments.filter(organisation=organisation)
    if status in AssessmentStatus.values:
        assessments = assessments.filter(status=status)
    search = (search or "").strip()
    if search:
        assessments = assessments.filter(Q(title__icontains=search) | Q(organisation__name__icontains=search))
    return assessments.order_by(*_portfolio_ordering(sort))


def portfolio_rows_complete(*, rows: list[Assessment]) -> list[Assessment]:
    """Set the figures of the roadmap that counts on a page of `portfolio_assessments` rows.

    One query for the page. Each row gains `counting_npv`, `counting_run_rate_ito`,
    `counting_run_rate_bpo` (in the assessment's currency), `counting_payback` (month),
    `counting_computed_at`, `counting_decision`, `counting_roadmap_name` and `approval`
    (a key of APPROVAL_CHOICES); all None (approval "not_computed") without a computed roadmap.
    """
    # The programme under way of the roadmap that counts (an approved roadmap): its headline,
    # written by programme_evaluate, for the "realised % of plan" and gate columns.
    programme = Programme.objects.filter(roadmap=OuterRef("pk")).order_by("-pk")
    roadmaps = (
        Roadmap.objects.only(
            "pk", "name", "npv", "payback_month", "run_rate_ito", "run_rate_bpo", "finished_at", "decision"
        )
        .annotate(
            programme_id=Subquery(programme.values("pk")[:1]),
            programme_realised_fraction=Subquery(programme.values("realised_fraction_of_plan")[:1]),
            programme_gate_state=Subquery(programme.values("gate_state")[:1]),
            programme_gate_slip_months=Subquery(programme.values("gate_slip_months")[:1]),
        )
        .in_bulk([row.counting_roadmap_id for row in rows if row.counting_roadmap_id is not None])
    )
    for row in rows:
        roadmap = roadmaps.get(row.counting_roadmap_id)
        row.programme_id = getattr(roadmap, "programme_id", None)
        row.programme_realised_fraction = getattr(roadmap, "programme_realised_fraction", None)
        row.programme_gate_state = getattr(roadmap, "programme_gate_state", None)
        row.programme_gate_slip_months = getattr(roadmap, "programme_gate_slip_months", None)
        row.counting_npv = roadmap.npv if roadmap else None
        row.counting_payback = roadmap.payback_month if roadmap else None
        row.counting_run_rate_ito = roadmap.run_rate_ito if roadmap else None
        row.counting_run_rate_bpo = roadmap.run_rate_bpo if roadmap else None
        row.counting_computed_at = roadmap.finished_at if roadmap else None
        row.counting_decision = roadmap.decision if roadmap else None
        row.counting_roadmap_name = roadmap.name if roadmap else None
        row.approval = (
            "not_computed"
            if roadmap is None
            else {Decision.APPROVED: "approved", Decision.REJECTED: "rejected"}.get(roadmap.decision, "pending")
        )
    return rows


@dataclass(frozen=True)
class PortfolioChartRow:
    """One bar of the portfolio charts: an assessment, or the aggregate of those past the top."""

    label: str
    title: str
    version: int
    organisation_name: str
    currency: str
    npv: Decimal
    payback_month: int | None
    approval: str
    others_count: int = 0


def portfolio_chart_rows(
    *, assessments: QuerySet[Assessment], top: int = PORTFOLIO_CHART_TOP
) -> list[PortfolioChartRow]:
    """Per currency, the `top` computed assessments by NPV, then one "others" row summing the rest.

    One query: the roadmaps that count for the filtered portfolio, by NPV, charted columns only.
    NPVs are in each row's currency; an "others" row has no payback and counts its members.
    """
    values = (
        Roadmap.objects.filter(
            pk__in=assessments.order_by().exclude(counting_roadmap_id__isnull=True).values("counting_roadmap_id"),
            npv__isnull=False,
        )
        .order_by(F("npv").desc(), F("pk").asc())
        .values_list(
            "assessment__title",
            "assessment__version",
            "assessment__organisation__name",
            "assessment__currency",
            "npv",
            "payback_month",
            "decision",
        )
    )
    kept: list[PortfolioChartRow] = []
    others: dict[str, list[Decimal]] = {}
    shown: dict[str, int] = {}
    for title, version, organisation_name, currency, npv, payback, approval in values:
        if shown.get(currency, 0) < top:
            shown[currency] = shown.get(currency, 0) + 1
            kept.append(
                PortfolioChartRow(
                    label=f"{organisation_name} · {title} v{version}",
                    title=title,
                    version=version,
                    organisation_name=organisation_name,
                    currency=currency,
                    npv=npv,
                    payback_month=payback,
                    approval=approval,
                )
            )
        else:
            others.setdefault(currency, []).append(npv)
    for currency, npvs in sorted(others.items()):
        kept.append(
            PortfolioChartRow(
                label=str(_("%(count)s others") % {"count": len(npvs)}),
                title="",
                version=0,
                organisation_name="",
                currency=currency,
                npv=sum(npvs, Decimal(0)),
                payback_month=None,
                approval="others",
                others_count=len(npvs),
            )
        )
    return kept


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
