"""What the capture pages share: who may edit a draft now, the stepper, where a save button leads."""

from typing import Any, cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from assessments.capture import services
from assessments.capture.selectors import assessment_line_counts, assessment_steps
from assessments.models import Assessment
from assessments.organisations import access
from assessments.organisations.responses import forbidden_response
from outsourcing.http import AuthenticatedHttpRequest


def not_editable(request: HttpRequest, assessment: Assessment) -> HttpResponse:
    messages.error(
        request,
        _("“%(title)s” version %(version)s is %(status)s and locked. Create a new version to change it.")
        % {
            "title": assessment.title,
            "version": assessment.version,
            "status": assessment.get_status_display().lower(),
        },
    )
    return redirect("assessments:detail", pk=assessment.pk)


def denied_response(request: HttpRequest, denied: access.AccessDenied) -> HttpResponse:
    return forbidden_response(request, organisation=denied.organisation, role=denied.role, assessment=denied.assessment)


def for_edit(request: AuthenticatedHttpRequest, pk: int) -> tuple[Assessment, HttpResponse | None]:
    """The assessment if the user may edit it now; otherwise the response that explains why not."""
    try:
        assessment = access.assessment_by_id(user=request.user, pk=pk, action="edit")
    except access.AccessDenied as denied:
        # assessment_by_id refuses an action with the assessment it found, so it is never None here.
        return cast(Assessment, denied.assessment), denied_response(request, denied)
    if not assessment.is_editable:
        return assessment, not_editable(request, assessment)
    return assessment, None


def step_context(assessment: Assessment, current: str) -> dict[str, Any]:
    it_count, bf_count = assessment_line_counts(assessment=assessment)
    return {
        "assessment": assessment,
        "steps": assessment_steps(assessment=assessment, it_count=it_count, bf_count=bf_count),
        "current_step": current,
        "line_counts": (it_count, bf_count),
    }


STEP_URLS = {
    "parameters": "assessments:parameters",
    "it": "assessments:it_cost_areas",
    "bpo": "assessments:business_functions",
    "review": "assessments:review",
}
STEP_ORDER = ["parameters", "it", "bpo", "review"]


def step_target(action: str, step: str) -> str:
    """Where a save button leads: stay, the next step, the previous step, or any step of the stepper."""
    index = STEP_ORDER.index(step)
    if action == "next" and index + 1 < len(STEP_ORDER):
        return STEP_ORDER[index + 1]
    if action == "previous" and index > 0:
        return STEP_ORDER[index - 1]
    if action.startswith("goto:") and action[5:] in STEP_URLS:
        return action[5:]
    return step


def after_save(request: HttpRequest, assessment: Assessment, step: str) -> HttpResponse:
    messages.success(request, _("Draft saved."))
    return redirect(STEP_URLS[step_target(request.POST.get("action", "save"), step)], pk=assessment.pk)


def conflict(request: HttpRequest, error: services.AssessmentError) -> None:
    messages.error(request, error.message)
