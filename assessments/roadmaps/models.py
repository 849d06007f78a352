"""Computed roadmaps: the engine's result for one exact set of inputs, and its approval."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from assessments.capture.models import MONEY, Assessment
from assessments.roadmaps.failures import FailureCode


class RoadmapStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class Decision(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Roadmap(models.Model):
    """The engine's result for one exact set of inputs.

    A scenario is a roadmap with a name and parameter overrides; the base roadmap
    of an assessment has an empty name.
    """

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="roadmaps")
    name = models.CharField(_("scenario name"), max_length=120, blank=True)
    parameter_overrides = models.JSONField(_("parameter overrides"), default=dict, blank=True)
    inputs_hash = models.CharField(max_length=64, db_index=True)
    # The engine's JSON input exactly as hashed, so the result always matches its hash even
    # when the catalogue or benchmarks change between the request and the computation.
    inputs = models.JSONField(null=True, blank=True, editable=False)
    engine_version = models.CharField(max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RoadmapStatus.choices, default=RoadmapStatus.QUEUED, db_index=True
    )
    # Why it failed: a FailureCode and its parameters, worded on display (assessments/roadmaps/failures.py).
    failure_code = models.CharField(_("failure"), max_length=20, choices=FailureCode.choices, blank=True)
    failure_params = models.JSONField(_("failure details"), default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    # When the task was last handed to the broker; null means it still has to be sent.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    compute_ms = models.PositiveIntegerField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    # Headline figures copied out of the result so lists can sort and filter in SQL.
    npv = models.DecimalField(null=True, blank=True, **MONEY)
    payback_month = models.PositiveSmallIntegerField(null=True, blank=True)
    run_rate_ito = models.DecimalField(null=True, blank=True, **MONEY)
    run_rate_bpo = models.DecimalField(null=True, blank=True, **MONEY)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decision_comment = models.TextField(_("comment"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("roadmap")
        verbose_name_plural = _("roadmaps")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "name", "inputs_hash"], name="roadmap_unique_inputs"),
        ]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.name or _('base')} · {self.status}"


class NotificationKind(models.TextChoices):
    AWAITING_DECISION = "awaiting", _("Roadmap awaits a decision")
    APPROVED = "approved", _("Roadmap approved")
    REJECTED = "rejected", _("Roadmap rejected")


class RoadmapNotification(models.Model):
    """An in-app notice to one user about a roadmap's decision (also sent by e-mail)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roadmap_notifications")
    roadmap = models.ForeignKey(Roadmap, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=10, choices=NotificationKind.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.kind} · {self.roadmap_id}"
