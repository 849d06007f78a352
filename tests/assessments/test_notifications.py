"""Notices about decisions: managers when a roadmap awaits them, consultants when it is decided."""

import pytest
from django.core import mail
from django.urls import reverse

from assessments.models import Decision, NotificationKind, RoadmapNotification
from assessments.roadmaps.pipeline_services import _awaiting_decision_notify
from assessments.roadmaps.services import roadmap_decide
from tests.factories.roadmaps import done_roadmap_for

pytestmark = pytest.mark.django_db


def test_managers_hear_that_a_roadmap_awaits_their_decision(organisation, manager, consultant):
    manager.email = "manager@example.com"
    manager.save(update_fields=["email"])
    roadmap = done_roadmap_for(organisation=organisation)
    _awaiting_decision_notify(roadmap.pk)
    notices = RoadmapNotification.objects.filter(roadmap=roadmap)
    assert [(notice.user_id, notice.kind) for notice in notices] == [(manager.pk, NotificationKind.AWAITING_DECISION)]
    assert [message.to for message in mail.outbox] == [["manager@example.com"]]
    assert reverse("assessments:roadmap_dashboard", args=[roadmap.pk]) in mail.outbox[0].body


def test_the_consultant_hears_the_decision_with_its_comment(
    organisation, manager, consultant, client_for, django_capture_on_commit_callbacks
):
    consultant.email = "consultant@example.com"
    consultant.save(update_fields=["email"])
    roadmap = done_roadmap_for(organisation=organisation)
    roadmap.requested_by = consultant
    roadmap.save(update_fields=["requested_by"])
    with django_capture_on_commit_callbacks(execute=True):
        roadmap_decide(roadmap=roadmap, user=manager, decision=Decision.REJECTED, comment="Savings look too high")
    notice = RoadmapNotification.objects.get(user=consultant)
    assert (notice.kind, notice.comment) == (NotificationKind.REJECTED, "Savings look too high")
    assert mail.outbox[-1].to == ["consultant@example.com"]
    assert "Savings look too high" in mail.outbox[-1].body
    client = client_for(consultant)
    html = client.get(reverse("assessments:notifications")).content.decode()
    assert "Savings look too high" in html
    assert reverse("assessments:roadmap_dashboard", args=[roadmap.pk]) in html
    assert RoadmapNotification.objects.get(user=consultant).read_at is not None
    # Another user's notices are not listed.
    assert "Savings look too high" not in client_for(manager).get(reverse("assessments:notifications")).content.decode()
