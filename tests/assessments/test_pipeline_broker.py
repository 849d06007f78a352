"""The pipeline against a real Redis broker and real Celery worker processes.

- A broker that is down (a closed port) fails fast: the request returns within 3 s and
  the row stays queued with `enqueued_at` null. Needs no Redis, so it always runs.
- `@pytest.mark.broker` tests start `celery -A outsourcing worker` subprocesses on a
  Redis database of their own (5, or 5 + the xdist worker number) that share the test
  database (`transactional_db`, so the worker sees committed rows). They need REDIS_URL
  and a database another process can open (PostgreSQL, as in CI, or a SQLite file).
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.urls import reverse

from assessments.models import AssessmentStatus, Roadmap, RoadmapStatus
from assessments.roadmaps.pipeline_selectors import roadmap_is_waiting_for_broker
from assessments.roadmaps.pipeline_services import roadmap_request
from outsourcing.celery import app as celery_app
from tests.assessments.pipeline_support import assessment_with_lines

BASE_DIR = Path(django_settings.BASE_DIR)
WORKER_READY_SECONDS = 30


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def broker_at(settings):
    """Point the (already configured) Celery app at another broker, sending for real."""
    saved = {
        "broker_url": celery_app.conf.broker_url,
        "task_always_eager": celery_app.conf.task_always_eager,
        "pool": celery_app._pool,
        "producer_pool": celery_app.amqp._producer_pool,
    }

    def point(url: str) -> None:
        settings.CELERY_TASK_ALWAYS_EAGER = False
        celery_app.conf.broker_url = url
        celery_app.conf.task_always_eager = False
        # The connection pools are built from broker_url on first use; start afresh.
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    yield point

    # The pools stay open: kombu keeps them in a process-wide registry by URL, and a closed
    # one would be handed to the next test that points at the same broker.
    celery_app.conf.broker_url = saved["broker_url"]
    celery_app.conf.task_always_eager = saved["task_always_eager"]
    celery_app._pool = saved["pool"]
    celery_app.amqp._producer_pool = saved["producer_pool"]


@pytest.mark.django_db
def test_a_broker_that_is_down_fails_fast_and_keeps_the_request(
    broker_at, organisation, consultant, client_for, django_capture_on_commit_callbacks
):
    broker_at(f"redis://127.0.0.1:{_free_port()}/5")
    assessment = assessment_with_lines(organisation=organisation, author=consultant, it=2, bpo=1)

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        roadmap = roadmap_request(assessment=assessment, user=consultant)
    elapsed = time.monotonic() - started

    assert elapsed < 3, f"roadmap_request took {elapsed:.1f} s with the broker down"
    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.QUEUED
    assert roadmap.enqueued_at is None
    assert roadmap_is_waiting_for_broker(roadmap=roadmap)

    # Through the page: a clear warning, never a 500, and the same row (no duplicate request).
    client = client_for(consultant)
    started = time.monotonic()
    response = client.post(reverse("assessments:roadmap_compute", kwargs={"pk": assessment.pk}), follow=True)
    assert time.monotonic() - started < 3
    assert response.status_code == 200
    assert b"task queue is not reachable" in response.content
    assert Roadmap.objects.count() == 1


# --- Real workers ----------------------------------------------------------------------


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("postgresql"):
        auth = quote(db["USER"] or "", safe="")
        if db["PASSWORD"]:
            auth += ":" + quote(db["PASSWORD"], safe="")
        host = db["HOST"] or "localhost"
        port = f":{db['PORT']}" if db["PORT"] else ""
        return f"postgres://{auth}@{host}{port}/{quote(db['NAME'], safe='')}"
    name = str(db["NAME"])
    if db["ENGINE"].endswith("sqlite3") and "memory" not in name and name:
        return f"sqlite:///{name}"
    pytest.skip("The worker process needs a database it can open: PostgreSQL (DATABASE_URL) or a SQLite file.")


def _own_redis_url() -> str:
    db_number = 5 + int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    parts = urlsplit(django_settings.REDIS_URL)
    return urlunsplit((parts.scheme, parts.netloc, f"/{min(db_number, 15)}", "", ""))


class Worker:
    """A `celery worker` subprocess in its own process group, logging to a file."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.log_path = log_path
        self.log = log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "outsourcing",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--hostname",
                f"pipeline-test-{uuid.uuid4().hex[:8]}@%h",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def wait_ready(self) -> None:
        deadline = time.monotonic() + WORKER_READY_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"The worker exited with {self.process.returncode}:\n{self.output()}")
            if " ready." in self.output():
                return
            time.sleep(0.1)
        pytest.fail(f"The worker was not ready within {WORKER_READY_SECONDS} s:\n{self.output()}")

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and pool child): nothing gets to ack or reject."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.close()


@pytest.fixture
def worker_factory(transactional_db, broker_at, tmp_path) -> Iterator:
    if not django_settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: the real-worker tests need a Redis broker (CI sets one).")
    database_url = _database_url()
    redis_url = _own_redis_url()
    import redis

    broker = redis.Redis.from_url(redis_url, socket_connect_timeout=2)
    broker.flushdb()  # this database number belongs to these tests only
    broker_at(redis_url)
    workers: list[Worker] = []

    def start(**env_overrides: str) -> Worker:
        env = {
            **os.environ,
            "DJANGO_TESTING": "1",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            **env_overrides,
        }
        if database_url.startswith("sqlite"):
            env["DJANGO_SQLITE_PATH"] = database_url.removeprefix("sqlite:///")
        worker = Worker(env, tmp_path / f"worker-{len(workers)}.log")
        workers.append(worker)
        worker.wait_ready()
        return worker

    yield start

    for worker in workers:
        worker.stop()
    broker.flushdb()
    # Connections of the killed workers are gone; make sure ours does not hold the test DB open.
    connection.close()


def _wait_for(roadmap: Roadmap, statuses: set[str], seconds: float, worker_logs) -> Roadmap:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        roadmap.refresh_from_db()
        if roadmap.status in statuses:
            return roadmap
        time.sleep(0.05)
    pytest.fail(f"Roadmap still {roadmap.status} after {seconds} s.\n" + "\n".join(worker_logs()))


def _wait_for_log(worker: Worker, text: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in worker.output():
            return
        time.sleep(0.05)
    pytest.fail(f"{text!r} not in the worker's log after {seconds} s.\n" + worker.output())


@pytest.mark.broker
def test_a_real_worker_computes_a_requested_roadmap_once(worker_factory, organisation, consultant):
    assessment = assessment_with_lines(organisation=organisation, author=consultant, it=3, bpo=2)

    # Requested before any worker runs: the message waits in Redis. The double click sends nothing more.
    first = roadmap_request(assessment=assessment, user=consultant)
    second = roadmap_request(assessment=assessment, user=consultant)
    assert first.pk == second.pk
    first.refresh_from_db()
    assert first.enqueued_at is not None

    worker = worker_factory()
    roadmap = _wait_for(first, {RoadmapStatus.DONE, RoadmapStatus.FAILED}, 30, lambda: [worker.output()])

    assert roadmap.status == RoadmapStatus.DONE, roadmap.failure_params
    assert roadmap.attempts == 1
    assert roadmap.result is not None
    assert roadmap.result["items"]
    assert roadmap.npv is not None
    assert Roadmap.objects.count() == 1
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.COMPUTED
    _wait_for_log(worker, "succeeded", 10)
    assert worker.output().count("succeeded") == 1


@pytest.mark.broker
def test_a_worker_killed_mid_task_loses_nothing_and_computes_once(worker_factory, organisation, consultant):
    """SIGKILL the worker while it computes; a new worker finishes the job exactly once.

    Bound: the unacknowledged message returns after the visibility timeout (here 8 s,
    swept at worker start and every 10 s), and the row is reclaimable once it has been
    running longer than the hard time limit plus the grace (here 5 + 1 s). As in production,
    soft < hard < hard + grace < visibility timeout: a shorter visibility timeout redelivers
    the message (and the "look again later" retry) while the row still looks alive. In production
    that is 60 s + 10 s and 40 s + 10 s: tests/reliability/test_worker_recovery.py runs this
    drill with those values and asserts completion within 90 s.
    """
    env = {
        "ROADMAP_TEST_DELAY_SECONDS": "3",
        "CELERY_VISIBILITY_TIMEOUT": "8",
        "CELERY_TASK_SOFT_TIME_LIMIT": "4",
        "CELERY_TASK_TIME_LIMIT": "5",
        "ROADMAP_RECLAIM_GRACE_SECONDS": "1",
    }
    assessment = assessment_with_lines(organisation=organisation, author=consultant, it=2, bpo=2)
    first_worker = worker_factory(**env)
    roadmap = roadmap_request(assessment=assessment, user=consultant)

    _wait_for(roadmap, {RoadmapStatus.RUNNING}, 20, lambda: [first_worker.output()])
    first_worker.kill()
    killed_at = time.monotonic()
    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.RUNNING
    assert roadmap.attempts == 1

    second_worker = worker_factory(**env)
    roadmap = _wait_for(
        roadmap,
        {RoadmapStatus.DONE, RoadmapStatus.FAILED},
        40,
        lambda: [first_worker.output(), second_worker.output()],
    )

    assert roadmap.status == RoadmapStatus.DONE, roadmap.failure_params
    assert roadmap.attempts == 2  # the killed attempt and the one that finished
    assert Roadmap.objects.count() == 1
    assert roadmap.result is not None
    assert roadmap.result["kpis"]
    assert time.monotonic() - killed_at < 30
    # The killed worker finished nothing; the new one received the redelivered message and
    # completed it once (possibly after one "look again later" retry while the row still
    # looked alive).
    assert "succeeded" not in first_worker.output()
    # The worker logs the success just after the row turns DONE: wait for that line, then count.
    _wait_for_log(second_worker, "succeeded in", 10)
    assert second_worker.output().count("succeeded in") == 1
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.COMPUTED
