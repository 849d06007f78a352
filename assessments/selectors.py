"""Reads, scoped to the requesting user.

Tenancy rule: a user sees an organisation only through a membership, except
administrators (staff), who see every organisation read-only. Every queryset that
serves a user starts from `organisations_visible_to`.
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from django.http import Http404

from assessments.models import Membership, Organisation, Role

ADMINISTRATOR = "administrator"


def user_is_administrator(*, user: AbstractBaseUser) -> bool:
    return bool(user.is_authenticated and user.is_staff)


def organisations_visible_to(*, user: AbstractBaseUser) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user_is_administrator(user=user):
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__user=user).distinct()


def organisations_with_role(*, user: AbstractBaseUser, role: str) -> QuerySet[Organisation]:
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, memberships__role=role).distinct()


def organisation_get(*, user: AbstractBaseUser, pk: int) -> Organisation:
    """The organisation, or 404 when the user may not see it (never 403: no existence leak)."""
    organisation = organisations_visible_to(user=user).select_related("region").filter(pk=pk).first()
    if organisation is None:
        raise Http404("No such organisation.")
    return organisation


def organisation_role(*, user: AbstractBaseUser, organisation: Organisation) -> str | None:
    """'consultant', 'manager', 'administrator' (staff, read-only) or None."""
    if not user.is_authenticated:
        return None
    role = Membership.objects.filter(user=user, organisation=organisation).values_list("role", flat=True).first()
    if role:
        return role
    return ADMINISTRATOR if user_is_administrator(user=user) else None


def user_role_flags(*, user: AbstractBaseUser) -> dict[str, bool]:
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True).distinct())
    return {
        "is_consultant": Role.CONSULTANT in roles,
        "is_manager": Role.MANAGER in roles,
        "is_administrator": user_is_administrator(user=user),
    }


def memberships_for_user(*, user: AbstractBaseUser) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user).select_related("organisation", "organisation__region")
