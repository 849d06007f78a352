"""An assessment's versions (a new one from a locked version, two compared) and its change history."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from assessments.capture import services
from assessments.capture.forms import VersionCompareForm
from assessments.capture.version_selectors import assessment_history, assessment_versions, assessment_versions_diff
from assessments.organisations import access
from assessments.organisations.responses import forbidden_response, read_only_refusal
from outsourcing.http import AuthenticatedHttpRequest

HISTORY_PER_PAGE = 50


@login_required
def assessment_version_create_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    # Tenancy before the method check: a foreign id is a 404 whatever the method.
    assessment = access.assessment_by_id(user=request.user, pk=pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        access.ensure(user=request.user, organisation=assessment.organisation, action="edit")
    except access.AccessDenied as denied:
        return forbidden_response(request, organisation=denied.organisation, role=denied.role)
    try:
        copy = services.assessment_version_create(assessment=assessment, user=request.user)
    except services.AssessmentError as error:
        messages.error(request, error.message)
        return redirect("assessments:versions", pk=assessment.pk)
    messages.success(
        request,
        _("Version %(new)s created from version %(old)s as a draft. Version %(old)s stays as it was.")
        % {"new": copy.version, "old": assessment.version},
    )
    return redirect("assessments:parameters", pk=copy.pk)


@login_required
def assessment_versions_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = access.assessment_by_id(user=request.user, pk=pk)
    if refusal := read_only_refusal(request):
        return refusal
    versions = assessment_versions(assessment=assessment)
    by_pk = {version.pk: version for version in versions}
    diff = None
    if "old" in request.GET or "new" in request.GET:
        form = VersionCompareForm(request.GET, versions=versions)
        if form.is_valid():
            old, new = by_pk[form.cleaned_data["old"]], by_pk[form.cleaned_data["new"]]
            if old.version > new.version:
                old, new = new, old
            diff = assessment_versions_diff(old=old, new=new)
    else:
        older = assessment.copied_from_id if assessment.copied_from_id in by_pk else None
        if older is None and len(versions) > 1:
            older = next((version.pk for version in versions if version.version < assessment.version), None)
        initial = {"old": older, "new": assessment.pk} if older else {"new": assessment.pk}
        form = VersionCompareForm(initial=initial, versions=versions)
        if older:
            diff = assessment_versions_diff(old=by_pk[older], new=assessment)
    role = access.role_of(user=request.user, organisation=assessment.organisation)
    return render(
        request,
        "assessments/assessment_versions.html",
        {
            "assessment": assessment,
            "versions": versions,
            "form": form,
            "diff": diff,
            "can_edit": access.role_may(role=role, action="edit"),
            "lineage_draft": next((version for version in versions if version.is_editable), None),
        },
    )


@login_required
def assessment_history_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    assessment = access.assessment_by_id(user=request.user, pk=pk)
    if refusal := read_only_refusal(request):
        return refusal
    page = Paginator(assessment_history(assessment=assessment), HISTORY_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "assessments/assessment_history.html", {"assessment": assessment, "page": page})
