"""With the broker down, every way of asking for a computation tells the user it is kept and
will run when the queue is back (README "Reliability"), and keeps exactly one queued row.

No Redis needed: the Celery app is pointed at a port where nothing listens, which fails the
send as fast as a dead Redis does. Transactional, so the send runs when the request commits,
as in production.
"""

import time

import pytest
from django.urls import reverse

from assessments.models import AssessmentStatus, Roadmap, RoadmapStatus
from tests.assessments import pipeline_support
from tests.assessments import test_pipeline_broker as pipeline_broker
from tests.factories.roadmaps import assessment_with_lines_create, done_roadmap_for

broker_at = pipeline_broker.broker_at  # fixtures
eager_celery = pipeline_support.eager_celery

QUEUED_MESSAGE = "Your request is saved and will be computed automatically as soon as the queue is back"


@pytest.fixture
def broker_down(broker_at):
    broker_at(f"redis://127.0.0.1:{pipeline_broker._free_port()}/5")


@pytest.mark.django_db(transaction=True)
def test_submitting_a_draft_says_its_roadmap_is_queued(broker_down, organisation, consultant, client_for):
    draft = assessment_with_lines_create(
        organisation=organisation, author=consultant, status=AssessmentStatus.DRAFT, title="Draft to submit"
    )
    started = time.monotonic()
    response = client_for(consultant).post(
        reverse("assessments:review", args=[draft.pk]), data={"lock_version": draft.lock_version}, follow=True
    )
    assert time.monotonic() - started < 3
    assert response.status_code == 200
    page = response.content.decode()
    assert "now locked" in page
    assert QUEUED_MESSAGE in page
    roadmap = Roadmap.objects.get(assessment=draft)
    assert roadmap.status == RoadmapStatus.QUEUED
    assert roadmap.enqueued_at is None


@pytest.mark.django_db(transaction=True)
def test_a_scenario_requested_meanwhile_says_it_is_queued(broker_down, organisation, consultant, manager, client_for):
    done = done_roadmap_for(organisation=organisation, author=consultant)
    response = client_for(manager).post(
        reverse("assessments:scenario_create", args=[done.pk]),
        data={
            "name": "Gate at 80 %",
            "gate_fraction": "80",
            "discount_rate": "10",
            "horizon_months": "60",
            "max_parallel_ito": "2",
            "max_parallel_bpo": "2",
            "savings_band": "typical",
        },
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert QUEUED_MESSAGE in page
    assert "it is being computed" not in page
    scenario = Roadmap.objects.get(name="Gate at 80 %")
    assert scenario.status == RoadmapStatus.QUEUED
    assert scenario.enqueued_at is None


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_up_no_queue_warning_is_shown(eager_celery, organisation, consultant, client_for):
    """The embedded default (eager tasks): the submit computes at once and says nothing about a queue."""
    draft = assessment_with_lines_create(
        organisation=organisation, author=consultant, status=AssessmentStatus.DRAFT, title="Draft to submit"
    )
    response = client_for(consultant).post(
        reverse("assessments:review", args=[draft.pk]), data={"lock_version": draft.lock_version}, follow=True
    )
    assert "now locked" in response.content.decode()
    assert QUEUED_MESSAGE not in response.content.decode()
    assert Roadmap.objects.get(assessment=draft).status == RoadmapStatus.DONE
