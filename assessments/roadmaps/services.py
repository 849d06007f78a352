"""Writes from the managers' pages: approval decisions and "what if" scenarios.

Approval is a conditional UPDATE (`... WHERE decision = 'pending'`) inside a transaction
that first locks the assessment row, so two managers deciding at the same moment leave
exactly one decision, and at most one roadmap per assessment is ever approved.

A scenario is a new Roadmap row computed by the same pipeline (`roadmap_send` hands it
to the Celery task that runs `roadmap_compute`). Its input is the source roadmap's
stored input with the changed parameters, not a fresh build from the assessment: the
comparison then shows the effect of the parameters alone, even if the catalogue or the
benchmarks changed since, and the source roadmap is never touched.
"""

from __future__ import annotations

import copy
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from assessments.engine import ENGINE_VERSION
from assessments.models import Assessment, AssessmentStatus, Decision, Roadmap, RoadmapNotification, RoadmapStatus
from assessments.organisations import access
from assessments.roadmaps import dashboard_selectors, notifications
from assessments.roadmaps.inputs import inputs_hash_compute, roadmap_overrides_clean
from assessments.roadmaps.parameter_presenter import parameters_effective
from assessments.roadmaps.pipeline_services import OPPORTUNISTIC_RESEND_LIMIT, roadmap_resend_pending, roadmap_send

DECISIONS = (Decision.APPROVED, Decision.REJECTED)
MAX_COMMENT_LENGTH = 4000


class DecisionConflict(Exception):
    """The roadmap was decided (or another one approved) before this decision arrived."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _decided_by_label(roadmap: Roadmap) -> str:
    user = roadmap.decided_by
    name = (user.get_full_name() or user.get_username()) if user else _("someone")
    when = formats.date_format(timezone.localtime(roadmap.decided_at), "DATETIME_FORMAT") if roadmap.decided_at else ""
    return _("%(decision)s by %(name)s on %(when)s") % {
        "decision": roadmap.get_decision_display(),
        "name": name,
        "when": when,
    }


def roadmap_decide(*, roadmap: Roadmap, user: User, decision: str, comment: str = "") -> Roadmap:
    """Record a manager's approval or rejection of a computed roadmap.

    Raises PermissionDenied unless the user is a manager of the organisation,
    ValidationError for a roadmap that is not computed or a missing reason for a
    rejection, and DecisionConflict when someone decided first. Approving also marks
    the assessment approved.
    """
    if decision not in DECISIONS:
        raise ValidationError(_("Choose approve or reject."))
    access.ensure(user=user, organisation=roadmap.assessment.organisation, action="decide")
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT_LENGTH:
        raise ValidationError(_("Keep the comment under %(count)s characters.") % {"count": MAX_COMMENT_LENGTH})
    if decision == Decision.REJECTED and not comment:
        raise ValidationError(_("Say why the roadmap is rejected, so the consultants know what to change."))
    with transaction.atomic():
        # Serialises decisions on the roadmaps of one assessment (PostgreSQL row lock; SQLite
        # serialises writers anyway), so two approvals of different roadmaps cannot both win.
        assessment = Assessment.objects.select_for_update().get(pk=roadmap.assessment_id)
        if decision == Decision.APPROVED:
            newer = (
                dashboard_selectors.superseding_versions(lineage=assessment.lineage, version=assessment.version)
                .values_list("version", flat=True)
                .first()
            )
            if newer is not None:
                raise ValidationError(
                    _("This version is superseded by v%(version)s: approve a roadmap of the newest version instead.")
                    % {"version": newer}
                )
            approved = (
                Roadmap.objects.filter(assessment=assessment, decision=Decision.APPROVED)
                .exclude(pk=roadmap.pk)
                .select_related("decided_by")
                .first()
            )
            if approved is not None:
                raise DecisionConflict(
                    _("Another roadmap of this assessment is already approved (%(which)s). Only one can be.")
                    % {"which": approved.name or _("base roadmap")}
                )
        now = timezone.now()
        updated = Roadmap.objects.filter(pk=roadmap.pk, decision=Decision.PENDING, status=RoadmapStatus.DONE).update(
            decision=decision, decision_comment=comment, decided_by=user, decided_at=now
        )
        if not updated:
            current = Roadmap.objects.select_related("decided_by").defer("inputs", "result").get(pk=roadmap.pk)
            if current.status != RoadmapStatus.DONE:
                raise ValidationError(_("Only a computed roadmap can be approved or rejected."))
            raise DecisionConflict(
                _("This roadmap was already decided: %(decision)s. Your decision was not recorded.")
                % {"decision": _decided_by_label(current)}
            )
        if decision == Decision.APPROVED and assessment.status != AssessmentStatus.APPROVED:
            assessment.status = AssessmentStatus.APPROVED
            assessment.save(update_fields=["status", "updated_at"])
        # The "awaits a decision" notices this decision settles no longer show as new.
        notifications.awaiting_notifications_resolve(roadmap=roadmap, decision=decision)
    roadmap.refresh_from_db(fields=["decision", "decision_comment", "decided_by", "decided_at"])
    transaction.on_commit(lambda: notifications.roadmap_decided_notify(roadmap=roadmap))
    return roadmap


def scenario_overrides_diff(*, roadmap_parameters: dict[str, Any], wanted: dict[str, Any]) -> dict[str, Any]:
    """Only the parameters whose wanted value differs from what the source roadmap used."""
    changed = {}
    for key, value in wanted.items():
        if value is None:
            continue
        current = roadmap_parameters.get(key)
        if isinstance(value, int | float) and isinstance(current, int | float) and not isinstance(value, bool):
            if abs(float(value) - float(current)) < 1e-9:
                continue
        elif value == current:
            continue
        changed[key] = value
    return changed


def scenario_request(*, roadmap: Roadmap, user: User, name: str, parameters: dict[str, Any]) -> tuple[Roadmap, bool]:
    """A named scenario of `roadmap` with `parameters` changed, queued on the roadmap pipeline.

    Returns (scenario, created). The same name and inputs again (a double click) return
    the existing row and queue nothing new. Raises PermissionDenied for administrators
    and non-members, ValidationError for an unchanged parameter set, an invalid override
    or a name already used for different inputs.
    """
    access.ensure(user=user, organisation=roadmap.assessment.organisation, action="scenario")
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("Give the scenario a name, e.g. “Gate at 75 %”.")})
    source_inputs = Roadmap.objects.filter(pk=roadmap.pk).values_list("inputs", flat=True).first()
    if not source_inputs:
        raise ValidationError(_("This roadmap has no stored input to start a scenario from."))
    source_parameters = parameters_effective(source_inputs.get("parameters", {}))
    changed = scenario_overrides_diff(roadmap_parameters=source_parameters, wanted=parameters)
    if not changed:
        raise ValidationError(_("Change at least one parameter: otherwise the scenario is the roadmap itself."))
    try:
        cleaned = roadmap_overrides_clean(changed)
        overrides = roadmap_overrides_clean({**(roadmap.parameter_overrides or {}), **changed})
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    document = copy.deepcopy(source_inputs)
    document["parameters"] = {**document.get("parameters", {}), **cleaned}
    inputs_hash = inputs_hash_compute(document)
    with transaction.atomic():
        clash = (
            Roadmap.objects.filter(assessment_id=roadmap.assessment_id, name=name)
            .exclude(inputs_hash=inputs_hash)
            .exists()
        )
        if clash:
            raise ValidationError({"name": _("This assessment already has a scenario with this name. Choose another.")})
        scenario, created = Roadmap.objects.get_or_create(
            assessment_id=roadmap.assessment_id,
            name=name,
            inputs_hash=inputs_hash,
            defaults={
                "inputs": document,
                "parameter_overrides": overrides,
                "requested_by": user,
                "engine_version": ENGINE_VERSION,
            },
        )
        scenario_id = scenario.pk
        transaction.on_commit(lambda: _send(scenario_id))
    return scenario, created


def _send(roadmap_id: int) -> None:
    # Same hand-over as a consultant's request: send now, and if the broker answers, also
    # what an earlier outage left behind. A refused send leaves the row for the beat sweep.
    if roadmap_send(roadmap_id=roadmap_id) is not False:
        roadmap_resend_pending(limit=OPPORTUNISTIC_RESEND_LIMIT)


def notifications_mark_read(*, user: User) -> int:
    """Mark every unread notification of the user read; returns how many."""
    return RoadmapNotification.objects.filter(user_id=user.pk, read_at__isnull=True).update(read_at=timezone.now())
