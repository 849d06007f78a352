"""Pages of sign-in security: the second factor, its set-up, an organisation's requirement, and
the password reset that also lifts the user's sign-in lock."""

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments.organisations.access import organisation_by_id
from outsourcing.http import AuthenticatedHttpRequest
from outsourcing.security import services as mfa
from outsourcing.security.forms import MfaCodeForm, MfaConfirmForm


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's reset page; a new password set from the e-mailed link also clears the user's
    failed sign-ins, so a user locked out by someone else's guesses can sign in again."""

    def form_valid(self, form):
        response = super().form_valid(form)
        mfa.signin_failures_reset(username=form.user.get_username())
        return response


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME) or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@login_required
@require_http_methods(["GET", "POST"])
def mfa_verify_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the authenticator or a recovery code."""
    if request.user.is_verified() or not mfa.mfa_is_enrolled(user=request.user):
        return redirect(_next_url(request))
    form = MfaCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if mfa.mfa_verify(request=request, code=form.cleaned_data["code"]):
            left = mfa.mfa_recovery_codes_left(user=request.user)
            if left <= 3:
                messages.warning(
                    request,
                    _("%(count)s recovery codes left. Make new ones on the two-factor page.") % {"count": left},
                )
            return redirect(_next_url(request))
        form.add_error("code", _("That code was not accepted. Wait for the next code and try again."))
        status = 400
    return render(
        request,
        "registration/mfa_verify.html",
        {"form": form, "next": _next_url(request)},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def mfa_setup_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Turn on two-factor sign-in (QR code and secret, then a code to confirm), or see its state."""
    user = request.user
    enrolled = mfa.mfa_is_enrolled(user=user)
    if enrolled and not user.is_verified():
        return redirect("mfa_verify")
    context = {"enrolled": enrolled, "required": mfa.mfa_required_for(user=user), "next": _next_url(request)}
    if enrolled:
        context["codes_left"] = mfa.mfa_recovery_codes_left(user=user)
        return render(request, "registration/mfa_setup.html", context)
    device = mfa.mfa_enrolment_start(user=user)
    form = MfaConfirmForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            codes = mfa.mfa_enrolment_confirm(request=request, code=form.cleaned_data["code"])
        except mfa.MfaError as error:
            form.add_error("code", error.message)
            status = 400
        else:
            messages.success(request, _("Two-factor sign-in is on."))
            return render(request, "registration/mfa_recovery_codes.html", {"codes": codes, "next": context["next"]})
    context.update(
        {
            "form": form,
            "qr_svg": mfa.mfa_qr_svg(device=device),
            "secret": mfa.mfa_secret_text(device=device),
        }
    )
    return render(request, "registration/mfa_setup.html", context, status=status)


@login_required
@require_POST
def mfa_recovery_codes_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """New recovery codes, shown once (the old ones stop working)."""
    if not request.user.is_verified():
        return redirect("mfa_setup")
    try:
        codes = mfa.mfa_recovery_codes_renew(user=request.user)
    except mfa.MfaError as error:
        messages.error(request, error.message)
        return redirect("mfa_setup")
    return render(request, "registration/mfa_recovery_codes.html", {"codes": codes, "next": "/"})


@login_required
@require_POST
def mfa_disable_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Turn two-factor sign-in off: only from a verified session, only when it is not required."""
    if not request.user.is_verified():
        return redirect("mfa_setup")
    try:
        mfa.mfa_disable(user=request.user)
    except mfa.MfaError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("mfa_setup")


@login_required
def organisation_mfa_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A manager requires (or stops requiring) two-factor sign-in of the organisation's members."""
    organisation = organisation_by_id(user=request.user, pk=pk)  # 404 for another organisation's id
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    required = request.POST.get("mfa_required") == "on"
    try:
        mfa.organisation_mfa_requirement_set(organisation=organisation, user=request.user, required=required)
    except mfa.MfaError as error:
        raise PermissionDenied(error.message) from error
    if required:
        messages.success(
            request,
            _("Members of %(name)s now sign in with a second factor; those without one set it up first.")
            % {"name": organisation.name},
        )
    else:
        messages.success(
            request, _("A second factor is now optional for members of %(name)s.") % {"name": organisation}
        )
    return redirect("assessments:organisation_detail", pk=organisation.pk)
