"""The assessment list, the parameters and review steps, and an assessment's page."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from assessments.capture import services
from assessments.capture.forms import AssessmentFilterForm, AssessmentParametersForm, LockForm
from assessments.capture.selectors import (
    assessment_checklist,
    assessment_list,
    assessment_steps,
    assessment_totals,
    business_functions_of,
    checklist_is_complete,
    it_cost_areas_of,
)
from assessments.capture.version_selectors import assessment_versions
from assessments.capture.views.common import after_save, conflict, for_edit, not_editable, step_context
from assessments.models import Assessment
from assessments.organisations import access
from assessments.organisations.responses import forbidden_response, read_only_refusal
from assessments.organisations.selectors import organisations_visible_to
from assessments.roadmaps import selectors as roadmap_selectors
from assessments.roadmaps.pipeline_selectors import (
    roadmap_is_waiting_for_broker,
    roadmap_latest_base,
    roadmap_status_message,
)
from outsourcing.http import AuthenticatedHttpRequest

ASSESSMENTS_PER_PAGE = 25


@login_required
@require_safe
def assessment_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    organisations = organisations_visible_to(user=request.user).order_by("name")
    form = AssessmentFilterForm(request.GET or None, organisations=organisations)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {
            "search": form.cleaned_data["q"].strip(),
            "organisation": form.cleaned_data["organisation"],
            "status": form.cleaned_data["status"],
        }
    page = Paginator(assessment_list(user=request.user, **filters), ASSESSMENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "assessments/assessment_list.html",
        {"form": form, "page": page, "filtered": any(filters.values()) if filters else False},
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_create_view(request: AuthenticatedHttpRequest, organisation_pk: int) -> HttpResponse:
    try:
        organisation = access.organisation_by_id(user=request.user, pk=organisation_pk, action="edit")
    except access.AccessDenied as denied:
        return forbidden_response(request, organisation=denied.organisation, role=denied.role)
    form = AssessmentParametersForm(
        request.POST or None,
        instance=Assessment(organisation=organisation, region=organisation.region, currency=organisation.currency),
    )
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "lock_version"}
        assessment = services.assessment_create(organisation=organisation, user=request.user, data=data)
        return after_save(request, assessment, "parameters")
    return render(
        request,
        "assessments/assessment_parameters.html",
        {"form": form, "organisation": organisation, "assessment": None, "steps": None, "current_step": "parameters"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment_parameters_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment, refusal = for_edit(request, pk)
    if refusal:
        return refusal
    form = AssessmentParametersForm(request.POST or None, instance=assessment)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = {name: value for name, value in form.cleaned_data.items() if name != "lock_version"}
        try:
            services.assessment_update(
                assessment=assessment,
                user=request.user,
                lock_version=form.cleaned_data["lock_version"],
                data=data,
            )
        except services.AssessmentNotEditable:
            return not_editable(request, access.assessment_by_id(user=request.user, pk=pk))
        except services.AssessmentConflict as error:
            conflict(request, error)
            status = 409
        else:
            return after_save(request, assessment, "parameters")
        assessment = access.assessment_by_id(user=request.user, pk=pk)
    context = {**step_context(assessment, "parameters"), "form": form, "organisation": assessment.organisation}
    return render(request, "assessments/assessment_parameters.html", context, status=status)


def _summary_context(assessment: Assessment) -> dict[str, Any]:
    it_lines = it_cost_areas_of(assessment=assessment)
    bf_lines = business_functions_of(assessment=assessment)
    checklist = assessment_checklist(assessment=assessment, it_cost_areas=it_lines, business_functions=bf_lines)
    return {
        "assessment": assessment,
        "it_lines": it_lines,
        "bf_lines": bf_lines,
        "totals": assessment_totals(it_cost_areas=it_lines, business_functions=bf_lines),
        "checklist": checklist,
        "complete": checklist_is_complete(checklist=checklist),
        "steps": assessment_steps(assessment=assessment, it_count=len(it_lines), bf_count=len(bf_lines)),
    }


@login_required
@require_http_methods(["GET", "POST"])
def assessment_review_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment, refusal = for_edit(request, pk)
    if refusal:
        return refusal
    lock = LockForm(request.POST or None, initial={"lock_version": assessment.lock_version})
    status = 200
    if request.method == "POST" and lock.is_valid():
        try:
            services.assessment_submit(
                assessment=assessment, user=request.user, lock_version=lock.cleaned_data["lock_version"]
            )
        except services.AssessmentNotEditable:
            return not_editable(request, access.assessment_by_id(user=request.user, pk=pk))
        except services.AssessmentIncomplete as error:
            messages.error(request, error.message)
            status = 400
        except services.AssessmentConflict as error:
            messages.error(
                request,
                _("The draft changed since this page was opened (%(reason)s) Check the review again, then submit.")
                % {"reason": error.message},
            )
            status = 409
        else:
            messages.success(
                request,
                _(
                    "Submitted. Version %(version)s is now locked and its base roadmap is being computed: open it"
                    " below when it is ready. A manager of the organisation then approves or rejects it. To change"
                    " the inputs, create a new version."
                )
                % {"version": assessment.version},
            )
            # Its roadmap was sent when the submit committed; a broker that is down keeps it queued.
            roadmap = roadmap_latest_base(assessment=assessment, done_only=False)
            if roadmap is not None and roadmap_is_waiting_for_broker(roadmap=roadmap):
                messages.warning(request, roadmap_status_message(roadmap=roadmap))
            return redirect("assessments:detail", pk=assessment.pk)
        assessment = access.assessment_by_id(user=request.user, pk=pk)
        lock = LockForm(initial={"lock_version": assessment.lock_version})
    context = {**_summary_context(assessment), "lock": lock, "current_step": "review"}
    return render(request, "assessments/assessment_review.html", context, status=status)


@login_required
def assessment_detail_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = access.assessment_by_id(user=request.user, pk=pk)
    if refusal := read_only_refusal(request):
        return refusal
    role = access.role_of(user=request.user, organisation=assessment.organisation)
    versions = assessment_versions(assessment=assessment)
    context = {
        **_summary_context(assessment),
        "role": role,
        "can_edit": access.role_may(role=role, action="edit"),
        "versions": versions,
        "lineage_draft": next((version for version in versions if version.is_editable), None),
        "current_step": None,
        "roadmaps": roadmap_selectors.assessment_roadmaps(assessment=assessment),
    }
    return render(request, "assessments/assessment_detail.html", context)
