"""Approval: only managers decide, a decision is recorded once, an approved roadmap is locked."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from assessments.models import AssessmentStatus, Decision, Roadmap, RoadmapStatus, Role
from assessments.roadmaps.services import DecisionConflict, roadmap_decide
from tests.factories.core import MembershipFactory
from tests.factories.roadmaps import done_roadmap_for, roadmap_done_create


@pytest.fixture
def roadmap(organisation, consultant):
    return done_roadmap_for(organisation=organisation, author=consultant)


@pytest.fixture
def second_manager(organisation):
    return MembershipFactory.create(organisation=organisation, role=Role.MANAGER, user__username="manager3").user


def _decide(client, roadmap, decision="approved", comment=""):
    return client.post(
        reverse("assessments:roadmap_decide", args=[roadmap.pk]), {"decision": decision, "comment": comment}
    )


@pytest.mark.django_db
def test_manager_approves_with_a_comment_and_the_decision_is_recorded_and_shown(roadmap, manager, client_for):
    client = client_for(manager)
    response = _decide(client, roadmap, comment="Go ahead with phase one.")
    assert response.status_code == 302
    roadmap.refresh_from_db()
    assert roadmap.decision == Decision.APPROVED
    assert roadmap.decided_by == manager
    assert roadmap.decided_at is not None
    assert roadmap.decision_comment == "Go ahead with phase one."
    roadmap.assessment.refresh_from_db()
    assert roadmap.assessment.status == AssessmentStatus.APPROVED
    html = client.get(response["Location"]).content.decode()
    assert "Roadmap approved" in html
    assert "Go ahead with phase one." in html
    assert "This roadmap is locked" in html
    assert 'value="approved"' not in html  # no further decision offered


@pytest.mark.django_db
def test_rejection_needs_a_reason_and_leaves_the_assessment_status(roadmap, manager, client_for):
    client = client_for(manager)
    _decide(client, roadmap, decision="rejected", comment="")
    roadmap.refresh_from_db()
    assert roadmap.decision == Decision.PENDING
    _decide(client, roadmap, decision="rejected", comment="The BPO gate is too early.")
    roadmap.refresh_from_db()
    assert roadmap.decision == Decision.REJECTED
    roadmap.assessment.refresh_from_db()
    assert roadmap.assessment.status == AssessmentStatus.COMPUTED


@pytest.mark.django_db
def test_consultants_and_administrators_cannot_decide(roadmap, consultant, administrator, client_for):
    assert _decide(client_for(consultant), roadmap).status_code == 403
    assert _decide(client_for(administrator), roadmap).status_code == 403
    with pytest.raises(PermissionDenied):
        roadmap_decide(roadmap=roadmap, user=consultant, decision=Decision.APPROVED)
    roadmap.refresh_from_db()
    assert roadmap.decision == Decision.PENDING


@pytest.mark.django_db
def test_manager_of_another_organisation_gets_404(roadmap, other_manager, client_for):
    assert _decide(client_for(other_manager), roadmap).status_code == 404
    roadmap.refresh_from_db()
    assert roadmap.decision == Decision.PENDING


@pytest.mark.django_db
def test_an_approved_roadmap_is_locked(roadmap, manager, second_manager, client_for):
    roadmap_decide(roadmap=roadmap, user=manager, decision=Decision.APPROVED, comment="Yes")
    with pytest.raises(DecisionConflict) as conflict:
        roadmap_decide(roadmap=roadmap, user=second_manager, decision=Decision.REJECTED, comment="No")
    assert "already decided" in conflict.value.message
    response = _decide(client_for(second_manager), roadmap, decision="rejected", comment="No")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("already decided" in message for message in messages)
    roadmap.refresh_from_db()
    assert (roadmap.decision, roadmap.decided_by, roadmap.decision_comment) == (Decision.APPROVED, manager, "Yes")


@pytest.mark.django_db
def test_two_managers_deciding_from_the_same_page_leave_one_decision(roadmap, manager, second_manager):
    # Both loaded the roadmap while it was pending; the second decision arrives after the first.
    seen_by_first = Roadmap.objects.get(pk=roadmap.pk)
    seen_by_second = Roadmap.objects.get(pk=roadmap.pk)
    roadmap_decide(roadmap=seen_by_second, user=second_manager, decision=Decision.APPROVED, comment="B")
    with pytest.raises(DecisionConflict) as conflict:
        roadmap_decide(roadmap=seen_by_first, user=manager, decision=Decision.APPROVED, comment="A")
    assert "manager3" in conflict.value.message or "Approved by" in conflict.value.message
    roadmap.refresh_from_db()
    assert roadmap.decided_by == second_manager
    assert roadmap.decision_comment == "B"


@pytest.mark.django_db(transaction=True)
def test_two_managers_approving_at_the_same_moment_leave_one_consistent_decision(organisation, consultant):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memorydb", ":memory:")):
        pytest.skip("in-memory SQLite cannot serve two connections writing at once; CI runs this on PostgreSQL")
    roadmap = done_roadmap_for(organisation=organisation, author=consultant)
    managers = [
        MembershipFactory.create(organisation=organisation, role=Role.MANAGER, user__username=f"racer{index}").user
        for index in range(2)
    ]
    barrier = threading.Barrier(len(managers))
    outcomes: list[str] = []

    def approve(user) -> None:
        stale = Roadmap.objects.select_related("assessment__organisation").get(pk=roadmap.pk)
        barrier.wait()
        try:
            roadmap_decide(roadmap=stale, user=user, decision=Decision.APPROVED, comment=user.username)
            outcomes.append("approved")
        except DecisionConflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(user,)) for user in managers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["approved", "conflict"]
    roadmap.refresh_from_db()
    assert roadmap.decision == Decision.APPROVED
    assert roadmap.decided_by is not None
    assert roadmap.decision_comment == roadmap.decided_by.username  # who and what belong together


@pytest.mark.django_db
def test_only_one_roadmap_of_an_assessment_can_be_approved(roadmap, manager):
    scenario = roadmap_done_create(assessment=roadmap.assessment, name="Gate 75", overrides={"gate_fraction": 0.75})
    roadmap_decide(roadmap=roadmap, user=manager, decision=Decision.APPROVED)
    with pytest.raises(DecisionConflict) as conflict:
        roadmap_decide(roadmap=scenario, user=manager, decision=Decision.APPROVED)
    assert "already approved" in conflict.value.message
    # Rejecting the other one is still possible.
    roadmap_decide(roadmap=scenario, user=manager, decision=Decision.REJECTED, comment="We keep the base plan.")
    scenario.refresh_from_db()
    assert scenario.decision == Decision.REJECTED


@pytest.mark.django_db
def test_a_roadmap_still_computing_cannot_be_decided(roadmap, manager):
    Roadmap.objects.filter(pk=roadmap.pk).update(status=RoadmapStatus.RUNNING)
    roadmap.refresh_from_db()
    with pytest.raises(ValidationError):
        roadmap_decide(roadmap=roadmap, user=manager, decision=Decision.APPROVED)
    roadmap.refresh_from_db()
    assert roadmap.decision == Decision.PENDING


@pytest.mark.django_db
def test_decide_needs_post(roadmap, manager, client_for):
    assert client_for(manager).get(reverse("assessments:roadmap_decide", args=[roadmap.pk])).status_code == 405
