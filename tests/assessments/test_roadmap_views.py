"""The roadmap pages: request, progress, result, failure and retry; roles and tenancy."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape
from kombu.exceptions import OperationalError as KombuOperationalError

from assessments.models import Roadmap, RoadmapStatus
from assessments.roadmaps import pipeline_services as roadmap_services
from assessments.roadmaps.rationale import item_rationale
from tests.assessments import pipeline_support
from tests.assessments.pipeline_support import assessment_with_lines, fake_result, roadmap_row

pytestmark = pytest.mark.django_db

eager_celery = pipeline_support.eager_celery  # fixtures shared by the pipeline tests
recorded_sends = pipeline_support.recorded_sends


@pytest.fixture
def assessment(organisation, consultant):
    return assessment_with_lines(organisation=organisation, author=consultant, it=3, bpo=2)


def _compute_url(assessment) -> str:
    return reverse("assessments:roadmap_compute", kwargs={"pk": assessment.pk})


def _urls(roadmap) -> dict[str, tuple[str, str]]:
    return {
        "status": ("get", reverse("assessments:roadmap_status", kwargs={"pk": roadmap.pk})),
        "json": ("get", reverse("assessments:roadmap_status_json", kwargs={"pk": roadmap.pk})),
        "retry": ("post", reverse("assessments:roadmap_retry", kwargs={"pk": roadmap.pk})),
        "compute": ("post", _compute_url(roadmap.assessment)),
    }


@pytest.mark.usefixtures("eager_celery")
def test_consultant_computes_and_sees_the_roadmap(
    assessment, consultant, client_for, django_capture_on_commit_callbacks
):
    client = client_for(consultant)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_compute_url(assessment))

    roadmap = Roadmap.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:roadmap_status", kwargs={"pk": roadmap.pk})
    assert roadmap.status == RoadmapStatus.DONE, roadmap.failure_params

    page = client.get(response["Location"])
    content = page.content.decode()
    assert page.status_code == 200
    assert 'id="roadmap-status-badge" class="badge fs-6 text-bg-success">Done<' in content
    assert "Net present value" in content
    assert 'id="roadmap-items"' in content
    assert roadmap.result is not None
    for item in roadmap.result["items"]:
        expected = item_rationale(item, currency=roadmap.result["currency"])
        assert escape(expected) in content
    assert "roadmap-progress" not in content  # no polling once done


def test_double_post_queues_one_computation(
    assessment, consultant, client_for, recorded_sends, django_capture_on_commit_callbacks
):
    client = client_for(consultant)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(_compute_url(assessment))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_compute_url(assessment))

    assert Roadmap.objects.count() == 1
    assert len(recorded_sends.calls) == 1


def test_queued_page_polls_without_inline_script(assessment, consultant, client_for):
    roadmap = roadmap_row(assessment)

    content = client_for(consultant).get(reverse("assessments:roadmap_status", kwargs={"pk": roadmap.pk})).content
    html = content.decode()

    assert 'data-status-url="{}"'.format(reverse("assessments:roadmap_status_json", kwargs={"pk": roadmap.pk})) in html
    assert "js/roadmap_status.js" in html
    # Every script is a file (Content-Security-Policy: script-src 'self').
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", html))
    assert "task queue is not reachable" in html  # queued and never sent


def test_status_json_reports_progress(assessment, consultant, client_for):
    roadmap = roadmap_row(assessment, status=RoadmapStatus.RUNNING, attempts=1)

    response = client_for(consultant).get(reverse("assessments:roadmap_status_json", kwargs={"pk": roadmap.pk}))

    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    payload = response.json()
    assert payload["status"] == "running"
    assert payload["finished"] is False
    assert payload["attempts"] == 1
    assert "result" not in payload


def test_broker_down_gives_a_warning_not_an_error(
    assessment, consultant, client_for, recorded_sends, django_capture_on_commit_callbacks
):
    recorded_sends.error = KombuOperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(consultant).post(_compute_url(assessment), follow=True)

    assert response.status_code == 200
    assert "task queue is not reachable" in response.content.decode()
    roadmap = Roadmap.objects.get()
    assert roadmap.status == RoadmapStatus.QUEUED
    assert roadmap.enqueued_at is None


def test_failure_shows_its_reason_and_a_retry_button(assessment, consultant, client_for):
    roadmap = roadmap_row(
        assessment,
        status=RoadmapStatus.FAILED,
        failure_code="input_rejected",
        failure_params={"error": "it_cost_areas[2].annual_cost: too big"},
    )

    html = client_for(consultant).get(reverse("assessments:roadmap_status", kwargs={"pk": roadmap.pk})).content.decode()

    assert "it_cost_areas[2].annual_cost: too big" in html
    assert reverse("assessments:roadmap_retry", kwargs={"pk": roadmap.pk}) in html


@pytest.mark.usefixtures("eager_celery")
def test_retry_computes_a_failed_roadmap_again(
    assessment, consultant, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(roadmap_services, "engine_run", lambda document: fake_result())
    roadmap = roadmap_row(
        assessment,
        status=RoadmapStatus.FAILED,
        failure_code="not_saved",
        failure_params={"kind": "OperationalError", "error": "database went away"},
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(consultant).post(reverse("assessments:roadmap_retry", kwargs={"pk": roadmap.pk}))

    assert response.status_code == 302
    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.DONE
    assert roadmap.failure_code == ""


def test_manager_views_but_cannot_compute_or_retry(assessment, manager, client_for, recorded_sends):
    roadmap = roadmap_row(
        assessment, status=RoadmapStatus.FAILED, failure_code="engine_error", failure_params={"kind": "RuntimeError"}
    )
    client = client_for(manager)

    page = client.get(reverse("assessments:roadmap_status", kwargs={"pk": roadmap.pk}))
    assert page.status_code == 200
    assert reverse("assessments:roadmap_retry", kwargs={"pk": roadmap.pk}) not in page.content.decode()

    assert client.post(_compute_url(assessment)).status_code == 403
    assert client.post(reverse("assessments:roadmap_retry", kwargs={"pk": roadmap.pk})).status_code == 403
    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.FAILED
    assert Roadmap.objects.count() == 1
    assert recorded_sends.calls == []


def test_administrator_reads_only(assessment, administrator, client_for, recorded_sends):
    roadmap = roadmap_row(assessment, status=RoadmapStatus.FAILED)
    client = client_for(administrator)

    assert client.get(reverse("assessments:roadmap_status", kwargs={"pk": roadmap.pk})).status_code == 200
    assert client.post(_compute_url(assessment)).status_code == 403
    assert client.post(reverse("assessments:roadmap_retry", kwargs={"pk": roadmap.pk})).status_code == 403
    assert recorded_sends.calls == []


@pytest.mark.parametrize("outsider", ["other_consultant", "other_manager"])
def test_another_organisation_gets_404_everywhere(assessment, client_for, request, outsider, recorded_sends):
    roadmap = roadmap_row(assessment, status=RoadmapStatus.FAILED)
    client = client_for(request.getfixturevalue(outsider))

    for name, (method, url) in _urls(roadmap).items():
        response = getattr(client, method)(url)
        assert response.status_code == 404, name

    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.FAILED
    assert Roadmap.objects.count() == 1
    assert recorded_sends.calls == []


def test_anonymous_is_sent_to_sign_in(assessment, client):
    roadmap = roadmap_row(assessment)

    for _name, (method, url) in _urls(roadmap).items():
        response = getattr(client, method)(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_compute_needs_post(assessment, consultant, client_for):
    assert client_for(consultant).get(_compute_url(assessment)).status_code == 405
    assert not Roadmap.objects.exists()


@pytest.mark.parametrize("items", [2, 40])
def test_status_page_queries_do_not_grow_with_items(
    assessment, consultant, client_for, django_assert_max_num_queries, items
):
    roadmap = roadmap_row(assessment, status=RoadmapStatus.DONE, result=fake_result(items=items))
    client = client_for(consultant)
    url = reverse("assessments:roadmap_status", kwargs={"pk": roadmap.pk})
    client.get(url)  # warm the session and the nav caches

    # session, user, roadmap + assessment, role, capability names, nav flags.
    with django_assert_max_num_queries(8):
        response = client.get(url)

    assert response.content.decode().count("Rationale number") == items
