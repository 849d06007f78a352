"""Reads for the roadmap dashboard: the cheap state query that decides what is shown and cached, and
the roadmap with the other roadmaps of its assessment.

Tenancy: every function that takes a user scopes by `organisations_visible_to`; a roadmap the
user may not see is a 404 (never a 403, so nothing leaks its existence).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from django.contrib.auth.models import User
from django.db.models import Case, Exists, OuterRef, QuerySet, Subquery, Value, When
from django.http import Http404

from assessments.models import (
    Assessment,
    AssessmentStatus,
    Decision,
    Membership,
    Roadmap,
    Role,
)
from assessments.organisations.selectors import (
    organisations_visible_to,
    role_flags,
    user_is_administrator,
)
from assessments.roadmaps.decision_state import approved_sibling_annotate
from providers.models import Capability, Provider

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


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
        approved_sibling_annotate(
            queryset=Roadmap.objects.filter(
                assessment_id__in=Subquery(assessment_of),
                assessment__organisation__in=organisations_visible_to(user=user),
            )
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
