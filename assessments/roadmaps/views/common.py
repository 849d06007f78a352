"""What the managers' pages share: a computed roadmap fetched for the viewer, and where a page
sends a roadmap that is not computed yet."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect

from assessments.models import Roadmap
from assessments.organisations import access
from assessments.roadmaps import presenter
from outsourcing.http import AuthenticatedHttpRequest


def done_roadmap(request: AuthenticatedHttpRequest, pk: int) -> tuple[Roadmap, presenter.RoadmapPresentation | None]:
    """The roadmap the user may see (Http404 otherwise, from `access.roadmap_by_id`) and its
    presentation, None while it is not computed."""
    roadmap = access.roadmap_by_id(user=request.user, pk=pk)
    return roadmap, presenter.roadmap_presentation_get(roadmap=roadmap)


def not_ready(roadmap: Roadmap) -> HttpResponse:
    """A redirect to the roadmap's status page."""
    # Queued, running or failed: the pipeline's status page shows progress or the reason.
    return redirect("assessments:roadmap_status", pk=roadmap.pk)
