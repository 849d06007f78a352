"""Failure drill: the database refuses to store a computed roadmap.

Two kinds of failure, both while the result is being saved (the engine has run):

- a refusal that will not go away by itself (a constraint violation raised by the
  database itself, through a trigger the drill installs): the roadmap is marked failed
  with the reason at once, nothing of the result is kept, the assessment keeps its
  status; once the cause is gone, the Retry button computes it;
- a transient error (the connection drops): the task releases the row and retries with
  backoff; if the database comes back in time the roadmap is done, once; if it never
  does, the roadmap ends failed with the reason after the last retry, and can be retried.

Runs on SQLite and PostgreSQL (CI). The unit tests of the same paths, with the storing
step replaced, are in tests/assessments/test_roadmap_services.py and test_pipeline_tasks.py.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from assessments.models import AssessmentStatus, Roadmap, RoadmapStatus
from assessments.roadmaps import pipeline_services as roadmap_services
from assessments.roadmaps.pipeline_selectors import roadmap_failure_message
from assessments.roadmaps.pipeline_services import roadmap_request, roadmap_retry
from assessments.roadmaps.tasks import roadmap_compute_task
from tests.assessments import pipeline_support
from tests.assessments.pipeline_support import assessment_with_lines

eager_celery = pipeline_support.eager_celery  # fixture shared with the pipeline tests

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def assessment(organisation, consultant):
    return assessment_with_lines(organisation=organisation, author=consultant, it=2, bpo=2)


@contextmanager
def database_refuses(*, table: str, column: str, value: str) -> Iterator[None]:
    """A trigger that makes the database itself refuse `UPDATE table SET column = value` with a
    constraint violation, as a check constraint or a full disk would refuse it."""
    # The identifiers are this module's constants, never user input.
    if connection.vendor == "postgresql":
        create = [
            "CREATE FUNCTION drill_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION 'drill: the database refuses this row' USING ERRCODE = 'check_violation'; END $$",
            f"CREATE TRIGGER drill_refuse BEFORE UPDATE ON {table} FOR EACH ROW "
            f"WHEN (NEW.{column} = '{value}') EXECUTE FUNCTION drill_refuse()",
        ]
        drop = [f"DROP TRIGGER drill_refuse ON {table}", "DROP FUNCTION drill_refuse()"]
    elif connection.vendor == "sqlite":
        create = [
            f"CREATE TRIGGER drill_refuse BEFORE UPDATE ON {table} FOR EACH ROW "
            f"WHEN NEW.{column} = '{value}' BEGIN SELECT RAISE(ABORT, 'drill: the database refuses this row'); END"
        ]
        drop = ["DROP TRIGGER drill_refuse"]
    else:
        pytest.skip(f"No refusing trigger written for {connection.vendor}.")
    with connection.cursor() as cursor:
        for statement in create:
            cursor.execute(statement)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for statement in drop:
                cursor.execute(statement)


def _assert_nothing_stored(roadmap: Roadmap) -> None:
    assert roadmap.result is None
    assert (roadmap.npv, roadmap.payback_month, roadmap.run_rate_ito, roadmap.run_rate_bpo) == (None,) * 4
    assert roadmap.compute_ms is None


@pytest.mark.usefixtures("eager_celery")
@pytest.mark.parametrize(
    ("table", "value"),
    [("assessments_roadmap", RoadmapStatus.DONE), ("assessments_assessment", AssessmentStatus.COMPUTED)],
    ids=["the roadmap row is refused", "the assessment status is refused after the roadmap row"],
)
def test_a_result_the_database_refuses_fails_with_its_reason_and_retry_computes_it(
    table, value, assessment, consultant, client_for, django_capture_on_commit_callbacks
):
    with database_refuses(table=table, column="status", value=value):
        with django_capture_on_commit_callbacks(execute=True):
            roadmap = roadmap_request(assessment=assessment, user=consultant)

        roadmap.refresh_from_db()
        assert roadmap.status == RoadmapStatus.FAILED
        assert roadmap_failure_message(roadmap=roadmap).startswith(
            "The result could not be saved (IntegrityError: drill: the database refuses"
        )
        assert roadmap.attempts == 1
        _assert_nothing_stored(roadmap)  # in the second case the roadmap's own update was rolled back too
        assessment.refresh_from_db()
        assert assessment.status == AssessmentStatus.SUBMITTED

        # The consultant sees why, and a Retry button.
        client = client_for(consultant)
        page = client.get(reverse("assessments:roadmap_status", args=[roadmap.pk])).content.decode()
        assert "The computation failed" in page
        assert "The result could not be saved" in page
        assert reverse("assessments:roadmap_retry", args=[roadmap.pk]) in page

    # The cause is fixed (the trigger is gone): Retry computes it, on the same row. (The test
    # transaction runs the send-after-commit when the block ends, so the page is read after it.)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("assessments:roadmap_retry", args=[roadmap.pk]))
    assert response["Location"] == reverse("assessments:roadmap_status", args=[roadmap.pk])
    page = client.get(response["Location"]).content.decode()
    assert ">Done<" in page
    assert "Open the dashboard" in page
    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.DONE
    assert roadmap.failure_code == ""
    assert roadmap.attempts == 1
    assert roadmap.result is not None
    assert roadmap.result["items"]
    assert roadmap.npv is not None
    assert Roadmap.objects.filter(assessment=assessment).count() == 1
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.COMPUTED


class FlakyStore:
    """The storing step, failing with a dropped connection the first `failures` times (None: always)."""

    def __init__(self, failures: int | None) -> None:
        self.failures = failures
        self.calls = 0
        self.real = roadmap_services._store_result

    def __call__(self, *args, **kwargs):
        self.calls += 1
        if self.failures is None or self.calls <= self.failures:
            raise OperationalError("server closed the connection unexpectedly")
        return self.real(*args, **kwargs)


@pytest.fixture
def eager_retries(eager_celery):
    """Eager runs retry only when errors do not propagate (Celery re-raises the Retry otherwise)."""
    eager_celery.conf.task_eager_propagates = False
    return eager_celery


def _queued(assessment, user) -> Roadmap:
    """A requested roadmap whose task has not run yet (the test transaction never commits, so
    the send after commit does not happen; the tests run the task themselves)."""
    return roadmap_request(assessment=assessment, user=user)


@pytest.mark.usefixtures("eager_retries")
def test_a_database_back_within_the_retries_stores_the_result_once(assessment, consultant, monkeypatch):
    store = FlakyStore(failures=2)
    monkeypatch.setattr(roadmap_services, "_store_result", store)
    roadmap = _queued(assessment, consultant)

    assert roadmap_compute_task.apply(kwargs={"roadmap_id": roadmap.pk}).get() == RoadmapStatus.DONE

    assert store.calls == 3
    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.DONE
    assert roadmap.attempts == 3  # each retry claims the released row again
    assert roadmap.result is not None
    assert Roadmap.objects.filter(assessment=assessment).count() == 1


@pytest.mark.usefixtures("eager_retries")
def test_a_database_that_stays_away_fails_the_roadmap_after_the_retries_and_retry_computes_it(
    assessment, consultant, monkeypatch, django_capture_on_commit_callbacks
):
    store = FlakyStore(failures=None)
    monkeypatch.setattr(roadmap_services, "_store_result", store)
    roadmap = _queued(assessment, consultant)

    with pytest.raises(OperationalError):
        roadmap_compute_task.apply(kwargs={"roadmap_id": roadmap.pk}).get()

    assert store.calls == 1 + roadmap_compute_task.max_retries
    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.FAILED
    assert roadmap_failure_message(roadmap=roadmap) == (
        "The computation gave up after repeated database or queue errors (OperationalError)."
    )
    _assert_nothing_stored(roadmap)
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.SUBMITTED

    # The database is back: the consultant's retry computes it.
    store.failures = 0
    with django_capture_on_commit_callbacks(execute=True):
        roadmap = roadmap_retry(roadmap=roadmap, user=consultant)
    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.DONE, roadmap.failure_params
    assert roadmap.result is not None
    assert roadmap.result["items"]
    assert Roadmap.objects.filter(assessment=assessment).count() == 1
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.COMPUTED
