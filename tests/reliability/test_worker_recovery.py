"""Recovery after a killed worker, with the production values (ASVS 5.0 availability; issue 17).

A computation whose worker is SIGKILLed must complete, exactly once, within RECOVERY_BUDGET_SECONDS
of the kill. Its message returns after the Redis visibility timeout plus kombu's restore sweep,
and the row may be reclaimed once it has run longer than the hard time limit plus the grace, so
the settings must keep soft < hard < hard + grace < visibility timeout, and the visibility timeout
plus the sweep well inside the budget.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assessments.models import AssessmentStatus, Roadmap, RoadmapStatus
from assessments.roadmaps.pipeline_services import roadmap_request
from outsourcing.celery import app as celery_app
from tests.assessments import test_pipeline_broker as pipeline_broker
from tests.assessments.pipeline_support import assessment_with_lines

ROOT = Path(__file__).resolve().parents[2]
RECOVERY_BUDGET_SECONDS = 90
# kombu's Redis transport looks for unacknowledged messages older than the visibility timeout at
# most this often (settings: "unacked_restore_throttle", README "Reliability").
RESTORE_SWEEP_SECONDS = 10
# The largest computation measured (10 000 lines, README "Engine scaling") takes 0.5 s; allow for a
# busy machine and worker start-up.
COMPUTE_ALLOWANCE_SECONDS = 10

broker_at = pipeline_broker.broker_at  # fixtures
worker_factory = pipeline_broker.worker_factory

# Variables that would replace the production values under test.
OVERRIDES = (
    "CELERY_VISIBILITY_TIMEOUT",
    "CELERY_TASK_SOFT_TIME_LIMIT",
    "CELERY_TASK_TIME_LIMIT",
    "ROADMAP_RECLAIM_GRACE_SECONDS",
    "ROADMAP_TEST_DELAY_SECONDS",
)


def _production_values() -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL")) and key not in OVERRIDES
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "outsourcing.settings",
            "DJANGO_SECRET_KEY": "x" * 60 + "-production-like-secret",
            "DJANGO_DEBUG": "0",
            "DJANGO_ALLOWED_HOSTS": "navigator.example.com",
            "DATABASE_URL": "postgres://app@db.example.com:5432/navigator",
            "REDIS_URL": "redis://redis.example.com:6379/0",
        }
    )
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "t = s.CELERY_BROKER_TRANSPORT_OPTIONS; "
        "print(json.dumps({'soft': s.CELERY_TASK_SOFT_TIME_LIMIT, 'hard': s.CELERY_TASK_TIME_LIMIT, "
        "'grace': s.ROADMAP_RECLAIM_GRACE_SECONDS, 'visibility': t['visibility_timeout'], "
        "'restore_throttle': t['unacked_restore_throttle'], "
        "'backoff_max': s.ROADMAP_RETRY_BACKOFF_MAX_SECONDS, 'acks_late': s.CELERY_TASK_ACKS_LATE, "
        "'eager': s.CELERY_TASK_ALWAYS_EAGER}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_time_limits_are_consistent_and_recover_within_the_budget():
    values = _production_values()
    assert values == {
        "soft": 30,
        "hard": 40,
        "grace": 10,
        "visibility": 60,
        "restore_throttle": 1,
        "backoff_max": 30,
        "acks_late": True,
        "eager": False,
    }
    soft, hard, grace, visibility = values["soft"], values["hard"], values["grace"], values["visibility"]
    assert soft < hard < hard + grace < visibility, "a redelivered message must find the row reclaimable"
    assert values["backoff_max"] < visibility, "a retry waiting for its countdown must not be redelivered"
    # The worst case: the message returns after the visibility timeout and one restore sweep.
    assert visibility + RESTORE_SWEEP_SECONDS + COMPUTE_ALLOWANCE_SECONDS <= RECOVERY_BUDGET_SECONDS


def test_the_compute_task_uses_the_configured_limits(settings):
    """Looked up by its name, wherever the module lives: the limits above are the ones it runs with."""
    celery_app.loader.import_default_modules()  # what a worker does at start: find the apps' tasks
    task = celery_app.tasks["assessments.roadmap_compute"]
    assert task.soft_time_limit == settings.CELERY_TASK_SOFT_TIME_LIMIT
    assert task.time_limit == settings.CELERY_TASK_TIME_LIMIT
    assert task.retry_backoff_max == settings.ROADMAP_RETRY_BACKOFF_MAX_SECONDS
    assert task.acks_late
    assert task.reject_on_worker_lost


@pytest.mark.broker
def test_a_killed_workers_computation_completes_once_within_90_seconds_with_production_values(
    worker_factory, organisation, consultant, monkeypatch
):
    for name in OVERRIDES:
        monkeypatch.delenv(name, raising=False)
    assessment = assessment_with_lines(organisation=organisation, author=consultant, it=2, bpo=2)
    # Only the test delay (the task sleeps after claiming the row, so it can be killed mid-task).
    first_worker = worker_factory(ROADMAP_TEST_DELAY_SECONDS="5")
    roadmap = roadmap_request(assessment=assessment, user=consultant)
    pipeline_broker._wait_for(roadmap, {RoadmapStatus.RUNNING}, 30, lambda: [first_worker.output()])
    first_worker.kill()
    killed_at = time.monotonic()

    second_worker = worker_factory()
    roadmap = pipeline_broker._wait_for(
        roadmap,
        {RoadmapStatus.DONE, RoadmapStatus.FAILED},
        RECOVERY_BUDGET_SECONDS + 30,
        lambda: [first_worker.output(), second_worker.output()],
    )
    recovered = time.monotonic() - killed_at
    print(f"\nKilled worker's computation completed {recovered:.1f} s after the kill (production values).")

    assert roadmap.status == RoadmapStatus.DONE, (roadmap.failure_code, roadmap.failure_params)
    assert recovered < RECOVERY_BUDGET_SECONDS
    assert roadmap.attempts == 2
    assert Roadmap.objects.count() == 1
    assert "succeeded" not in first_worker.output()
    # The row is saved before the worker logs the task's end: wait for the line, then count it.
    pipeline_broker._wait_for_log(second_worker, "succeeded in", 10)
    assert second_worker.output().count("succeeded in") == 1
    assessment.refresh_from_db()
    assert assessment.status == AssessmentStatus.COMPUTED
