"""Access: may this user do this to this object? One place fetches and authorises in one call.

Every page and service that takes an id asks here (Zulip-style `access_*_by_id`):

- an object of an organisation the user is no member of is a 404 (never a 403: no existence leak);
- a visible object the user's role may not act on raises `AccessDenied` (a PermissionDenied) with
  one translated message per action, the same whether a view or a service refused.

Roles: `consultant` (enters figures, computes, asks what-if), `manager` (reads, approves, asks
what-if), `administrator` (staff without a membership: reads everything, changes nothing here).
Consultants and managers invite colleagues; only managers remove members (an organisation's
client side decides who stays on its team).
"""

from dataclasses import dataclass
from typing import Literal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment, Invitation, Membership, Organisation, Programme, Roadmap, Role
from assessments.organisations.selectors import ADMINISTRATOR, organisation_role, organisations_visible_to
from assessments.roadmaps.decision_state import approved_sibling_annotate

# What each role is called wherever a user reads it (organisation pages, team, invitations, e-mail):
# one place, translated. `roles` template filter: `{{ member.role|role_label }}`.
ROLE_LABELS: dict[str, Promise] = {
    Role.CONSULTANT: Role.CONSULTANT.label,
    Role.MANAGER: Role.MANAGER.label,
    ADMINISTRATOR: _("Administrator (read-only)"),
}

Action = Literal["view", "edit", "compute", "decide", "scenario", "run", "invite", "team"]


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    refusal: Promise


RULES: dict[str, Rule] = {
    "view": Rule(frozenset({Role.CONSULTANT, Role.MANAGER, ADMINISTRATOR}), _("You cannot see this organisation.")),
    "edit": Rule(frozenset({Role.CONSULTANT}), _("Only the organisation's consultants can change it.")),
    "compute": Rule(frozenset({Role.CONSULTANT}), _("Only the organisation's consultants can compute a roadmap.")),
    "decide": Rule(frozenset({Role.MANAGER}), _("Only a manager of the organisation can approve or reject a roadmap.")),
    "scenario": Rule(
        frozenset({Role.CONSULTANT, Role.MANAGER}),
        _("Only the organisation's consultants and managers can create scenarios."),
    ),
    # Carrying out an approved roadmap: starting its programme, recording engagements and actuals.
    "run": Rule(
        frozenset({Role.CONSULTANT, Role.MANAGER}),
        _("Only the organisation's consultants and managers can record a programme's progress."),
    ),
    # The team: inviting a manager or consultant by e-mail, revoking a pending invitation.
    "invite": Rule(
        frozenset({Role.CONSULTANT, Role.MANAGER}),
        _("Only the organisation's consultants and managers can invite members."),
    ),
    # Removing a member of the team.
    "team": Rule(frozenset({Role.MANAGER}), _("Only a manager of the organisation can remove members.")),
}


class AccessDenied(PermissionDenied):
    """The user sees the object but their role may not do `action` to it; `message` says why."""

    def __init__(
        self,
        *,
        action: str,
        role: str | None,
        organisation: Organisation | None = None,
        assessment: Assessment | None = None,
    ) -> None:
        self.message = str(RULES[action].refusal)
        super().__init__(self.message)
        self.action = action
        self.role = role
        self.organisation = organisation
        self.assessment = assessment


def role_of(*, user: User, organisation: Organisation) -> str | None:
    """'consultant', 'manager', 'administrator' (staff without a membership) or None."""
    return organisation_role(user=user, organisation=organisation)


def role_label(*, role: str | None) -> str:
    """The role's name in the active language ('consultant' -> "Consultant" / "Konsultan");
    an unknown role as given, no role as an empty string."""
    if not role:
        return ""
    label = ROLE_LABELS.get(role)
    return str(label) if label is not None else role


def role_may(*, role: str | None, action: Action) -> bool:
    """Whether a user with `role` in an organisation may do `action` there (no query)."""
    return role in RULES[action].roles


def user_may(*, user: User, organisation: Organisation, action: Action) -> bool:
    return role_may(role=role_of(user=user, organisation=organisation), action=action)


def ensure(
    *,
    user: User,
    organisation: Organisation,
    action: Action,
    assessment: Assessment | None = None,
    role: str | None = None,
) -> str | None:
    """The user's role in the organisation. Raises AccessDenied unless the role may do `action`."""
    role = role if role is not None else role_of(user=user, organisation=organisation)
    if not role_may(role=role, action=action):
        raise AccessDenied(action=action, role=role, organisation=organisation, assessment=assessment)
    # Pages show what the role may do next; they read it here instead of asking again.
    organisation.access_role = role  # type: ignore[attr-defined]  # per-request annotation, not a field
    return role


def organisation_by_id(*, user: User, pk: int, action: Action = "view") -> Organisation:
    """The organisation, or Http404 when the user may not see it; AccessDenied when they may not act."""
    organisation = organisations_visible_to(user=user).select_related("region").filter(pk=pk).first()
    if organisation is None:
        raise Http404("No such organisation.")
    if action != "view":
        ensure(user=user, organisation=organisation, action=action)
    return organisation


def assessment_by_id(*, user: User, pk: int, action: Action = "view") -> Assessment:
    """The assessment with its organisation, region and author, or Http404 / AccessDenied."""
    assessment = (
        Assessment.objects.filter(pk=pk, organisation__in=organisations_visible_to(user=user))
        .select_related("organisation", "organisation__region", "region", "author")
        .first()
    )
    if assessment is None:
        raise Http404("No such assessment.")
    if action != "view":
        ensure(user=user, organisation=assessment.organisation, action=action, assessment=assessment)
    return assessment


def membership_by_id(*, user: User, organisation_pk: int, pk: int, action: Action = "team") -> Membership:
    """A membership of the organisation with its user and organisation, or Http404 (not a member of the
    organisation, or no such membership there) / AccessDenied (the role may not do `action`)."""
    organisation = organisation_by_id(user=user, pk=organisation_pk, action=action)
    membership = Membership.objects.filter(pk=pk, organisation=organisation).select_related("user").first()
    if membership is None:
        raise Http404("No such member.")
    membership.organisation = organisation
    return membership


def invitation_by_id(*, user: User, organisation_pk: int, pk: int, action: Action = "invite") -> Invitation:
    """An invitation of the organisation, or Http404 / AccessDenied (as `membership_by_id`)."""
    organisation = organisation_by_id(user=user, pk=organisation_pk, action=action)
    invitation = Invitation.objects.filter(pk=pk, organisation=organisation).first()
    if invitation is None:
        raise Http404("No such invitation.")
    invitation.organisation = organisation
    return invitation


# Large JSON columns that pages without the result never need.
_HEAVY_FIELDS = ("result", "inputs")


def roadmap_by_id(*, user: User, pk: int, action: Action = "view", with_result: bool = True) -> Roadmap:
    """The roadmap with its assessment, organisation, requester and decision maker, or Http404 /
    AccessDenied. Leaves `inputs` out; `with_result=False` leaves the (large) result out too."""
    roadmap = (
        approved_sibling_annotate(
            queryset=Roadmap.objects.filter(pk=pk, assessment__organisation__in=organisations_visible_to(user=user))
        )
        .select_related("assessment", "assessment__organisation", "assessment__region", "decided_by", "requested_by")
        .defer(*(("inputs",) if with_result else _HEAVY_FIELDS))
        .first()
    )
    if roadmap is None:
        raise Http404("No such roadmap.")
    if action != "view":
        ensure(user=user, organisation=roadmap.assessment.organisation, action=action, assessment=roadmap.assessment)
    return roadmap


def programme_by_id(*, user: User, pk: int, action: Action = "view") -> Programme:
    """The programme with its roadmap (without its large result), assessment and organisation, or
    Http404 (not a member) / AccessDenied (role may not do `action`)."""
    programme = (
        Programme.objects.filter(pk=pk, roadmap__assessment__organisation__in=organisations_visible_to(user=user))
        .select_related("roadmap", "roadmap__assessment", "roadmap__assessment__organisation")
        .defer(*(f"roadmap__{name}" for name in _HEAVY_FIELDS))
        .first()
    )
    if programme is None:
        raise Http404("No such programme.")
    if action != "view":
        assessment = programme.roadmap.assessment
        ensure(user=user, organisation=assessment.organisation, action=action, assessment=assessment)
    return programme


@dataclass(frozen=True)
class Permissions:
    """What a role may do in one organisation, for pages to offer or hide their buttons."""

    role: str | None
    may_edit: bool
    may_compute: bool
    may_decide: bool
    may_create_scenario: bool
    may_run: bool = False
    may_invite: bool = False
    may_manage_team: bool = False


def permissions_for(*, user: User, role: str | None) -> Permissions:
    """The permissions of a user whose membership role is `role` (None: none; staff read as administrator)."""
    if role is None and user.is_authenticated and user.is_staff:
        role = ADMINISTRATOR
    return Permissions(
        role=role,
        may_edit=role_may(role=role, action="edit"),
        may_compute=role_may(role=role, action="compute"),
        may_decide=role_may(role=role, action="decide"),
        may_create_scenario=role_may(role=role, action="scenario"),
        may_run=role_may(role=role, action="run"),
        may_invite=role_may(role=role, action="invite"),
        may_manage_team=role_may(role=role, action="team"),
    )
