"""Decision notices: resolved once the roadmap or a sibling is decided; e-mails with a full address
in the reader's language; the invitation e-mail in the invitee's or the inviter's language."""

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from assessments.models import Decision, NotificationKind, RoadmapNotification, Role
from assessments.organisations.preferences import user_language_set
from assessments.organisations.services import invitation_create, invitation_send
from assessments.roadmaps.notifications import roadmap_awaiting_decision_notify, users_language_get
from assessments.roadmaps.services import roadmap_decide
from tests.factories.core import UserFactory
from tests.factories.roadmaps import done_roadmap_for, roadmap_done_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def base_and_scenario(organisation, manager):
    manager.email = "manager@example.com"
    manager.save(update_fields=["email"])
    base = done_roadmap_for(organisation=organisation)
    scenario = roadmap_done_create(assessment=base.assessment, name="High savings", overrides={"savings_band": "high"})
    roadmap_awaiting_decision_notify(roadmap=base)
    roadmap_awaiting_decision_notify(roadmap=scenario)
    return base, scenario


def _unread(manager) -> set[int]:
    return set(
        RoadmapNotification.objects.filter(
            user=manager, kind=NotificationKind.AWAITING_DECISION, read_at__isnull=True
        ).values_list("roadmap_id", flat=True)
    )


def test_approving_one_roadmap_resolves_the_notices_of_every_roadmap_of_its_assessment(
    base_and_scenario, manager, client_for
):
    base, scenario = base_and_scenario
    other = done_roadmap_for(organisation=base.assessment.organisation, title="Another client")
    roadmap_awaiting_decision_notify(roadmap=other)
    assert _unread(manager) == {base.pk, scenario.pk, other.pk}
    roadmap_decide(roadmap=scenario, user=manager, decision=Decision.APPROVED)
    # The other assessment's notice is untouched.
    assert _unread(manager) == {other.pk}
    with translation.override("en"):
        html = client_for(manager).get(reverse("assessments:notifications")).content.decode()
    assert html.count('data-testid="notice-resolved"') == 2
    assert "Decided since: Not chosen: another roadmap was approved" in html
    assert "Decided since: Approved" in html


def test_rejecting_resolves_only_that_roadmaps_notice(base_and_scenario, manager):
    base, scenario = base_and_scenario
    roadmap_decide(roadmap=base, user=manager, decision=Decision.REJECTED, comment="Too risky")
    assert _unread(manager) == {scenario.pk}


def test_no_notice_for_a_roadmap_computed_after_a_sibling_was_approved(base_and_scenario, manager):
    base, scenario = base_and_scenario
    roadmap_decide(roadmap=scenario, user=manager, decision=Decision.APPROVED)
    late = roadmap_done_create(assessment=base.assessment, name="Late", overrides={"savings_band": "low"})
    assert roadmap_awaiting_decision_notify(roadmap=late) == 0
    assert not RoadmapNotification.objects.filter(roadmap=late).exists()


@override_settings(SITE_URL="https://navigator.example")
def test_e_mails_carry_a_full_address_in_each_readers_language(organisation, manager):
    manager.email = "manager@example.com"
    manager.save(update_fields=["email"])
    english = UserFactory.create(email="english@example.com")
    organisation.memberships.create(user=english, role=Role.MANAGER)
    user_language_set(user=manager, language="id")
    roadmap = done_roadmap_for(organisation=organisation)
    mail.outbox.clear()
    # Sent while the consultant's Indonesian is active: each reader still gets their own language.
    with translation.override("id"):
        roadmap_awaiting_decision_notify(roadmap=roadmap)
    by_reader = {message.to[0]: message for message in mail.outbox}
    address = "https://navigator.example" + reverse("assessments:roadmap_dashboard", args=[roadmap.pk])
    assert by_reader["manager@example.com"].subject.startswith("Peta jalan menunggu keputusan Anda")
    assert by_reader["english@example.com"].subject.startswith("Roadmap awaits your decision")
    for message in by_reader.values():
        found = re.search(r"https://navigator\.example/\S+", str(message.body))
        assert found is not None
        assert found.group(0) == address


def test_readers_without_a_preference_get_the_site_language(manager, settings):
    settings.LANGUAGE_CODE = "id"
    assert users_language_get(users=[manager]) == {manager.pk: "id"}
    user_language_set(user=manager, language="en")
    assert users_language_get(users=[manager]) == {manager.pk: "en"}


def test_invitation_e_mail_in_the_invitees_language_else_the_inviters(organisation, consultant):
    invitation, _token = invitation_create(
        organisation=organisation, user=consultant, email="new@client.example", role=Role.MANAGER
    )
    with translation.override("id"):
        invitation_send(invitation=invitation, accept_url="https://navigator.example/invitations/x/")
    assert mail.outbox[-1].subject.startswith("Bergabung dengan")
    assert "Buka tautan ini untuk menerima" in mail.outbox[-1].body
    known = UserFactory.create(email="Known@Client.example")
    user_language_set(user=known, language="en")
    invitation, _token = invitation_create(
        organisation=organisation, user=consultant, email="known@client.example", role=Role.MANAGER
    )
    with translation.override("id"):
        invitation_send(invitation=invitation, accept_url="https://navigator.example/invitations/y/")
    assert mail.outbox[-1].subject.startswith("Join ")
    assert "Open this link to accept" in mail.outbox[-1].body
