"""Celery tasks of the roadmap pipeline: thin wrappers that take ids and call one service.

Delivery is at-least-once (acks_late, reject_on_worker_lost, Redis visibility timeout);
`roadmap_compute` makes it effectively once. Transient database and broker errors are
retried with exponential backoff and jitter; anything else is recorded on the row.
"""

import logging
from typing import Any

from celery import Task, shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from assessments.roadmaps import pipeline_services as roadmap_services
from assessments.roadmaps.failures import FailureCode

logger = logging.getLogger(__name__)

TRANSIENT_ERRORS: tuple[type[Exception], ...] = (
    OperationalError,
    InterfaceError,
    KombuOperationalError,
    RedisConnectionError,
    RedisTimeoutError,
)

RETRY_OPTIONS: dict[str, Any] = {
    "autoretry_for": TRANSIENT_ERRORS,
    "retry_backoff": True,
    # Below the visibility timeout, so a message waiting for its countdown is not redelivered.
    "retry_backoff_max": settings.ROADMAP_RETRY_BACKOFF_MAX_SECONDS,
    "retry_jitter": True,
    "max_retries": 5,
}


class RoadmapComputeTask(Task):
    def on_failure(self, exc: Exception, task_id: str, args: tuple, kwargs: dict, einfo: Any) -> None:
        # Reached only when the retries are exhausted: show the user why, offer Retry.
        roadmap_id = kwargs.get("roadmap_id")
        if roadmap_id is None:
            return
        try:
            roadmap_services.roadmap_fail(
                roadmap_id=roadmap_id,
                code=FailureCode.GAVE_UP,
                params={"kind": type(exc).__name__},
            )
        except Exception:  # the database may be the thing that is down; the re-send sweep recovers
            logger.warning("Roadmap %s could not be marked failed.", roadmap_id, exc_info=True)


@shared_task(
    bind=True,
    base=RoadmapComputeTask,
    name=roadmap_services.COMPUTE_TASK_NAME,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
    **RETRY_OPTIONS,
)
def roadmap_compute_task(self: Task, roadmap_id: int) -> str:
    outcome = roadmap_services.roadmap_compute(roadmap_id=roadmap_id)
    if outcome.retry_after is not None and not self.request.is_eager:
        # Another worker holds the row; look again when it is done or counts as dead.
        raise self.retry(countdown=outcome.retry_after)
    return outcome.status


@shared_task(
    name=roadmap_services.RESEND_TASK_NAME,
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT,
    time_limit=settings.CELERY_TASK_TIME_LIMIT,
    # Beat sends it again in a minute; no point stacking retries of a sweep.
    ignore_result=True,
)
def roadmap_resend_pending_task() -> int:
    return roadmap_services.roadmap_resend_pending()
