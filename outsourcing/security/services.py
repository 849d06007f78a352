"""Sign-in security services: two-factor sign-in with django-otp (one TOTP device, RFC 6238, and single-use
recovery codes) and forgetting a user's failed sign-ins after a password reset (django-axes).

Selectors read, services write (house rules). A user *needs* a second factor when they are
staff (they reach the admin and read every organisation) or a member of an organisation whose
managers require it; anyone may turn it on for themselves. A user who has a confirmed device
must give a code after the password on every new session.
"""

import time
from base64 import b32encode

import segno
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import verify_token as otp_verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from assessments.models import Membership, Organisation, Role
from outsourcing.http import AuthenticatedHttpRequest

# Session key: when this session last found that its user needs no second factor (a Unix time).
MFA_CHECK_KEY = "_mfa_not_needed_at"
TOTP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery codes"


class MfaError(Exception):
    """A refused two-factor action; `message` is shown to the user as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# --- Selectors --------------------------------------------------------------------------------


def mfa_required_for(*, user: User) -> bool:
    """Whether `user` must use a second factor: staff, or a member of an organisation that requires it."""
    if not user.is_authenticated:
        return False
    if settings.MFA_REQUIRED_FOR_STAFF and (user.is_staff or user.is_superuser):
        return True
    return Membership.objects.filter(user=user, organisation__mfa_required=True).exists()


def mfa_sign_in_state(*, user: User) -> tuple[bool, bool]:
    """(enrolled, required) for a signed-in user, in one query (the middleware asks once a minute)."""
    staff = settings.MFA_REQUIRED_FOR_STAFF and (user.is_staff or user.is_superuser)
    row = (
        get_user_model()
        ._default_manager.filter(pk=user.pk)
        .values(
            enrolled=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            required=Exists(Membership.objects.filter(user=OuterRef("pk"), organisation__mfa_required=True)),
        )
        .first()
    )
    if row is None:
        return False, staff
    return row["enrolled"], staff or row["required"]


def mfa_totp_device(*, user: User, confirmed: bool = True) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).order_by("pk").first()


def mfa_is_enrolled(*, user: User) -> bool:
    """True when `user` has a confirmed authenticator."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def mfa_recovery_codes_left(*, user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def mfa_secret_text(*, device: TOTPDevice) -> str:
    """The shared secret in base32 (what authenticator apps accept when typed), in groups of four."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def mfa_qr_svg(*, device: TOTPDevice) -> str:
    """The device's otpauth:// URL as an inline SVG QR code, drawn here (segno), nothing fetched."""
    return segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")


def organisation_managed_by(*, user: User, organisation: Organisation) -> bool:
    return Membership.objects.filter(user=user, organisation=organisation, role=Role.MANAGER).exists()


def mfa_session_precheck(*, request: HttpRequest, user: User) -> None:
    """At sign-in: note in the session when the user needs no second factor, so the middleware's
    first check (a query) waits a minute. A user who has or needs one is checked on the next request."""
    enrolled, required = mfa_sign_in_state(user=user)
    if not enrolled and not required:
        request.session[MFA_CHECK_KEY] = int(time.time())


# --- Services ---------------------------------------------------------------------------------


@transaction.atomic
def mfa_enrolment_start(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator that `user` is setting up (created with a fresh secret if none).

    Raises MfaError if the user already has a confirmed one.
    """
    if mfa_is_enrolled(user=user):
        raise MfaError(_("Two-factor sign-in is already set up for your account."))
    device = mfa_totp_device(user=user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def _recovery_codes_issue(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.MFA_RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def mfa_enrolment_confirm(*, request: AuthenticatedHttpRequest, code: str) -> list[str]:
    """Confirm the user's new authenticator with a code from it; return the recovery codes (shown once).

    Marks this session as verified. Raises MfaError if there is no enrolment under way or the code
    does not match.
    """
    user = request.user
    device = mfa_totp_device(user=user, confirmed=False)
    if device is None:
        raise MfaError(_("Start the set-up again: no authenticator is waiting for confirmation."))
    if otp_verify_token(user, device.persistent_id, code.strip().replace(" ", "")) is None:
        raise MfaError(_("That code does not match. Check the time on your phone and type the current code."))
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
    device.confirmed = True
    codes = _recovery_codes_issue(user=user)
    otp_login(request, device)
    request.session.cycle_key()  # a new session id for the stronger sign-in (ASVS 5.0 7.2.4)
    return codes


def mfa_verify(*, request: AuthenticatedHttpRequest, code: str) -> bool:
    """Check a code from the authenticator (six digits) or an unused recovery code; mark the session verified.

    A recovery code is deleted when used. Both kinds are throttled by django-otp (each failure
    doubles the wait before the next try). Returns whether the code was accepted.
    """
    user = request.user
    token = code.strip().replace(" ", "").replace("-", "").lower()
    if not token:
        return False
    devices = [*TOTPDevice.objects.filter(user=user, confirmed=True), *StaticDevice.objects.filter(user=user)]
    kind = TOTPDevice if token.isdigit() else StaticDevice
    for device in devices:
        if isinstance(device, kind) and otp_verify_token(user, device.persistent_id, token) is not None:
            otp_login(request, device)
            request.session.cycle_key()  # a new session id for the stronger sign-in (ASVS 5.0 7.2.4)
            return True
    return False


@transaction.atomic
def mfa_recovery_codes_renew(*, user: User) -> list[str]:
    """Replace the user's recovery codes with new ones (the old ones stop working); returns them."""
    if not mfa_is_enrolled(user=user):
        raise MfaError(_("Two-factor sign-in is not set up for your account."))
    return _recovery_codes_issue(user=user)


@transaction.atomic
def mfa_disable(*, user: User) -> None:
    """Remove the user's authenticator and recovery codes. Raises MfaError if they must use a second factor."""
    if mfa_required_for(user=user):
        raise MfaError(_("Two-factor sign-in is required for your account, so it cannot be turned off."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


@transaction.atomic
def organisation_mfa_requirement_set(*, organisation: Organisation, user: User, required: bool) -> None:
    """Require (or stop requiring) a second factor of every member. Only the organisation's managers may.

    Raises MfaError otherwise.
    """
    if not organisation_managed_by(user=user, organisation=organisation):
        raise MfaError(_("Only the organisation's managers can change this."))
    organisation.mfa_required = required
    organisation._history_user = user
    organisation.save(update_fields=["mfa_required", "updated_at"])


def signin_failures_reset(*, username: str) -> int:
    """Forget `username`'s failed sign-ins from every address (after a password reset). Returns rows deleted."""
    deleted, _ = AccessAttempt.objects.filter(username=username).delete()
    return deleted
