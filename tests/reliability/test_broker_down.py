"""Failure drill: the broker (Redis) dies while people use the app, then comes back.

The drill starts a redis-server of its own on a free port (never the shared one of
REDIS_URL, which other tests use), points the Celery app at it, and kills it with
SIGKILL. With the broker down:

- every page a user reads still answers within PAGE_BUDGET_SECONDS, and /healthz gives a
  JSON 503 that names the broker, in the same budget;
- a computation requested meanwhile (compute button, submit of a draft, a manager's
  scenario) is kept: its Roadmap row is queued with `enqueued_at` null, and the user is
  told so; the re-send sweep sends nothing while the broker is still down.

Then the server restarts on the same port; the re-send task hands every kept row to
it (the messages are counted in Redis), and a worker computes each exactly once. The
worker is a real `celery worker` subprocess when it can share the test database
(PostgreSQL, as in CI); with the in-memory SQLite test database the drill takes the
messages from Redis itself and runs them through the task, in this process.

Run: `REDIS_URL=redis://127.0.0.1:6379/0 DATABASE_URL=postgres://... pytest tests/reliability -s`
(-s prints the measured response times).
"""

import os
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.db.models import F
from django.test import Client
from django.urls import reverse

from assessments.models import AssessmentStatus, Roadmap, RoadmapStatus
from assessments.roadmaps.pipeline_services import roadmap_request, roadmap_resend_pending
from assessments.roadmaps.tasks import roadmap_resend_pending_task
from outsourcing.celery import app as celery_app
from tests.assessments import test_pipeline_broker as pipeline_broker
from tests.factories.roadmaps import assessment_with_lines_create, done_roadmap_for
from tests.reliability.redis_server import RedisServer

# The real-worker helpers of the pipeline tests: the worker subprocess, and pointing the app at a broker.
broker_at = pipeline_broker.broker_at  # fixture
Worker = pipeline_broker.Worker

pytestmark = [pytest.mark.broker]

# What a user may wait for a page while the broker is down.
PAGE_BUDGET_SECONDS = 2.0
# How long the worker may take to compute the kept requests once the broker is back.
RECOVERY_BUDGET_SECONDS = 30.0
QUEUE = django_settings.CELERY_TASK_DEFAULT_QUEUE


@pytest.fixture
def private_redis(tmp_path) -> Iterator[RedisServer]:
    if not django_settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: the broker drills need Redis (CI sets it).")
    server = RedisServer(tmp_path / "redis")
    server.start()
    yield server
    server.kill()


def _shareable_database_url() -> str | None:
    """The test database's URL if a worker process can open it (not the in-memory SQLite one)."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3") and ("memory" in str(db["NAME"]) or not db["NAME"]):
        return None
    return pipeline_broker._database_url()


class Stopwatch:
    """Times requests and keeps every figure, so the test can assert and print them together."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def request(self, label: str, client: Client, method: str, url: str, **kwargs: Any):
        started = time.monotonic()
        response = getattr(client, method)(url, **kwargs)
        self.seconds[label] = time.monotonic() - started
        return response

    def report(self) -> str:
        return "\n".join(f"  {label:<38} {seconds * 1000:7.0f} ms" for label, seconds in self.seconds.items())


def _drain_in_process(expected: int) -> int:
    """Be the worker: take each message from the broker and run its task here. Returns how many ran."""
    ran = 0
    with celery_app.connection_for_read() as conn:
        queue = conn.SimpleQueue(QUEUE)
        try:
            for _ in range(expected):
                message = queue.get(timeout=5)
                args, kwargs, _embed = message.decode()
                celery_app.tasks[message.headers["task"]].apply(args=args, kwargs=kwargs, task_id=message.headers["id"])
                message.ack()
                ran += 1
        finally:
            queue.close()
    return ran


def test_with_the_broker_down_pages_answer_and_requests_wait_for_its_return(
    private_redis, broker_at, transactional_db, organisation, consultant, manager, client_for, tmp_path
):
    broker_at(private_redis.url())
    done = done_roadmap_for(organisation=organisation, author=consultant)
    submitted = assessment_with_lines_create(organisation=organisation, author=consultant, title="Waiting to compute")
    draft = assessment_with_lines_create(
        organisation=organisation, author=consultant, status=AssessmentStatus.DRAFT, title="Draft to submit"
    )
    sent_before = assessment_with_lines_create(organisation=organisation, author=consultant, title="Sent, then lost")
    as_consultant, as_manager = client_for(consultant), client_for(manager)
    pages = [
        ("home", as_consultant, reverse("home")),
        ("assessment list", as_consultant, reverse("assessments:list")),
        ("assessment detail", as_consultant, reverse("assessments:detail", args=[done.assessment_id])),
        ("roadmap status", as_consultant, reverse("assessments:roadmap_status", args=[done.pk])),
        ("roadmap status (JSON poll)", as_consultant, reverse("assessments:roadmap_status_json", args=[done.pk])),
        ("dashboard", as_manager, reverse("assessments:roadmap_dashboard", args=[done.pk])),
        ("portfolio", as_manager, reverse("assessments:portfolio")),
        ("catalogue", as_consultant, reverse("providers:catalogue")),
    ]
    # The same pages with the broker up, once: the baseline, and a warm process (first imports,
    # template compilation) so the timings below measure the outage, not a cold start.
    baseline = Stopwatch()
    for label, client, url in pages:
        assert baseline.request(label, client, "get", url).status_code == 200, label
    health = baseline.request("healthz", Client(), "get", reverse("healthz"))
    assert health.json()["broker"] == "ok", "the app must talk to the drill's Redis"
    # Sent just before the crash, and not computed yet (no worker runs): Redis keeps it in memory only.
    lost = roadmap_request(assessment=sent_before, user=consultant)
    lost.refresh_from_db()
    assert lost.enqueued_at is not None
    assert private_redis.client().llen(QUEUE) == 1

    private_redis.kill()
    watch = Stopwatch()

    # Reading: every page answers, in the budget.
    for label, client, url in pages:
        response = watch.request(label, client, "get", url)
        assert response.status_code == 200, f"{label}: {response.status_code}"
    health = watch.request("healthz", Client(), "get", reverse("healthz"))
    assert health.status_code == 503
    assert health.json() == {"status": "degraded", "database": "ok", "broker": "down"}

    # Requesting: each request is kept, and the user is told it will run when the queue is back.
    response = watch.request(
        "compute (POST, follow)",
        as_consultant,
        "post",
        reverse("assessments:roadmap_compute", args=[submitted.pk]),
        follow=True,
    )
    assert response.status_code == 200
    assert "task queue is not reachable" in response.content.decode()
    response = watch.request(
        "submit a draft (POST, follow)",
        as_consultant,
        "post",
        reverse("assessments:review", args=[draft.pk]),
        data={"lock_version": draft.lock_version},
        follow=True,
    )
    assert response.status_code == 200
    assert "now locked" in response.content.decode()
    assert "task queue is not reachable" in response.content.decode()
    response = watch.request(
        "scenario (POST, follow)",
        as_manager,
        "post",
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
    assert "task queue is not reachable" in response.content.decode()

    kept = list(Roadmap.objects.exclude(pk__in=[done.pk, lost.pk]).order_by("pk"))
    assert {(row.assessment_id, row.name) for row in kept} == {
        (submitted.pk, ""),
        (draft.pk, ""),
        (done.assessment_id, "Gate at 80 %"),
    }
    assert all(row.status == RoadmapStatus.QUEUED and row.enqueued_at is None for row in kept)
    waiting = kept[0]
    response = watch.request("status of a kept request", as_consultant, "get", reverse(
        "assessments:roadmap_status", args=[waiting.pk]))  # fmt: skip
    assert "Your request is saved and will be computed automatically" in response.content.decode()
    assert roadmap_resend_pending() == 0  # still down: nothing is sent, nothing is lost
    assert Roadmap.objects.filter(enqueued_at__isnull=True).count() == len(kept)
    assert Roadmap.objects.filter(pk=lost.pk, status=RoadmapStatus.QUEUED).exists()

    print(f"\nBroker up, response times:\n{baseline.report()}")
    print(f"Broker down, response times (budget {PAGE_BUDGET_SECONDS:.0f} s each):\n{watch.report()}")
    slow = {label: round(seconds, 2) for label, seconds in watch.seconds.items() if seconds >= PAGE_BUDGET_SECONDS}
    assert not slow, f"pages slower than {PAGE_BUDGET_SECONDS} s with the broker down: {slow}"

    # The broker comes back on the same port, empty: the message sent before the crash is gone.
    private_redis.start()
    back = time.monotonic()
    assert private_redis.client().llen(QUEUE) == 0
    assert Client().get(reverse("healthz")).status_code == 200
    # The sweep (beat runs it every minute) sends every kept request to it, once.
    assert roadmap_resend_pending_task.apply().get() == len(kept)
    assert private_redis.client().llen(QUEUE) == len(kept), "the messages must be in the restarted Redis"
    assert roadmap_resend_pending() == 0  # a second sweep sends nothing more
    # The lost one is sent again once it has waited ROADMAP_RESEND_AFTER_SECONDS unanswered (time passes here).
    resend_after = timedelta(seconds=django_settings.ROADMAP_RESEND_AFTER_SECONDS + 1)
    Roadmap.objects.filter(pk=lost.pk).update(enqueued_at=F("enqueued_at") - resend_after)
    assert roadmap_resend_pending() == 1
    kept.append(lost)
    assert private_redis.client().llen(QUEUE) == len(kept)

    database_url = _shareable_database_url()
    if database_url is not None:
        env = {**os.environ, "DJANGO_TESTING": "1", "DATABASE_URL": database_url, "REDIS_URL": private_redis.url()}
        if database_url.startswith("sqlite"):
            env["DJANGO_SQLITE_PATH"] = database_url.removeprefix("sqlite:///")
        worker = Worker(env, tmp_path / "worker.log")
        try:
            worker.wait_ready()
            deadline = time.monotonic() + RECOVERY_BUDGET_SECONDS
            while time.monotonic() < deadline:
                if not Roadmap.objects.filter(pk__in=[row.pk for row in kept]).exclude(status=RoadmapStatus.DONE):
                    break
                time.sleep(0.1)
            # Each row is saved before the worker logs the task's end: give the last line time to land.
            log_deadline = time.monotonic() + 10
            while worker.output().count("succeeded in") < len(kept) and time.monotonic() < log_deadline:
                time.sleep(0.05)
            output = worker.output()
        finally:
            worker.stop()
        assert output.count("succeeded in") == len(kept), output
    else:
        assert _drain_in_process(len(kept)) == len(kept)
    recovered = time.monotonic() - back
    print(f"Broker back: {len(kept)} kept requests computed {recovered:.1f} s after the restart.")

    for row in kept:
        row.refresh_from_db()
        assert row.status == RoadmapStatus.DONE, row.failure_params
        assert row.attempts == 1
        assert row.result is not None
        assert row.result["items"]
    assert Roadmap.objects.count() == len(kept) + 1  # no duplicate roadmap
    assert private_redis.client().llen(QUEUE) == 0
    assert recovered < RECOVERY_BUDGET_SECONDS
    submitted.refresh_from_db()
    draft.refresh_from_db()
    sent_before.refresh_from_db()
    assert {submitted.status, draft.status, sent_before.status} == {AssessmentStatus.COMPUTED}
    connection.close()
