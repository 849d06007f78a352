"""The landing page and the organisation pages. Thin: forms validate, access fetches and
authorises, selectors read, services write."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from assessments.capture.selectors import assessments_recent, organisation_assessments
from assessments.models import Role
from assessments.organisations import access
from assessments.organisations.forms import OrganisationForm
from assessments.organisations.responses import forbidden_response, read_only_refusal
from assessments.organisations.selectors import (
    memberships_for_user,
    organisation_list,
    user_can_create_organisation,
    user_is_administrator,
)
from assessments.organisations.services import organisation_create, organisation_update
from outsourcing.http import AuthenticatedHttpRequest


@login_required
@require_safe
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The landing page: the user's organisations and what their role can do next."""
    memberships = list(memberships_for_user(user=request.user).order_by("organisation__name"))
    is_consultant = any(membership.role == Role.CONSULTANT for membership in memberships)
    can_create = user_can_create_organisation(user=request.user)
    return render(
        request,
        "assessments/home.html",
        {
            "memberships": memberships,
            "is_administrator": user_is_administrator(user=request.user),
            "can_create_organisation": can_create,
            "recent_assessments": assessments_recent(user=request.user) if memberships else [],
            "is_consultant": is_consultant,
        },
    )


@login_required
@require_safe
def organisation_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "assessments/organisation_list.html",
        {
            "organisations": organisation_list(user=request.user),
            "can_create": user_can_create_organisation(user=request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_create_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not user_can_create_organisation(user=request.user):
        return forbidden_response(request, organisation=None, role=None)
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = organisation_create(user=request.user, data=form.cleaned_data)
        messages.success(
            request, _("Organisation “%(name)s” created. You are its consultant.") % {"name": organisation}
        )
        return redirect("assessments:organisation_detail", pk=organisation.pk)
    return render(request, "assessments/organisation_form.html", {"form": form, "organisation": None})


@login_required
def organisation_detail_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    organisation = access.organisation_by_id(user=request.user, pk=pk)
    if refusal := read_only_refusal(request):
        return refusal
    role = access.role_of(user=request.user, organisation=organisation)
    return render(
        request,
        "assessments/organisation_detail.html",
        {
            "organisation": organisation,
            "role": role,
            "can_edit": access.role_may(role=role, action="edit"),
            "assessments": organisation_assessments(organisation=organisation),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    try:
        organisation = access.organisation_by_id(user=request.user, pk=pk, action="edit")
    except access.AccessDenied as denied:
        return forbidden_response(request, organisation=denied.organisation, role=denied.role)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        organisation_update(organisation=organisation, user=request.user, data=form.cleaned_data)
        messages.success(request, _("Organisation saved."))
        return redirect("assessments:organisation_detail", pk=organisation.pk)
    return render(request, "assessments/organisation_form.html", {"form": form, "organisation": organisation})
