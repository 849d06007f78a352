"""Reads for the comparison of two roadmaps: the candidates to pick from and the pair itself.

Tenancy: scoped by `organisations_visible_to`; a roadmap the user may not see is a 404, and two
roadmaps of different organisations are never compared.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import Http404

from assessments.models import (
    Organisation,
    Roadmap,
    RoadmapStatus,
)
from assessments.organisations.selectors import (
    organisations_visible_to,
)
from assessments.roadmaps.comparison import MAX_COMPARED
from assessments.roadmaps.decision_state import approved_sibling_annotate

if TYPE_CHECKING:
    pass


COMPARE_START_LIMIT = 100


def compare_start_candidates(*, user: User) -> list[Roadmap]:
    """The newest computed roadmaps the user may see (at most COMPARE_START_LIMIT), without their JSON.

    One query; for the compare page opened without a roadmap, to choose the first one.
    """
    return list(
        approved_sibling_annotate(
            queryset=Roadmap.objects.filter(
                assessment__organisation__in=organisations_visible_to(user=user), status=RoadmapStatus.DONE
            )
        )
        .select_related("assessment", "assessment__organisation")
        .defer("inputs", "result")
        .order_by("-finished_at", "-pk")[:COMPARE_START_LIMIT]
    )


def compare_candidates(*, user: User, organisation: Organisation) -> QuerySet[Roadmap]:
    """Done roadmaps of the organisation the user may compare, newest first, without their JSON."""
    return (
        approved_sibling_annotate(
            queryset=Roadmap.objects.filter(
                assessment__organisation=organisation,
                assessment__organisation__in=organisations_visible_to(user=user),
                status=RoadmapStatus.DONE,
            )
        )
        .select_related("assessment")
        .defer("inputs", "result")
        .order_by("-assessment__version", "name", "-requested_at")
    )


def roadmap_pair_get(*, user: User, first_pk: int, second_pk: int) -> tuple[Roadmap, Roadmap]:
    """Two done roadmaps of one organisation the user may see (one query), or 404."""
    roadmaps = {
        roadmap.pk: roadmap
        for roadmap in approved_sibling_annotate(
            queryset=Roadmap.objects.filter(
                pk__in=(first_pk, second_pk),
                assessment__organisation__in=organisations_visible_to(user=user),
            )
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


def roadmaps_get(*, user: User, pks: list[int]) -> list[Roadmap]:
    """2 to MAX_COMPARED distinct roadmaps of one organisation the user may see, in the order
    asked (one query). Raises Http404 for an unknown or hidden roadmap, a mix of organisations,
    or fewer than two / more than MAX_COMPARED distinct ids."""
    wanted = list(dict.fromkeys(pks))
    if not 2 <= len(wanted) <= MAX_COMPARED:
        raise Http404("Compare two to six roadmaps.")
    found = {
        roadmap.pk: roadmap
        for roadmap in approved_sibling_annotate(
            queryset=Roadmap.objects.filter(
                pk__in=wanted, assessment__organisation__in=organisations_visible_to(user=user)
            )
        )
        .select_related("assessment", "assessment__organisation")
        .defer("inputs")
    }
    if len(found) != len(wanted):
        raise Http404("No such roadmap.")
    roadmaps = [found[pk] for pk in wanted]
    if len({roadmap.assessment.organisation_id for roadmap in roadmaps}) != 1:
        raise Http404("The roadmaps belong to different organisations.")
    return roadmaps
