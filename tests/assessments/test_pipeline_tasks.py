"""The Celery tasks: names, delivery guarantees, retries, and an eager end-to-end run."""

import pytest
from celery.exceptions import Retry
from django.conf import settings as django_settings
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError

from assessments.engine import EngineInputError
from assessments.models import AssessmentStatus, RoadmapStatus
from assessments.roadmaps import pipeline_services as roadmap_services
from assessments.roadmaps.pipeline_selectors import roadmap_failure_message
from assessments.roadmaps.pipeline_services import ComputeOutcome, roadmap_request
from assessments.roadmaps.tasks import roadmap_compute_task, roadmap_resend_pending_task
from outsourcing.celery import app as celery_app
from tests.assessments import pipeline_support
from tests.assessments.pipeline_support import assessment_with_lines, roadmap_row

eager_celery = pipeline_support.eager_celery  # fixture shared by the pipeline tests


@pytest.fixture
def assessment(organisation, consultant):
    return assessment_with_lines(organisation=organisation, author=consultant, it=3, bpo=2)


def test_tasks_are_registered_under_their_explicit_names():
    assert celery_app.tasks["assessments.roadmap_compute"].run is roadmap_compute_task.run
    assert celery_app.tasks["assessments.roadmap_resend_pending"].run is roadmap_resend_pending_task.run
    beat = django_settings.CELERY_BEAT_SCHEDULE["resend-pending-roadmaps"]
    assert beat["task"] == roadmap_resend_pending_task.name


def test_compute_task_survives_worker_loss_and_retries_transient_errors():
    task = roadmap_compute_task
    assert task.acks_late is True
    assert task.reject_on_worker_lost is True
    assert set(task.autoretry_for) >= {OperationalError, InterfaceError, KombuOperationalError, RedisConnectionError}
    assert not any(issubclass(EngineInputError, kind) for kind in task.autoretry_for)
    assert task.retry_backoff is True
    assert task.retry_jitter is True
    assert task.max_retries == 5
    assert task.soft_time_limit == django_settings.CELERY_TASK_SOFT_TIME_LIMIT
    assert task.time_limit == django_settings.CELERY_TASK_TIME_LIMIT
    assert task.soft_time_limit < task.time_limit
    # A task waiting for its retry countdown must not count as lost by the broker.
    assert task.retry_backoff_max < django_settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert roadmap_resend_pending_task.acks_late is True


def test_broker_fails_fast_rather_than_hanging_a_request():
    options = django_settings.CELERY_BROKER_TRANSPORT_OPTIONS
    assert options["socket_connect_timeout"] <= 2
    assert options["socket_timeout"] <= 5
    assert django_settings.CELERY_TASK_PUBLISH_RETRY_POLICY["max_retries"] <= 1


@pytest.mark.django_db
@pytest.mark.usefixtures("eager_celery")
def test_request_computes_with_the_real_engine_when_eager(assessment, consultant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        roadmap = roadmap_request(assessment=assessment, user=consultant)

    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.DONE, roadmap.failure_params
    assert roadmap.enqueued_at is not None
    assert roadmap.attempts == 1
    result = roadmap.result
    assert result is not None
    assert {"engine_version", "gate_month", "phases", "items", "cash_flow", "kpis", "scenarios"} <= set(result)
    assert set(result["scenarios"]) == {"low", "typical", "high"}
    assert len(result["items"]) == 5
    assert all(item["rationale"] for item in result["items"])
    assert roadmap.npv is not None
    assert float(roadmap.npv) == pytest.approx(result["kpis"]["npv"], abs=0.01)
    assert roadmap.payback_month == result["kpis"]["payback_month"]
    assert roadmap.engine_version == result["engine_version"]
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.COMPUTED


@pytest.fixture
def eager_retries(eager_celery):
    """Eager runs retry only when they do not propagate errors (Celery re-raises the Retry otherwise)."""
    eager_celery.conf.task_eager_propagates = False
    return eager_celery


@pytest.mark.django_db
@pytest.mark.usefixtures("eager_retries")
def test_transient_errors_are_retried_then_succeed(assessment, monkeypatch):
    roadmap = roadmap_row(assessment)
    failures = [OperationalError("database is locked"), InterfaceError("connection already closed")]
    real_compute = roadmap_services.roadmap_compute

    def flaky(*, roadmap_id):
        if failures:
            raise failures.pop(0)
        return real_compute(roadmap_id=roadmap_id)

    monkeypatch.setattr(roadmap_services, "roadmap_compute", flaky)
    monkeypatch.setattr(roadmap_services, "engine_run", lambda document: {"kpis": {"npv": 1.0}})

    result = roadmap_compute_task.apply(kwargs={"roadmap_id": roadmap.pk})

    assert result.get() == RoadmapStatus.DONE
    assert failures == []
    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.DONE


@pytest.mark.django_db
@pytest.mark.usefixtures("eager_retries")
def test_exhausted_retries_fail_the_row_with_a_reason(assessment, monkeypatch):
    roadmap = roadmap_row(assessment)
    calls: list[int] = []

    def down(*, roadmap_id):
        calls.append(roadmap_id)
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(roadmap_services, "roadmap_compute", down)

    with pytest.raises(OperationalError):
        roadmap_compute_task.apply(kwargs={"roadmap_id": roadmap.pk}).get()

    assert len(calls) == 1 + roadmap_compute_task.max_retries
    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.FAILED
    assert "OperationalError" in roadmap_failure_message(roadmap=roadmap)


@pytest.mark.django_db
@pytest.mark.usefixtures("eager_celery")
def test_an_engine_error_is_not_retried(assessment, monkeypatch):
    roadmap = roadmap_row(assessment)
    calls: list[dict] = []

    def reject(document):
        calls.append(document)
        raise EngineInputError("parameters.region", "should be a non-empty string")

    monkeypatch.setattr(roadmap_services, "engine_run", reject)

    assert roadmap_compute_task.apply(kwargs={"roadmap_id": roadmap.pk}).get() == RoadmapStatus.FAILED

    assert len(calls) == 1
    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.FAILED
    assert roadmap_failure_message(roadmap=roadmap).startswith("The engine rejected the input: parameters.region")


def test_a_busy_row_is_looked_at_again_after_the_countdown(monkeypatch):
    monkeypatch.setattr(
        roadmap_services, "roadmap_compute", lambda *, roadmap_id: ComputeOutcome(RoadmapStatus.RUNNING, retry_after=42)
    )
    countdowns: list[int] = []

    def retry(**kwargs):
        countdowns.append(kwargs["countdown"])
        return Retry()

    monkeypatch.setattr(roadmap_compute_task, "retry", retry)
    roadmap_compute_task.push_request(is_eager=False)
    try:
        with pytest.raises(Retry):
            roadmap_compute_task.run(roadmap_id=1)
    finally:
        roadmap_compute_task.pop_request()

    assert countdowns == [42]


@pytest.mark.django_db
@pytest.mark.usefixtures("eager_celery")
def test_resend_task_sends_stranded_rows(assessment, monkeypatch):
    monkeypatch.setattr(roadmap_services, "engine_run", lambda document: {"kpis": {"npv": 2.0}})
    stranded = roadmap_row(assessment)

    assert roadmap_resend_pending_task.apply().get() == 1

    stranded.refresh_from_db()
    assert stranded.status == RoadmapStatus.DONE


@pytest.mark.django_db
@pytest.mark.usefixtures("eager_celery")
def test_the_starter_catalogue_feeds_the_engine(organisation, consultant, django_capture_on_commit_callbacks):
    """Catalogue -> selector -> engine: the shipped capabilities, benchmarks and demo providers are valid input."""
    from providers.demo import demo_catalogue_seed
    from providers.seed import seed_capabilities, seed_certifications, seed_regions

    seed_regions()
    seed_certifications()
    seed_capabilities()
    demo_catalogue_seed()
    assessment = assessment_with_lines(organisation=organisation, author=consultant, it=4, bpo=4)

    with django_capture_on_commit_callbacks(execute=True):
        roadmap = roadmap_request(assessment=assessment, user=consultant)

    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.DONE, roadmap.failure_params
    assert roadmap.inputs is not None
    assert roadmap.result is not None
    assert roadmap.inputs["offerings"]
    assert any(item["shortlist"] for item in roadmap.result["items"])
