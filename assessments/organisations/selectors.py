"""Reads about organisations and memberships, scoped to the requesting user.

Tenancy rule: a user sees an organisation only through a membership, except
administrators (staff), who see every organisation read-only. Every queryset that
serves a user starts from `organisations_visible_to`.
"""

from django.contrib.auth.models import User
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from assessments.models import Assessment, Membership, Organisation, Role

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
