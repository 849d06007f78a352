"""Reads about organisations and memberships, scoped to the requesting user.

Tenancy rule: a user sees an organisation only through a membership, except
administrators (staff), who see every organisation read-only. Every queryset that
serves a user starts from `organisations_visible_to`.
"""

import datetime
import hashlib

from django.contrib.auth.models import User
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from assessments.models import Assessment, Invitation, Membership, Organisation, Role

ADMINISTRATOR = "administrator"


def user_is_administrator(*, user: User) -> bool:
    return bool(user.is_authenticated and user.is_staff)


def organisations_visible_to(*, user: User) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user_is_administrator(user=user):
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user).distinct()


def organisations_with_role(*, user: User, role: str) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, memberships__role=role).distinct()


def organisation_role(*, user: User, organisation: Organisation) -> str | None:
    """'consultant', 'manager', 'administrator' (staff, read-only) or None."""
    if not user.is_authenticated:
        return None
    role = Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True).first()
    if role:
        return role
    return ADMINISTRATOR if user_is_administrator(user=user) else None


def user_role_flags(*, user: User) -> dict[str, bool]:
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True).distinct())
    return role_flags(roles=roles, is_administrator=user_is_administrator(user=user))


def role_flags(*, roles: set[str], is_administrator: bool) -> dict[str, bool]:
    """What the navigation offers, from the user's membership roles (no query)."""
    return {
        "is_consultant": Role.CONSULTANT in roles,
        "is_manager": Role.MANAGER in roles,
        "is_administrator": is_administrator,
    }


def memberships_for_user(*, user: User) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation", "organisation__region")


def user_can_create_organisation(*, user: User) -> bool:
    """Consultants create organisations: members of the consultant group, or consultants somewhere."""
    if not user.is_authenticated or user_is_administrator(user=user):
        return False
    if user.groups.filter(name=Role.CONSULTANT).exists():
        return True
    return Membership.objects.filter(user=user, role=Role.CONSULTANT).exists()


def organisation_list(*, user: User) -> QuerySet[Organisation]:
    """The user's organisations with their role in each and how many assessments they hold."""
    role = Membership.objects.filter(user=user.pk, organisation=OuterRef("pk")).values("role")[:1]
    assessment_count = (
        Assessment.objects.filter(organisation=OuterRef("pk"))
        .order_by()
        .values("organisation")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        organisations_visible_to(user=user)
        .select_related("region")
        .annotate(user_role=Subquery(role), assessment_count=Coalesce(Subquery(assessment_count), 0))
        .order_by("name")
    )


# --- The team ------------------------------------------------------------------------------


def organisation_members(*, organisation: Organisation) -> QuerySet[Membership]:
    """The organisation's memberships with their users, managers first, then by name (one query)."""
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("-role", "user__first_name", "user__last_name", "user__username")
    )


def organisation_has_manager(*, organisation_id: int) -> bool:
    return Membership.objects.filter(organisation_id=organisation_id, role=Role.MANAGER).exists()


def invitations_pending(*, organisation: Organisation, now: datetime.datetime | None = None) -> QuerySet[Invitation]:
    """Invitations of the organisation not yet accepted, revoked or expired, newest first, with their sender."""
    return Invitation.objects.filter(
        organisation=organisation,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=now or timezone.now(),
    ).select_related("invited_by")


def invitation_is_pending(*, invitation: Invitation, now: datetime.datetime | None = None) -> bool:
    return (
        invitation.accepted_at is None
        and invitation.revoked_at is None
        and invitation.expires_at > (now or timezone.now())
    )


def invitation_token_digest(token: str) -> str:
    """The SHA-256 hex digest (64 characters) stored for an invitation link's token."""
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_by_token(*, token: str) -> Invitation | None:
    """The invitation whose link carries `token` (whatever its state), with its organisation, or None."""
    return Invitation.objects.filter(token_digest=invitation_token_digest(token)).select_related("organisation").first()


def account_exists_for(*, email: str) -> bool:
    """Whether an account has this e-mail address or uses it as its user name (case-insensitive)."""
    return User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).exists()
