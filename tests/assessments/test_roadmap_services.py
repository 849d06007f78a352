"""Requesting, computing, retrying and re-sending roadmaps (the broker is a recorder here)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError

from assessments.engine import EngineInputError
from assessments.models import Assessment, AssessmentStatus, Roadmap, RoadmapStatus
from assessments.roadmaps import pipeline_services as roadmap_services
from assessments.roadmaps.failures import FailureCode
from assessments.roadmaps.inputs import RoadmapOverridesError
from assessments.roadmaps.pipeline_selectors import roadmap_failure_message, roadmap_is_waiting_for_broker
from assessments.roadmaps.pipeline_services import (
    roadmap_compute,
    roadmap_fail,
    roadmap_request,
    roadmap_resend_pending,
    roadmap_retry,
)
from tests.assessments import pipeline_support
from tests.assessments.pipeline_support import assessment_with_lines, fake_result, roadmap_row

recorded_sends = pipeline_support.recorded_sends  # fixture shared by the pipeline tests

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("recorded_sends")]


@pytest.fixture
def assessment(organisation, consultant):
    return assessment_with_lines(organisation=organisation, author=consultant)


@pytest.fixture
def engine_calls(monkeypatch):
    """The engine replaced by a fake that records the documents it is given."""
    calls: list[dict] = []

    def run(document):
        calls.append(document)
        return fake_result()

    monkeypatch.setattr(roadmap_services, "engine_run", run)
    return calls


def _long_ago(settings, extra: int = 5):
    return timezone.now() - timedelta(
        seconds=settings.CELERY_TASK_TIME_LIMIT + settings.ROADMAP_RECLAIM_GRACE_SECONDS + extra
    )


# --- request -------------------------------------------------------------------------


def test_request_stores_the_row_and_sends_only_after_commit(
    assessment, consultant, recorded_sends, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        roadmap = roadmap_request(assessment=assessment, user=consultant)
        assert recorded_sends.calls == []

    assert roadmap.status == RoadmapStatus.QUEUED
    assert roadmap.requested_by == consultant
    assert roadmap.inputs is not None
    assert roadmap.inputs["parameters"]["region"] == assessment.region.code
    assert len(roadmap.inputs_hash) == 64
    assert roadmap.enqueued_at is None

    for callback in callbacks:
        callback()

    assert recorded_sends.roadmap_ids == [roadmap.pk]
    roadmap.refresh_from_db()
    assert roadmap.enqueued_at is not None


def test_double_click_queues_one_computation(
    assessment, consultant, recorded_sends, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = roadmap_request(assessment=assessment, user=consultant)
    with django_capture_on_commit_callbacks(execute=True):
        second = roadmap_request(assessment=assessment, user=consultant)

    assert first.pk == second.pk
    assert Roadmap.objects.count() == 1
    assert recorded_sends.roadmap_ids == [first.pk]


def test_changed_inputs_make_a_new_row(assessment, consultant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = roadmap_request(assessment=assessment, user=consultant)
    area = assessment.it_cost_areas.first()
    area.annual_cost += Decimal("1000")
    area.save()
    with django_capture_on_commit_callbacks(execute=True):
        second = roadmap_request(assessment=assessment, user=consultant)

    assert first.pk != second.pk
    assert first.inputs_hash != second.inputs_hash


def test_scenario_keeps_its_overrides(assessment, consultant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        scenario = roadmap_request(
            assessment=assessment, user=consultant, name="Cautious", overrides={"savings_band": "low"}
        )

    assert scenario.parameter_overrides == {"savings_band": "low"}
    assert scenario.inputs is not None
    assert scenario.inputs["parameters"]["savings_band"] == "low"


def test_unknown_override_is_refused_before_anything_is_stored(assessment, consultant):
    with pytest.raises(RoadmapOverridesError):
        roadmap_request(assessment=assessment, user=consultant, overrides={"colour": "blue"})
    assert not Roadmap.objects.exists()


def test_only_consultants_may_request(assessment, manager, administrator, other_consultant):
    for user in (manager, administrator, other_consultant):
        with pytest.raises(PermissionDenied):
            roadmap_request(assessment=assessment, user=user)
    assert not Roadmap.objects.exists()


def test_broker_down_keeps_the_request_queued_and_unsent(
    assessment, consultant, recorded_sends, django_capture_on_commit_callbacks
):
    recorded_sends.error = KombuOperationalError("Error 111 connecting to 127.0.0.1:1. Connection refused.")

    with django_capture_on_commit_callbacks(execute=True):
        roadmap = roadmap_request(assessment=assessment, user=consultant)

    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.QUEUED
    assert roadmap.enqueued_at is None
    assert roadmap_is_waiting_for_broker(roadmap=roadmap)


def test_next_request_sends_what_an_outage_left_behind(
    assessment, organisation, consultant, recorded_sends, django_capture_on_commit_callbacks
):
    recorded_sends.error = KombuOperationalError("down")
    with django_capture_on_commit_callbacks(execute=True):
        stranded = roadmap_request(assessment=assessment, user=consultant)
    recorded_sends.error = None
    other = assessment_with_lines(organisation=organisation, author=consultant, it=1, bpo=0)

    with django_capture_on_commit_callbacks(execute=True):
        fresh = roadmap_request(assessment=other, user=consultant)

    assert recorded_sends.roadmap_ids == [fresh.pk, stranded.pk]
    assert Roadmap.objects.filter(enqueued_at__isnull=True).count() == 0


def test_repeating_a_stranded_request_sends_it(
    assessment, consultant, recorded_sends, django_capture_on_commit_callbacks
):
    recorded_sends.error = KombuOperationalError("down")
    with django_capture_on_commit_callbacks(execute=True):
        roadmap = roadmap_request(assessment=assessment, user=consultant)
    recorded_sends.error = None

    with django_capture_on_commit_callbacks(execute=True):
        again = roadmap_request(assessment=assessment, user=consultant)

    assert again.pk == roadmap.pk
    assert recorded_sends.roadmap_ids == [roadmap.pk]


# --- resend --------------------------------------------------------------------------


def test_resend_picks_unsent_lost_and_dead_rows_only(assessment, recorded_sends, settings):
    now = timezone.now()
    lost_since = now - timedelta(seconds=settings.ROADMAP_RESEND_AFTER_SECONDS + 5)
    unsent = roadmap_row(assessment)
    lost = roadmap_row(assessment, enqueued_at=lost_since)
    dead = roadmap_row(
        assessment, status=RoadmapStatus.RUNNING, started_at=_long_ago(settings), enqueued_at=_long_ago(settings)
    )
    roadmap_row(assessment, enqueued_at=now)  # in the queue right now
    roadmap_row(assessment, status=RoadmapStatus.RUNNING, started_at=now, enqueued_at=now)  # being computed
    roadmap_row(assessment, status=RoadmapStatus.DONE, enqueued_at=lost_since)
    roadmap_row(assessment, status=RoadmapStatus.FAILED)

    assert roadmap_resend_pending() == 3

    assert sorted(recorded_sends.roadmap_ids) == sorted([unsent.pk, lost.pk, dead.pk])
    assert roadmap_resend_pending() == 0  # each is claimed, a second sweep sends nothing


def test_resend_stops_at_the_first_refusal(assessment, recorded_sends):
    for _ in range(3):
        roadmap_row(assessment)
    recorded_sends.error = KombuOperationalError("down")

    assert roadmap_resend_pending() == 0

    assert Roadmap.objects.filter(enqueued_at__isnull=True).count() == 3


# --- compute -------------------------------------------------------------------------


def test_compute_stores_result_figures_and_status_together(assessment, consultant, engine_calls, settings):
    roadmap = roadmap_row(assessment, requested_by=consultant, enqueued_at=timezone.now())

    outcome = roadmap_compute(roadmap_id=roadmap.pk)

    assert outcome.status == RoadmapStatus.DONE
    assert engine_calls == [roadmap.inputs]
    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.DONE
    assert roadmap.result == fake_result()
    assert roadmap.npv == Decimal("1234567.89")
    assert roadmap.payback_month == 14
    assert roadmap.run_rate_ito == Decimal("250000.00")
    assert roadmap.run_rate_bpo == Decimal("125000.50")
    assert roadmap.engine_version == "fake-1"
    assert roadmap.attempts == 1
    assert roadmap.compute_ms is not None
    assert roadmap.started_at is not None
    assert roadmap.finished_at is not None
    assert roadmap.started_at <= roadmap.finished_at
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.COMPUTED


def test_a_scenario_does_not_change_the_assessment_status(assessment, engine_calls):
    roadmap = roadmap_row(assessment, name="Optimistic")

    roadmap_compute(roadmap_id=roadmap.pk)

    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED


def test_approved_assessment_stays_approved(assessment, engine_calls):
    Assessment.objects.filter(pk=assessment.pk).update(status=AssessmentStatus.APPROVED)
    roadmap = roadmap_row(assessment)

    roadmap_compute(roadmap_id=roadmap.pk)

    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.APPROVED


def test_a_done_row_is_left_alone(assessment, engine_calls):
    roadmap = roadmap_row(assessment, status=RoadmapStatus.DONE, result={"kept": True}, attempts=1)

    outcome = roadmap_compute(roadmap_id=roadmap.pk)

    assert outcome.status == RoadmapStatus.DONE
    assert engine_calls == []
    roadmap.refresh_from_db()
    assert roadmap.result == {"kept": True}
    assert roadmap.attempts == 1


def test_a_redelivered_message_computes_once(assessment, engine_calls):
    roadmap = roadmap_row(assessment)

    roadmap_compute(roadmap_id=roadmap.pk)
    roadmap_compute(roadmap_id=roadmap.pk)

    assert len(engine_calls) == 1
    roadmap.refresh_from_db()
    assert roadmap.attempts == 1


def test_a_row_running_elsewhere_is_not_computed_twice(assessment, engine_calls, settings):
    started = timezone.now() - timedelta(seconds=10)
    roadmap = roadmap_row(assessment, status=RoadmapStatus.RUNNING, started_at=started, attempts=1)

    outcome = roadmap_compute(roadmap_id=roadmap.pk)

    assert engine_calls == []
    assert outcome.status == RoadmapStatus.RUNNING
    # Asked to look again once the other worker would have hit the hard time limit.
    expected = settings.CELERY_TASK_TIME_LIMIT + settings.ROADMAP_RECLAIM_GRACE_SECONDS - 10
    assert expected <= outcome.retry_after <= expected + 2
    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.RUNNING
    assert roadmap.attempts == 1


def test_a_row_stuck_running_after_a_worker_died_is_reclaimed(assessment, engine_calls, settings):
    roadmap = roadmap_row(assessment, status=RoadmapStatus.RUNNING, started_at=_long_ago(settings), attempts=1)

    outcome = roadmap_compute(roadmap_id=roadmap.pk)

    assert outcome.status == RoadmapStatus.DONE
    assert len(engine_calls) == 1
    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.DONE
    assert roadmap.attempts == 2


def test_a_computation_that_keeps_killing_workers_is_abandoned(assessment, engine_calls, settings):
    roadmap = roadmap_row(
        assessment,
        status=RoadmapStatus.RUNNING,
        started_at=_long_ago(settings),
        attempts=settings.ROADMAP_MAX_ATTEMPTS,
    )

    outcome = roadmap_compute(roadmap_id=roadmap.pk)

    assert outcome.status == RoadmapStatus.FAILED
    assert engine_calls == []
    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.FAILED
    assert "interrupted 3 times" in roadmap_failure_message(roadmap=roadmap)


def test_engine_input_error_fails_the_row_with_the_field(assessment, monkeypatch):
    def run(document):
        raise EngineInputError("it_cost_areas[0].annual_cost", "-1 is less than the minimum of 0")

    monkeypatch.setattr(roadmap_services, "engine_run", run)
    roadmap = roadmap_row(assessment)

    outcome = roadmap_compute(roadmap_id=roadmap.pk)

    assert outcome.status == RoadmapStatus.FAILED
    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.FAILED
    assert "it_cost_areas[0].annual_cost" in roadmap_failure_message(roadmap=roadmap)
    assert roadmap.result is None
    assert roadmap.finished_at is not None
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED


def test_the_real_engine_rejects_a_bad_document_naming_the_field(assessment):
    roadmap = roadmap_row(
        assessment,
        inputs={
            "parameters": {"region": "id", "currency": "IDR"},
            "it_cost_areas": [{"id": "it-1", "capability": "compute", "annual_cost": -5}],
        },
    )

    roadmap_compute(roadmap_id=roadmap.pk)

    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.FAILED
    assert "annual_cost" in roadmap_failure_message(roadmap=roadmap)


def test_an_unexpected_engine_error_fails_the_row(assessment, monkeypatch):
    monkeypatch.setattr(roadmap_services, "engine_run", lambda document: 1 / 0)
    roadmap = roadmap_row(assessment)

    roadmap_compute(roadmap_id=roadmap.pk)

    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.FAILED
    assert "ZeroDivisionError" in roadmap_failure_message(roadmap=roadmap)


def test_a_transient_database_error_releases_the_row_for_the_retry(assessment, engine_calls, monkeypatch):
    roadmap = roadmap_row(assessment)
    real_store = roadmap_services._store_result

    def store_fails_once(*args, **kwargs):
        monkeypatch.setattr(roadmap_services, "_store_result", real_store)
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(roadmap_services, "_store_result", store_fails_once)

    with pytest.raises(OperationalError):
        roadmap_compute(roadmap_id=roadmap.pk)

    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.QUEUED
    assert roadmap.result is None

    assert roadmap_compute(roadmap_id=roadmap.pk).status == RoadmapStatus.DONE
    roadmap.refresh_from_db()
    assert roadmap.attempts == 2


def test_nothing_is_half_written_when_saving_fails(assessment, engine_calls, monkeypatch):
    """The assessment update fails after the roadmap row was saved: both roll back together."""
    roadmap = roadmap_row(assessment)

    def broken_save(self, *args, **kwargs):
        raise IntegrityError("assessment_status_check")

    monkeypatch.setattr(Assessment, "save", broken_save)

    outcome = roadmap_compute(roadmap_id=roadmap.pk)

    assert outcome.status == RoadmapStatus.FAILED
    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.FAILED
    assert roadmap.result is None
    assert roadmap.npv is None
    assert roadmap.payback_month is None
    assert "IntegrityError" in roadmap_failure_message(roadmap=roadmap)


def test_a_deleted_roadmap_is_ignored(engine_calls):
    assert roadmap_compute(roadmap_id=987654).status == "missing"
    assert engine_calls == []


# --- retry and give up -----------------------------------------------------------------


def test_retry_requeues_a_failed_row_once(assessment, consultant, recorded_sends, django_capture_on_commit_callbacks):
    roadmap = roadmap_row(
        assessment,
        status=RoadmapStatus.FAILED,
        failure_code="engine_error",
        failure_params={"kind": "RuntimeError"},
        attempts=2,
    )

    with django_capture_on_commit_callbacks(execute=True):
        roadmap = roadmap_retry(roadmap=roadmap, user=consultant)
    with django_capture_on_commit_callbacks(execute=True):
        roadmap_retry(roadmap=roadmap, user=consultant)  # double click

    assert roadmap.status == RoadmapStatus.QUEUED
    assert roadmap.failure_code == ""
    assert roadmap.attempts == 0
    assert recorded_sends.roadmap_ids == [roadmap.pk]


def test_retry_leaves_a_done_row_alone(assessment, consultant, recorded_sends, django_capture_on_commit_callbacks):
    roadmap = roadmap_row(assessment, status=RoadmapStatus.DONE)

    with django_capture_on_commit_callbacks(execute=True):
        roadmap = roadmap_retry(roadmap=roadmap, user=consultant)

    assert roadmap.status == RoadmapStatus.DONE
    assert recorded_sends.calls == []


def test_only_consultants_may_retry(assessment, manager):
    roadmap = roadmap_row(assessment, status=RoadmapStatus.FAILED)

    with pytest.raises(PermissionDenied):
        roadmap_retry(roadmap=roadmap, user=manager)

    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.FAILED


def test_giving_up_fails_a_queued_row_but_not_a_live_one(assessment):
    queued = roadmap_row(assessment)
    live = roadmap_row(assessment, status=RoadmapStatus.RUNNING, started_at=timezone.now())

    assert roadmap_fail(roadmap_id=queued.pk, code=FailureCode.GAVE_UP, params={"kind": "OperationalError"}) is True
    assert roadmap_fail(roadmap_id=live.pk, code=FailureCode.GAVE_UP, params={"kind": "OperationalError"}) is False

    queued.refresh_from_db()
    live.refresh_from_db()
    assert (queued.status, queued.failure_code, queued.failure_params) == (
        RoadmapStatus.FAILED,
        FailureCode.GAVE_UP,
        {"kind": "OperationalError"},
    )
    assert live.status == RoadmapStatus.RUNNING


def test_a_failure_is_stored_as_a_code_and_worded_in_the_readers_language(assessment):
    from django.utils import translation

    roadmap = roadmap_row(assessment)
    roadmap_fail(roadmap_id=roadmap.pk, code=FailureCode.GAVE_UP, params={"kind": "OperationalError"})
    roadmap.refresh_from_db()

    with translation.override("en"):
        english = roadmap_failure_message(roadmap=roadmap)
    with translation.override("id"):
        indonesian = roadmap_failure_message(roadmap=roadmap)
    assert english == "The computation gave up after repeated database or queue errors (OperationalError)."
    assert "OperationalError" in indonesian
    assert indonesian != english
