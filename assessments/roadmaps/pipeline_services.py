"""Writes of the roadmap pipeline: request, compute, retry and re-send a computation.

A roadmap row is the request *and* its result, so nothing is lost when the broker or a
worker is down:

- `roadmap_request` stores the row (unique per assessment, scenario name and inputs
  hash), then sends the task after the commit. A double click finds the same row and
  sends nothing more.
- `enqueued_at` records the hand-over to the broker; null means "still to be sent".
  `roadmap_resend_pending` (beat, and opportunistically after each request) sends
  those, and rows whose message may have been lost.
- `roadmap_compute` claims the row with a conditional UPDATE (queued -> running, or a
  running row older than the hard time limit, whose worker must be dead), runs the
  engine outside any transaction, then stores the result, the headline figures and
  the status in one transaction, only if its claim still holds.
"""

import logging
import math
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from celery import current_app
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.auth.models import User
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone

from assessments.engine import ENGINE_VERSION, roadmap_from_json
from assessments.models import Assessment, AssessmentStatus, Roadmap, RoadmapStatus
from assessments.organisations import access
from assessments.roadmaps.failures import FailureCode
from assessments.roadmaps.inputs import (
    inputs_hash_compute,
    roadmap_input_build,
    roadmap_overrides_clean,
    roadmap_replan_apply,
)
from assessments.roadmaps.notifications import roadmap_awaiting_decision_notify

logger = logging.getLogger(__name__)

# Errors worth a retry: the database went away or is locked for a moment.
TRANSIENT_DB_ERRORS: tuple[type[Exception], ...] = (OperationalError, InterfaceError)
# How many other pending rows a web request sends on its way out (each send is fast).
OPPORTUNISTIC_RESEND_LIMIT = 5
# The registered names of the pipeline's Celery tasks (assessments/roadmaps/tasks.py).
COMPUTE_TASK_NAME = "assessments.roadmap_compute"
RESEND_TASK_NAME = "assessments.roadmap_resend_pending"


@dataclass(frozen=True, slots=True)
class ComputeOutcome:
    """What `roadmap_compute` did. `retry_after` (seconds) is set when another worker holds the row."""

    status: str
    retry_after: int | None = None


def engine_run(document: dict[str, Any]) -> dict[str, Any]:
    """The engine behind its JSON contract (tests replace this to simulate engine failures)."""
    return roadmap_from_json(document)


def _reclaim_before(now: datetime) -> datetime:
    # The hard time limit kills a task, so a row running longer than that (plus a margin
    # for clock skew between machines) belongs to a worker that died.
    return now - timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + settings.ROADMAP_RECLAIM_GRACE_SECONDS)


def _needs_sending(now: datetime) -> Q:
    resend_before = now - timedelta(seconds=settings.ROADMAP_RESEND_AFTER_SECONDS)
    reclaim_before = _reclaim_before(now)
    unsent_or_lost = Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=resend_before)
    dead_worker = Q(status=RoadmapStatus.RUNNING, started_at__lt=reclaim_before) & (
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=reclaim_before)
    )
    return (Q(status=RoadmapStatus.QUEUED) & unsent_or_lost) | dead_worker


def _ensure_may_request(*, user: User, assessment: Assessment) -> None:
    access.ensure(user=user, organisation=assessment.organisation, action="compute", assessment=assessment)


# --- Sending -----------------------------------------------------------------------


def roadmap_send(*, roadmap_id: int) -> bool | None:
    """Hand the row's computation to the broker if it still needs sending.

    True: sent. None: nothing to send (already sent, running or finished). False: the
    broker refused; `enqueued_at` is back to null so a later re-send picks the row up.
    The claim on `enqueued_at` keeps two re-senders from sending the same row twice.
    """
    now = timezone.now()
    if not Roadmap.objects.filter(Q(pk=roadmap_id) & _needs_sending(now)).update(enqueued_at=now):
        return None
    try:
        # Looked up by its registered name, so this module never imports the tasks (they import it).
        current_app.tasks[COMPUTE_TASK_NAME].apply_async(kwargs={"roadmap_id": roadmap_id})
    except Exception:  # any broker failure (or an eager run's crash) must not reach the user
        logger.warning("Roadmap %s could not be sent to the task queue; it stays queued.", roadmap_id, exc_info=True)
        Roadmap.objects.filter(pk=roadmap_id, enqueued_at=now).update(enqueued_at=None)
        return False
    return True


def roadmap_resend_pending(*, limit: int | None = None) -> int:
    """Send every row still waiting for the broker, or whose message may be lost. Returns how many.

    Stops at the first refusal: the broker is down, the next sweep will try again.
    """
    pending = (
        Roadmap.objects.filter(_needs_sending(timezone.now()))
        .order_by("requested_at", "pk")
        .values_list("pk", flat=True)
    )
    if limit is not None:
        pending = pending[:limit]
    sent = 0
    for roadmap_id in list(pending):
        outcome = roadmap_send(roadmap_id=roadmap_id)
        if outcome is False:
            break
        sent += bool(outcome)
    return sent


def _send_after_commit(roadmap_id: int) -> None:
    if roadmap_send(roadmap_id=roadmap_id) is not False:
        # The broker answers: a good moment to send what an earlier outage left behind.
        roadmap_resend_pending(limit=OPPORTUNISTIC_RESEND_LIMIT)


# --- Requesting --------------------------------------------------------------------


def roadmap_request(
    *,
    assessment: Assessment,
    user: User,
    name: str = "",
    overrides: dict[str, Any] | None = None,
    replan: dict[str, Any] | None = None,
) -> Roadmap:
    """The roadmap for the assessment's current inputs, queued for computation if it is new.

    The same inputs (same hash) return the existing row whatever its status: a double
    click, or a repeat request, queues at most one computation. A failed row is retried
    with `roadmap_retry`. The task is sent after the surrounding transaction commits;
    if the broker is down the row stays queued with `enqueued_at` null
    (`roadmap_is_waiting_for_broker`) and is sent later.
    """
    _ensure_may_request(user=user, assessment=assessment)
    cleaned = roadmap_overrides_clean(overrides)
    document = roadmap_input_build(assessment=assessment, overrides=cleaned)
    if replan is not None:
        # A re-plan from evidence: keyword arguments of inputs.roadmap_replan_apply.
        document = roadmap_replan_apply(document, **replan)
    inputs_hash = inputs_hash_compute(document)
    with transaction.atomic():
        roadmap, _created = Roadmap.objects.get_or_create(
            assessment=assessment,
            name=name,
            inputs_hash=inputs_hash,
            defaults={
                "inputs": document,
                "parameter_overrides": cleaned,
                "requested_by": user,
                "engine_version": ENGINE_VERSION,
            },
        )
        # Also for an existing row: it may still be waiting for a broker that is back now.
        transaction.on_commit(lambda: _send_after_commit(roadmap.pk))
    return roadmap


def roadmap_retry(*, roadmap: Roadmap, user: User) -> Roadmap:
    """Queue a failed roadmap again with the same inputs. Anything but a failed row is left alone."""
    _ensure_may_request(user=user, assessment=roadmap.assessment)
    with transaction.atomic():
        reopened = Roadmap.objects.filter(pk=roadmap.pk, status=RoadmapStatus.FAILED).update(
            status=RoadmapStatus.QUEUED,
            failure_code="",
            failure_params={},
            attempts=0,
            enqueued_at=None,
            started_at=None,
            finished_at=None,
            compute_ms=None,
            requested_by=user,
            requested_at=timezone.now(),
        )
        if reopened:
            transaction.on_commit(lambda: _send_after_commit(roadmap.pk))
    roadmap.refresh_from_db()
    return roadmap


# --- Computing ---------------------------------------------------------------------


def _claim(roadmap_id: int, now: datetime) -> tuple[bool, bool]:
    """(claimed, reclaimed_from_a_dead_worker)."""
    claim = {"status": RoadmapStatus.RUNNING, "started_at": now, "finished_at": None, "attempts": F("attempts") + 1}
    if Roadmap.objects.filter(pk=roadmap_id, status=RoadmapStatus.QUEUED).update(**claim):
        return True, False
    reclaimed = Roadmap.objects.filter(
        pk=roadmap_id, status=RoadmapStatus.RUNNING, started_at__lt=_reclaim_before(now)
    ).update(**claim)
    return bool(reclaimed), bool(reclaimed)


def _unclaimed_outcome(roadmap_id: int, now: datetime) -> ComputeOutcome:
    row = Roadmap.objects.filter(pk=roadmap_id).values("status", "started_at").first()
    if row is None:
        return ComputeOutcome("missing")
    if row["status"] == RoadmapStatus.RUNNING and row["started_at"] is not None:
        # Another worker holds it. Look again once it would count as dead: by then it is
        # done (nothing to do) or reclaimable, so a redelivered message is never wasted.
        wait = (row["started_at"] - _reclaim_before(now)).total_seconds()
        return ComputeOutcome(RoadmapStatus.RUNNING, retry_after=max(1, math.ceil(wait) + 1))
    return ComputeOutcome(row["status"])


def _fail_claimed(roadmap_id: int, token: datetime, code: str, params: dict[str, Any] | None = None) -> ComputeOutcome:
    Roadmap.objects.filter(pk=roadmap_id, status=RoadmapStatus.RUNNING, started_at=token).update(
        status=RoadmapStatus.FAILED,
        failure_code=code,
        failure_params=params or {},
        result=None,
        finished_at=timezone.now(),
    )
    return ComputeOutcome(RoadmapStatus.FAILED)


def _failure_reason(exc: Exception) -> tuple[str, dict[str, Any]]:
    """The failure code and its parameters for an exception the engine raised."""
    if isinstance(exc, SoftTimeLimitExceeded):
        return FailureCode.TIME_LIMIT, {"seconds": settings.CELERY_TASK_SOFT_TIME_LIMIT}
    if isinstance(exc, ValueError):
        # EngineInputError: its message starts with the path of the offending field.
        return FailureCode.INPUT_REJECTED, {"error": str(exc)}
    return FailureCode.ENGINE_ERROR, {"kind": type(exc).__name__}


def _money(value: Any) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(round(float(value), 2)))


def _awaiting_decision_notify(roadmap_id: int) -> None:
    """After the result is committed: a notice must never fail the computation that stored it."""
    try:
        roadmap = Roadmap.objects.select_related("assessment").defer("inputs", "result").get(pk=roadmap_id)
        roadmap_awaiting_decision_notify(roadmap=roadmap)
    except Exception:
        logger.exception("could not notify the managers of roadmap %s", roadmap_id)


def _store_result(roadmap: Roadmap, token: datetime, result: dict[str, Any], compute_ms: int) -> bool:
    """Result, headline figures, status (and the assessment's status) in one transaction."""
    with transaction.atomic():
        locked = (
            Roadmap.objects.select_for_update()
            .filter(pk=roadmap.pk, status=RoadmapStatus.RUNNING, started_at=token)
            .first()
        )
        if locked is None:
            # Our claim was taken over (we ran past the hard limit); the newer run's result wins.
            return False
        kpis = result.get("kpis", {})
        locked.status = RoadmapStatus.DONE
        locked.result = result
        locked.failure_code = ""
        locked.failure_params = {}
        locked.engine_version = str(result.get("engine_version", ENGINE_VERSION))
        locked.npv = _money(kpis.get("npv"))
        locked.payback_month = kpis.get("payback_month")
        locked.run_rate_ito = _money(kpis.get("run_rate_ito"))
        locked.run_rate_bpo = _money(kpis.get("run_rate_bpo"))
        locked.finished_at = timezone.now()
        locked.compute_ms = compute_ms
        locked.save(
            update_fields=[
                "status",
                "result",
                "failure_code",
                "failure_params",
                "engine_version",
                "npv",
                "payback_month",
                "run_rate_ito",
                "run_rate_bpo",
                "finished_at",
                "compute_ms",
            ]
        )
        # Managers hear of it once the result is committed (never for a run that lost its claim).
        transaction.on_commit(lambda: _awaiting_decision_notify(locked.pk))
        if not locked.name:
            assessment = Assessment.objects.select_for_update().get(pk=locked.assessment_id)
            if assessment.status == AssessmentStatus.SUBMITTED:
                assessment.status = AssessmentStatus.COMPUTED
                assessment.save(update_fields=["status", "updated_at"])
    return True


def _release(roadmap_id: int, token: datetime) -> None:
    """Give a claimed row back to the queue so the task's retry can claim it again."""
    try:
        Roadmap.objects.filter(pk=roadmap_id, status=RoadmapStatus.RUNNING, started_at=token).update(
            status=RoadmapStatus.QUEUED
        )
    except DatabaseError:
        # The database is still away: the row is reclaimed once it counts as dead.
        logger.warning("Roadmap %s could not be released after a database error.", roadmap_id, exc_info=True)


def roadmap_compute(*, roadmap_id: int) -> ComputeOutcome:
    """Compute the roadmap once, whatever the number of messages or workers asking for it.

    Engine errors and any other non-transient failure mark the row failed with a reason
    (no retry). Transient database errors release the row and propagate, so the task
    retries with backoff.
    """
    now = timezone.now()
    claimed, reclaimed = _claim(roadmap_id, now)
    if not claimed:
        return _unclaimed_outcome(roadmap_id, now)
    roadmap = Roadmap.objects.get(pk=roadmap_id)
    if reclaimed and roadmap.attempts > settings.ROADMAP_MAX_ATTEMPTS:
        return _fail_claimed(roadmap_id, now, FailureCode.INTERRUPTED, {"count": roadmap.attempts - 1})
    if roadmap.inputs is None:
        return _fail_claimed(roadmap_id, now, FailureCode.NO_INPUT)
    if settings.ROADMAP_TEST_DELAY_SECONDS > 0:
        time.sleep(settings.ROADMAP_TEST_DELAY_SECONDS)

    started = time.monotonic()
    try:
        result = engine_run(roadmap.inputs)
    except Exception as exc:  # every engine failure becomes the row's reason, never a lost row
        if not isinstance(exc, ValueError | SoftTimeLimitExceeded):
            logger.exception("Roadmap %s: the engine failed.", roadmap_id)
        return _fail_claimed(roadmap_id, now, *_failure_reason(exc))
    compute_ms = max(0, round((time.monotonic() - started) * 1000))

    try:
        stored = _store_result(roadmap, now, result, compute_ms)
    except TRANSIENT_DB_ERRORS:
        _release(roadmap_id, now)
        raise
    except DatabaseError as exc:
        logger.exception("Roadmap %s: the result could not be stored.", roadmap_id)
        return _fail_claimed(roadmap_id, now, FailureCode.NOT_SAVED, {"kind": type(exc).__name__, "error": str(exc)})
    return ComputeOutcome(RoadmapStatus.DONE if stored else RoadmapStatus.RUNNING)


def roadmap_fail(*, roadmap_id: int, code: str, params: dict[str, Any] | None = None) -> bool:
    """Mark a roadmap failed when its task gave up (retries exhausted), with a FailureCode and its
    parameters. A live computation is left alone."""
    now = timezone.now()
    abandoned = Q(status=RoadmapStatus.QUEUED) | Q(status=RoadmapStatus.RUNNING, started_at__lt=_reclaim_before(now))
    return bool(
        Roadmap.objects.filter(Q(pk=roadmap_id) & abandoned).update(
            status=RoadmapStatus.FAILED, failure_code=code, failure_params=params or {}, finished_at=now
        )
    )
