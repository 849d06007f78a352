"""Writes for organisations: create one (its creator becomes its consultant), update it; the team
(invite by e-mail, accept, revoke, remove a member)."""

import datetime
import secrets
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from assessments.models import Invitation, Membership, Organisation, Role, UserPreference
from assessments.organisations import access
from assessments.organisations.selectors import (
    account_exists_for,
    invitation_is_pending,
    invitation_token_digest,
    invitations_pending,
)

ORGANISATION_FIELDS = ("name", "industry", "country", "region", "currency")


@transaction.atomic
def organisation_create(*, user: User, data: Mapping[str, Any]) -> Organisation:
    """A new organisation; its creator becomes a consultant member of it."""
    organisation = Organisation(**{name: data[name] for name in ORGANISATION_FIELDS if name in data})
    organisation.full_clean()
    organisation._history_user = user
    organisation.save()
    Membership.objects.create(user=user, organisation=organisation, role=Role.CONSULTANT)
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, user: User, data: Mapping[str, Any]) -> Organisation:
    for name in ORGANISATION_FIELDS:
        if name in data:
            setattr(organisation, name, data[name])
    organisation.full_clean()
    organisation._history_user = user
    organisation.save()
    return organisation


# --- The team: invitations and members ------------------------------------------------------


class TeamChangeRefused(ValidationError):
    """An invitation or removal the team rules refuse; `message` says why (translated)."""


def invitation_create(
    *, organisation: Organisation, user: User, email: str, role: str, now: datetime.datetime | None = None
) -> tuple[Invitation, str]:
    """A pending invitation to `email` to join `organisation` as `role`, and the secret token of its link.

    The token (32 random bytes, URL-safe base64) is returned once and never stored: the row keeps
    its SHA-256 digest. The link is valid for `settings.INVITATION_VALID_DAYS` days. A pending
    invitation to the same address is revoked (the new link replaces it).

    Raises TeamChangeRefused when the address already belongs to a member, or when `user` has sent
    `settings.INVITATION_SEND_LIMIT_PER_HOUR` invitations in the last hour (code "rate_limited").
    """
    now = now or timezone.now()
    email = User.objects.normalize_email(email).strip()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise TeamChangeRefused(_("%(email)s is already a member of this organisation.") % {"email": email})
    sent = Invitation.objects.filter(invited_by=user, created_at__gte=now - datetime.timedelta(hours=1)).count()
    if sent >= settings.INVITATION_SEND_LIMIT_PER_HOUR:
        raise TeamChangeRefused(
            _("You have sent %(count)d invitations in the last hour; please try again later.") % {"count": sent},
            code="rate_limited",
        )
    for previous in invitations_pending(organisation=organisation, now=now).filter(email__iexact=email):
        previous.revoked_at = now
        previous._history_user = user
        previous.save(update_fields=["revoked_at"])
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organisation=organisation,
        email=email,
        role=role,
        token_digest=invitation_token_digest(token),
        invited_by=user,
        expires_at=now + datetime.timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    invitation.full_clean()
    invitation._history_user = user
    invitation.save()
    return invitation, token


def invitation_send(*, invitation: Invitation, accept_url: str) -> None:
    """E-mails the invitation link (`accept_url`, a full address) through Django's mail settings
    (EMAIL_BACKEND), in the reader's language: the language an existing user of that address
    stored, else the language active for the request that sent it (the inviter's: the app cannot
    know a newcomer's). Raises what the mail backend raises (e.g. SMTPException)."""
    stored = (
        UserPreference.objects.filter(user__email__iexact=invitation.email)
        .exclude(language="")
        .values_list("language", flat=True)
        .first()
    )
    with translation.override(stored or translation.get_language() or settings.LANGUAGE_CODE):
        _invitation_mail_send(invitation=invitation, accept_url=accept_url)


def _invitation_mail_send(*, invitation: Invitation, accept_url: str) -> None:
    inviter = invitation.invited_by
    inviter_name = (inviter.get_full_name() or inviter.get_username()) if inviter else _("A colleague")
    context = {
        "invitation": invitation,
        "organisation": invitation.organisation,
        "role": access.role_label(role=invitation.role),
        "inviter": inviter_name,
        "accept_url": accept_url,
        "valid_until": invitation.expires_at,
    }
    subject = _("Join %(organisation)s in Sourcing Navigator") % {"organisation": invitation.organisation}
    body = render_to_string("assessments/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])


def invitation_revoke(*, invitation: Invitation, user: User) -> Invitation:
    """Ends a pending invitation (its link no longer works). Revoking one already ended changes nothing."""
    if invitation.accepted_at is None and invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation._history_user = user
        invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """`user` joins the invitation's organisation with its role; the invitation is used up.

    Raises TeamChangeRefused when the invitation is no longer pending, or was sent to another
    e-mail address than the user's (a link forwarded to someone else does not work).
    """
    with transaction.atomic():
        # Locked, so that two tabs accepting at once cannot both use it.
        invitation = Invitation.objects.select_for_update().select_related("organisation").get(pk=invitation.pk)
        if not invitation_is_pending(invitation=invitation):
            raise TeamChangeRefused(_("This invitation has already been used, revoked or has expired."))
        if (user.email or "").lower() != invitation.email.lower():
            raise TeamChangeRefused(
                _("This invitation was sent to %(email)s; sign in with that account to accept it.")
                % {"email": invitation.email}
            )
        membership = Membership.objects.filter(user=user, organisation=invitation.organisation).first()
        if membership is None:
            membership = Membership(user=user, organisation=invitation.organisation, role=invitation.role)
            membership._history_user = user
            membership.save()
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation._history_user = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


def invitee_sign_up(*, invitation: Invitation, first_name: str, last_name: str, password: str) -> User:
    """A new account for the invitation's address (its user name), then `invitation_accept`.

    The password must already have passed AUTH_PASSWORD_VALIDATORS (the form checks it). Raises
    TeamChangeRefused when an account with that address or user name exists (sign in instead).
    """
    with transaction.atomic():
        if account_exists_for(email=invitation.email):
            raise TeamChangeRefused(_("An account with this e-mail address exists already; sign in to accept."))
        user = User.objects.create_user(
            username=invitation.email,
            email=invitation.email,
            password=password,
            first_name=first_name,
            last_name=last_name,
        )
        invitation_accept(invitation=invitation, user=user)
    return user


def membership_remove(*, membership: Membership, user: User) -> None:
    """Removes a member from the organisation (their account stays; they lose access to it).

    The last manager cannot be removed: without one, nobody could approve a roadmap or manage the
    team again from the app. Raises TeamChangeRefused then.
    """
    with transaction.atomic():
        if membership.role == Role.MANAGER:
            managers = Membership.objects.select_for_update().filter(
                organisation_id=membership.organisation_id, role=Role.MANAGER
            )
            if managers.count() <= 1:
                raise TeamChangeRefused(
                    _("The last manager cannot be removed: invite another manager first."), code="last_manager"
                )
        membership._history_user = user
        membership.delete()
