"""Reads of computed roadmaps, for the status page, its polling endpoint and the dashboard.

Tenancy: the functions take an assessment or roadmap the caller has already fetched through
`assessments.organisations.access`, which scopes and authorises.
"""

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from assessments.engine import ENGINE_VERSION
from assessments.models import Assessment, Roadmap, RoadmapStatus
from assessments.roadmaps.failures import failure_message

# Large JSON columns that lists never need.
_HEAVY_FIELDS = ("result", "inputs")


def roadmaps_for_assessment(*, assessment: Assessment) -> QuerySet[Roadmap]:
    """Every roadmap of the assessment (base and scenarios), newest first, without the large JSON."""
    return Roadmap.objects.filter(assessment=assessment).defer(*_HEAVY_FIELDS).order_by("-requested_at", "-pk")


def roadmap_latest_base(*, assessment: Assessment, done_only: bool = True) -> Roadmap | None:
    """The newest base roadmap (no scenario name) of the assessment, by default the newest finished one."""
    roadmaps = Roadmap.objects.filter(assessment=assessment, name="").defer("inputs")
    if done_only:
        roadmaps = roadmaps.filter(status=RoadmapStatus.DONE)
    return roadmaps.order_by("-requested_at", "-pk").first()


def roadmap_is_waiting_for_broker(*, roadmap: Roadmap) -> bool:
    """Queued but not yet handed to the task queue (it was down); the re-send will pick it up."""
    return roadmap.status == RoadmapStatus.QUEUED and roadmap.enqueued_at is None


def roadmap_status_message(*, roadmap: Roadmap) -> str:
    if roadmap_is_waiting_for_broker(roadmap=roadmap):
        return _(
            "The task queue is not reachable at the moment. Your request is saved and will be computed "
            "automatically as soon as the queue is back; you do not need to request it again."
        )
    messages: dict[str, str] = {
        RoadmapStatus.QUEUED: _("Waiting for a worker to start the computation."),
        RoadmapStatus.RUNNING: _("The roadmap is being computed."),
        RoadmapStatus.DONE: _("The roadmap is ready."),
        RoadmapStatus.FAILED: _("The computation failed."),
    }
    return str(messages.get(roadmap.status, ""))


def roadmap_failure_message(*, roadmap: Roadmap) -> str:
    """Why the roadmap failed, in the active language; "" when it has not failed."""
    return failure_message(code=roadmap.failure_code, params=roadmap.failure_params)


def roadmap_status_payload(*, roadmap: Roadmap) -> dict[str, Any]:
    """What the status page polls: small, no result, safe to serve every few seconds."""
    return {
        "id": roadmap.pk,
        "status": roadmap.status,
        "status_label": str(roadmap.get_status_display()),
        "message": roadmap_status_message(roadmap=roadmap),
        "finished": roadmap.status in (RoadmapStatus.DONE, RoadmapStatus.FAILED),
        "waiting_for_broker": roadmap_is_waiting_for_broker(roadmap=roadmap),
        "error": roadmap_failure_message(roadmap=roadmap),
        "attempts": roadmap.attempts,
        "requested_at": roadmap.requested_at.isoformat() if roadmap.requested_at else None,
        "started_at": roadmap.started_at.isoformat() if roadmap.started_at else None,
        "finished_at": roadmap.finished_at.isoformat() if roadmap.finished_at else None,
        "compute_ms": roadmap.compute_ms,
        "url": reverse("assessments:roadmap_status", kwargs={"pk": roadmap.pk}),
    }


def engine_version_installed() -> str:
    """The version of the engine this installation computes with (the status page offers a
    recompute when a roadmap was computed by another one)."""
    return ENGINE_VERSION
