"""Submitting an assessment queues its base roadmap; the detail page offers "Compute roadmap"."""

import pytest
from django.urls import reverse

from assessments.capture.services import assessment_submit
from assessments.models import AssessmentStatus, Roadmap, RoadmapStatus
from tests.assessments import pipeline_support
from tests.assessments.pipeline_support import assessment_with_lines

pytestmark = pytest.mark.django_db

eager_celery = pipeline_support.eager_celery  # fixtures shared by the pipeline tests
recorded_sends = pipeline_support.recorded_sends


def test_submit_queues_the_base_roadmap_after_commit(
    organisation, consultant, recorded_sends, django_capture_on_commit_callbacks
):
    draft = assessment_with_lines(organisation=organisation, author=consultant, status=AssessmentStatus.DRAFT)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assessment_submit(assessment=draft, user=consultant)
    assert recorded_sends.calls == []
    for callback in callbacks:
        callback()

    roadmap = Roadmap.objects.get(assessment=draft)
    assert roadmap.name == ""
    assert roadmap.requested_by == consultant
    assert recorded_sends.roadmap_ids == [roadmap.pk]


@pytest.mark.usefixtures("eager_celery")
def test_submitted_assessment_becomes_computed(organisation, consultant, django_capture_on_commit_callbacks):
    draft = assessment_with_lines(organisation=organisation, author=consultant, status=AssessmentStatus.DRAFT)

    with django_capture_on_commit_callbacks(execute=True):
        assessment_submit(assessment=draft, user=consultant)

    roadmap = Roadmap.objects.get(assessment=draft)
    assert roadmap.status == RoadmapStatus.DONE, roadmap.failure_params
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.COMPUTED


def test_detail_page_offers_compute_to_consultants_only(organisation, consultant, manager, client_for):
    submitted = assessment_with_lines(organisation=organisation, author=consultant)
    url = reverse("assessments:detail", kwargs={"pk": submitted.pk})
    button = reverse("assessments:roadmap_compute", kwargs={"pk": submitted.pk})

    assert button in client_for(consultant).get(url).content.decode()
    assert button not in client_for(manager).get(url).content.decode()
