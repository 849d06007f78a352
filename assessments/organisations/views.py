"""The landing page and the organisation pages. Thin: forms validate, access fetches and
authorises, selectors read, services write."""

from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from assessments.capture.selectors import assessments_recent, organisation_assessments
from assessments.models import Organisation, Role
from assessments.organisations import access
from assessments.organisations.forms import InvitationForm, InvitationSignUpForm, OrganisationForm
from assessments.organisations.responses import forbidden_response, read_only_refusal
from assessments.organisations.selectors import (
    account_exists_for,
    invitation_by_token,
    invitation_is_pending,
    invitations_pending,
    memberships_for_user,
    organisation_list,
    organisation_members,
    user_can_create_organisation,
    user_is_administrator,
)
from assessments.organisations.services import (
    TeamChangeRefused,
    invitation_accept,
    invitation_create,
    invitation_revoke,
    invitation_send,
    invitee_sign_up,
    membership_remove,
    organisation_create,
    organisation_update,
)
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
    members = list(organisation_members(organisation=organisation))
    return render(
        request,
        "assessments/organisation_detail.html",
        {
            "organisation": organisation,
            "role": role,
            "can_edit": access.role_may(role=role, action="edit"),
            "can_invite": access.role_may(role=role, action="invite"),
            "assessments": organisation_assessments(organisation=organisation),
            "members": members,
            "has_manager": any(member.role == Role.MANAGER for member in members),
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


# --- The team ------------------------------------------------------------------------------


def _members_page(
    request: AuthenticatedHttpRequest, organisation: Organisation, form: InvitationForm | None, status: int = 200
) -> HttpResponse:
    role = access.role_of(user=request.user, organisation=organisation)
    permissions = access.permissions_for(user=request.user, role=role)
    members = list(organisation_members(organisation=organisation))
    return render(
        request,
        "assessments/organisation_members.html",
        {
            "organisation": organisation,
            "role": role,
            "access": permissions,
            "members": members,
            "manager_count": sum(member.role == Role.MANAGER for member in members),
            "invitations": list(invitations_pending(organisation=organisation)) if permissions.may_invite else [],
            "form": form if form is not None else (InvitationForm() if permissions.may_invite else None),
            "valid_days": settings.INVITATION_VALID_DAYS,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_members_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The team: members with their roles, pending invitations, and (POST) an invitation sent by e-mail."""
    if request.method == "GET":
        return _members_page(request, access.organisation_by_id(user=request.user, pk=pk), None)
    try:
        organisation = access.organisation_by_id(user=request.user, pk=pk, action="invite")
    except access.AccessDenied as denied:
        return forbidden_response(request, organisation=denied.organisation, role=denied.role)
    form = InvitationForm(request.POST)
    if not form.is_valid():
        return _members_page(request, organisation, form, status=400)
    try:
        invitation, token = invitation_create(
            organisation=organisation,
            user=request.user,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
        )
    except TeamChangeRefused as refused:
        form.add_error("email", refused)
        return _members_page(request, organisation, form, status=429 if refused.code == "rate_limited" else 400)
    accept_url = request.build_absolute_uri(reverse("assessments:invitation_accept", kwargs={"token": token}))
    invitation_send(invitation=invitation, accept_url=accept_url)
    messages.success(
        request,
        _("Invitation sent to %(email)s. The link is valid for %(days)d days.")
        % {"email": invitation.email, "days": settings.INVITATION_VALID_DAYS},
    )
    return redirect("assessments:organisation_members", pk=organisation.pk)


@login_required
@require_POST
def invitation_revoke_view(request: AuthenticatedHttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    try:
        invitation = access.invitation_by_id(user=request.user, organisation_pk=pk, pk=invitation_pk)
    except access.AccessDenied as denied:
        return forbidden_response(request, organisation=denied.organisation, role=denied.role)
    invitation_revoke(invitation=invitation, user=request.user)
    messages.success(request, _("The invitation to %(email)s was revoked.") % {"email": invitation.email})
    return redirect("assessments:organisation_members", pk=pk)


@login_required
@require_POST
def membership_remove_view(request: AuthenticatedHttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    try:
        membership = access.membership_by_id(user=request.user, organisation_pk=pk, pk=membership_pk)
    except access.AccessDenied as denied:
        return forbidden_response(request, organisation=denied.organisation, role=denied.role)
    name = membership.user.get_full_name() or membership.user.get_username()
    try:
        membership_remove(membership=membership, user=request.user)
    except TeamChangeRefused as refused:
        messages.error(request, refused.message)
        return redirect("assessments:organisation_members", pk=pk)
    messages.success(request, _("%(name)s was removed from the organisation.") % {"name": name})
    if membership.user_id == request.user.pk:
        return redirect("home")
    return redirect("assessments:organisation_members", pk=pk)


@require_http_methods(["GET", "POST"])
def invitation_accept_view(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation link. Signed in with the invited address: join (POST). Without an account for
    it: sign up and join (POST). With an account but signed out: sign in first, then come back."""
    invitation = invitation_by_token(token=token)
    if invitation is None or not invitation_is_pending(invitation=invitation):
        return render(request, "assessments/invitation_accept.html", {"invitation": None}, status=404)
    signed_in = request.user.is_authenticated
    user = cast(User, request.user)  # read only when signed in
    needs_account = not signed_in and not account_exists_for(email=invitation.email)
    form = InvitationSignUpForm(request.POST or None, email=invitation.email) if needs_account else None
    context: dict[str, Any] = {
        "invitation": invitation,
        "form": form,
        "needs_account": needs_account,
        "wrong_account": signed_in and (user.email or "").lower() != invitation.email.lower(),
        "login_url": f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}",
    }
    if request.method == "GET":
        return render(request, "assessments/invitation_accept.html", context)
    try:
        if signed_in:
            invitation_accept(invitation=invitation, user=user)
        elif form is not None:
            if not form.is_valid():
                return render(request, "assessments/invitation_accept.html", context, status=400)
            new_user = invitee_sign_up(
                invitation=invitation,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
            login(request, new_user, backend="django.contrib.auth.backends.ModelBackend")
        else:
            return redirect(context["login_url"])
    except TeamChangeRefused as refused:
        context["refusal"] = refused.message
        return render(request, "assessments/invitation_accept.html", context, status=409)
    messages.success(
        request,
        _("Welcome to %(organisation)s. You joined as %(role)s.")
        % {"organisation": invitation.organisation, "role": access.role_label(role=invitation.role).lower()},
    )
    return redirect("assessments:organisation_detail", pk=invitation.organisation_id)
