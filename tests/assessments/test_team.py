"""The team: invitations by e-mail (signed-up or signed-in invitees), revoking, removing members,
the decision area of an organisation without a manager, and the decision form's own errors."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import Decision, Invitation, Membership, Role
from assessments.organisations.selectors import invitation_by_token
from assessments.organisations.services import TeamChangeRefused, invitation_create, membership_remove
from tests.factories.core import MembershipFactory, UserFactory
from tests.factories.roadmaps import done_roadmap_for

STRONG_PASSWORD = "correct horse battery staple 7"


def _link(message: mail.EmailMessage) -> str:
    assert isinstance(message.body, str), "the invitation e-mail is rendered text, not a lazy string"
    match = re.search(r"https?://[^/\s]+(/invitations/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def _invite(client, organisation, email: str, role: str = Role.MANAGER):
    return client.post(
        reverse("assessments:organisation_members", args=[organisation.pk]), {"email": email, "role": role}
    )


@pytest.mark.django_db
def test_a_consultant_invites_a_new_manager_who_signs_up_and_joins_once(client_for, consultant, organisation, client):
    response = _invite(client_for(consultant), organisation, "Boss@Client.example")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = _link(mail.outbox[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get()
    assert invitation.token_digest != token
    assert token not in invitation.token_digest
    assert invitation_by_token(token=token) == invitation

    page = client.get(link)
    assert page.status_code == 200
    assert "password1" in page.content.decode()
    weak = client.post(link, {"first_name": "Ayu", "last_name": "Lestari", "password1": "short", "password2": "short"})
    assert weak.status_code == 400
    assert not User.objects.filter(email__iexact="boss@client.example").exists()

    data = {"first_name": "Ayu", "last_name": "Lestari", "password1": STRONG_PASSWORD, "password2": STRONG_PASSWORD}
    joined = client.post(link, data)
    assert joined.status_code == 302
    user = User.objects.get(username="Boss@client.example")
    assert Membership.objects.get(user=user, organisation=organisation).role == Role.MANAGER
    assert client.get(reverse("assessments:organisation_detail", args=[organisation.pk])).status_code == 200
    # Single use: the same link no longer works, signed in or not.
    assert client.get(link).status_code == 404
    assert client.post(link, data).status_code == 404
    # Audited: who joined and who invited, in the history tables.
    assert Membership.history.filter(user=user, history_type="+").get().history_user == user
    assert Invitation.history.filter(history_type="+").get().history_user == consultant


@pytest.mark.django_db
def test_an_existing_user_signs_in_and_accepts_only_with_the_invited_address(client_for, consultant, organisation):
    invitee = UserFactory.create(username="rina", email="rina@client.example")
    stranger = UserFactory.create(username="someone", email="someone@else.example")
    invitation, token = invitation_create(
        organisation=organisation, user=consultant, email="rina@client.example", role=Role.CONSULTANT
    )
    link = reverse("assessments:invitation_accept", args=[token])
    signed_out = Client().get(link)
    assert signed_out.status_code == 200
    assert reverse("login") in signed_out.content.decode()
    assert "password1" not in signed_out.content.decode()

    refused = client_for(stranger).post(link)
    assert refused.status_code == 409
    assert not Membership.objects.filter(user=stranger, organisation=organisation).exists()

    assert client_for(invitee).post(link).status_code == 302
    assert Membership.objects.get(user=invitee, organisation=organisation).role == Role.CONSULTANT
    invitation.refresh_from_db()
    assert invitation.accepted_by == invitee


@pytest.mark.django_db
def test_an_expired_or_revoked_link_does_not_work(client_for, consultant, organisation, settings):
    _expired, old_token = invitation_create(
        organisation=organisation,
        user=consultant,
        email="late@client.example",
        role=Role.MANAGER,
        now=timezone.now() - datetime.timedelta(days=settings.INVITATION_VALID_DAYS, minutes=1),
    )
    assert Client().get(reverse("assessments:invitation_accept", args=[old_token])).status_code == 404

    invitation, token = invitation_create(
        organisation=organisation, user=consultant, email="gone@client.example", role=Role.MANAGER
    )
    revoke = reverse("assessments:invitation_revoke", args=[organisation.pk, invitation.pk])
    assert client_for(consultant).post(revoke).status_code == 302
    assert Client().get(reverse("assessments:invitation_accept", args=[token])).status_code == 404


@pytest.mark.django_db
def test_sending_is_rate_limited_per_member(client_for, consultant, organisation, settings):
    settings.INVITATION_SEND_LIMIT_PER_HOUR = 2
    client = client_for(consultant)
    assert _invite(client, organisation, "a@client.example").status_code == 302
    assert _invite(client, organisation, "b@client.example").status_code == 302
    third = _invite(client, organisation, "c@client.example")
    assert third.status_code == 429
    assert "try again later" in third.content.decode()
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_member_cannot_be_invited_again(client_for, consultant, manager, organisation):
    response = _invite(client_for(consultant), organisation, manager.email.upper())
    assert response.status_code == 400
    assert not Invitation.objects.exists()


@pytest.mark.django_db
def test_a_manager_removes_a_member_but_never_the_last_manager(client_for, consultant, manager, organisation):
    with pytest.raises(TeamChangeRefused):
        membership_remove(membership=Membership.objects.get(user=manager), user=manager)
    remove = reverse(
        "assessments:membership_remove", args=[organisation.pk, Membership.objects.get(user=consultant).pk]
    )
    assert client_for(consultant).post(remove).status_code == 403  # consultants do not remove members
    assert client_for(manager).post(remove).status_code == 302
    assert not Membership.objects.filter(user=consultant).exists()
    assert Membership.history.filter(user_id=consultant.pk, history_type="-").get().history_user == manager
    # The last manager's own removal is refused from the page too.
    own = reverse("assessments:membership_remove", args=[organisation.pk, Membership.objects.get(user=manager).pk])
    client_for(manager).post(own)
    assert Membership.objects.filter(user=manager, role=Role.MANAGER).exists()


@pytest.mark.django_db
def test_the_decision_area_says_how_to_invite_a_manager_when_there_is_none(client_for, consultant, organisation):
    roadmap = done_roadmap_for(organisation=organisation, author=consultant)
    client = client_for(consultant)
    page = client.get(reverse("assessments:roadmap_dashboard", args=[roadmap.pk])).content.decode()
    assert 'data-testid="no-manager"' in page
    assert reverse("assessments:organisation_members", args=[organisation.pk]) in page
    # Once a manager joins, the (cached) decision area no longer says so.
    MembershipFactory.create(organisation=organisation, role=Role.MANAGER)
    page = client.get(reverse("assessments:roadmap_dashboard", args=[roadmap.pk])).content.decode()
    assert 'data-testid="no-manager"' not in page


@pytest.mark.django_db
def test_the_decision_form_shows_its_own_errors(client_for, consultant, manager, organisation):
    roadmap = done_roadmap_for(organisation=organisation, author=consultant)
    response = client_for(manager).post(
        reverse("assessments:roadmap_decide", args=[roadmap.pk]), {"decision": Decision.REJECTED, "comment": "  "}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-testid="comment-error"' in page
    assert 'aria-invalid="true"' in page
    assert f'action="{reverse("assessments:roadmap_decide", args=[roadmap.pk])}"' in page
    roadmap.refresh_from_db()
    assert roadmap.decision == Decision.PENDING


@pytest.mark.django_db
def test_members_page_query_count_is_pinned(client_for, consultant, manager, organisation, django_assert_num_queries):
    for index in range(5):
        MembershipFactory.create(organisation=organisation, role=Role.CONSULTANT)
        invitation_create(
            organisation=organisation, user=consultant, email=f"p{index}@client.example", role=Role.MANAGER
        )
    client = client_for(consultant)
    url = reverse("assessments:organisation_members", args=[organisation.pk])
    client.get(url)
    with django_assert_num_queries(MEMBERS_PAGE_QUERIES):
        response = client.get(url)
    assert len(response.context["members"]) == 7
    assert len(response.context["invitations"]) == 5


# Session, user, the organisation (tenancy), the viewer's role, members with users, invitations with
# senders, the navigation's roles: constant whatever the size of the team.
MEMBERS_PAGE_QUERIES = 7
