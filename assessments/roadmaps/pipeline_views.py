"""Pages of the roadmap pipeline: request a computation, follow its progress, retry it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from assessments.models import Roadmap, RoadmapStatus
from assessments.organisations import access
from assessments.roadmaps import pipeline_services as roadmap_services
from assessments.roadmaps.pipeline_selectors import (
    engine_version_installed,
    roadmap_is_waiting_for_broker,
    roadmap_status_message,
    roadmap_status_payload,
)
from assessments.roadmaps.presenter import roadmap_summary
from outsourcing.http import AuthenticatedHttpRequest


def _report(request: HttpRequest, roadmap: Roadmap) -> None:
    """Tell the user what happened to the request; a broker that is down is a warning, not an error page."""
    roadmap.refresh_from_db(fields=["status", "enqueued_at", "failure_code", "failure_params"])
    if roadmap_is_waiting_for_broker(roadmap=roadmap):
        messages.warning(request, roadmap_status_message(roadmap=roadmap))
    elif roadmap.status == RoadmapStatus.DONE:
        messages.success(request, _("The roadmap is ready."))
    elif roadmap.status == RoadmapStatus.FAILED:
        messages.error(request, _("The computation failed; see the reason below."))
    else:
        messages.info(request, _("The roadmap is being computed. This page updates by itself."))


@login_required
@require_POST
def roadmap_compute_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = access.assessment_by_id(user=request.user, pk=pk, action="compute")
    roadmap = roadmap_services.roadmap_request(assessment=assessment, user=request.user)
    _report(request, roadmap)
    return redirect("assessments:roadmap_status", pk=roadmap.pk)


@login_required
@require_POST
def roadmap_retry_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    roadmap = access.roadmap_by_id(user=request.user, pk=pk, action="compute")
    roadmap = roadmap_services.roadmap_retry(roadmap=roadmap, user=request.user)
    _report(request, roadmap)
    return redirect("assessments:roadmap_status", pk=roadmap.pk)


@login_required
@require_POST
def roadmap_recompute_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Compute a roadmap kept from an earlier engine again with the current one: the same assessment,
    name and parameter overrides; the new engine version gives a new row, the old one is kept."""
    roadmap = access.roadmap_by_id(user=request.user, pk=pk, action="compute")
    fresh = roadmap_services.roadmap_request(
        assessment=roadmap.assessment,
        user=request.user,
        name=roadmap.name,
        overrides=dict(roadmap.parameter_overrides or {}) or None,
    )
    _report(request, fresh)
    return redirect("assessments:roadmap_status", pk=fresh.pk)


@login_required
@require_GET
def roadmap_status_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    roadmap = access.roadmap_by_id(user=request.user, pk=pk)
    return render(
        request,
        "assessments/roadmap_status.html",
        {
            "roadmap": roadmap,
            "assessment": roadmap.assessment,
            "status": roadmap_status_payload(roadmap=roadmap),
            "summary": roadmap_summary(roadmap=roadmap),
            "current_engine_version": engine_version_installed(),
            "may_request": access.user_may(
                user=request.user, organisation=roadmap.assessment.organisation, action="compute"
            ),
        },
    )


@never_cache
@login_required
@require_GET
def roadmap_status_json_view(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    roadmap = access.roadmap_by_id(user=request.user, pk=pk, with_result=False)
    return JsonResponse(roadmap_status_payload(roadmap=roadmap))
