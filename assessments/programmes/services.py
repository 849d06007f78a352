"""Writes of programmes: start one from an approved roadmap, record engagements and monthly
actuals (atomic, all-or-nothing), and tell managers when an engagement turns at risk or the gate slips."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from assessments.models import (
    Decision,
    Engagement,
    EngagementStatus,
    MonthlyActual,
    Notification,
    Programme,
    Roadmap,
    RoadmapStatus,
)
from assessments.programmes import selectors
from assessments.roadmaps.parameter_presenter import roadmap_gate_fraction
from assessments.roadmaps.presenter import roadmap_presentation_get

ACTUAL_FIELDS = (
    "realised_savings",
    "realised_benefit",
    "one_off_cost",
    "cost_per_transaction",
    "error_rate_percent",
    "cycle_time_days",
    "ftes_released",
)
ITO_ONLY = frozenset({"realised_savings"})
BPO_ONLY = frozenset(
    {"realised_benefit", "cost_per_transaction", "error_rate_percent", "cycle_time_days", "ftes_released"}
)


class ActualsInvalid(ValidationError):
    """Rows of actuals refused; `rows` maps the row number (1-based) to {field: [messages]}."""

    def __init__(self, rows: dict[int, dict[str, list[str]]]) -> None:
        self.rows = rows
        super().__init__(
            [
                _("Row %(row)d, %(field)s: %(message)s") % {"row": row, "field": field, "message": message}
                for row, fields in sorted(rows.items())
                for field, messages in fields.items()
                for message in messages
            ]
        )


def _money(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(round(float(value), 2)))


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


@transaction.atomic
def programme_start(*, roadmap: Roadmap, first_month: dt.date, user: Any = None) -> Programme:
    """Start the programme of an approved, computed roadmap: one engagement per included item, with
    the plan and targets copied from the result. Idempotent: returns the existing programme.

    Raises ValidationError when the roadmap is not approved or has no result."""
    existing = Programme.objects.filter(roadmap=roadmap).first()
    if existing is not None:
        return existing
    if roadmap.decision != Decision.APPROVED or roadmap.status != RoadmapStatus.DONE:
        raise ValidationError(_("Only an approved roadmap can become a programme."))
    full = Roadmap.objects.select_related("assessment").get(pk=roadmap.pk)
    result = full.result or {}
    with translation.override("en"):
        presentation = roadmap_presentation_get(roadmap=full)
    labels = {item["id"]: item["label"] for item in presentation.items} if presentation else {}
    programme = Programme.objects.create(
        roadmap=roadmap,
        first_month=_month_start(first_month),
        created_by=user,
        gate_fraction=roadmap_gate_fraction(roadmap=roadmap),
        planned_gate_month=result.get("gate_month"),
        planned_ito_run_rate=_money((result.get("kpis") or {}).get("run_rate_ito")) or Decimal(0),
        horizon_months=len(result.get("cash_flow") or []) or 60,
    )
    for item in result.get("items", []):
        if not item.get("included"):
            continue
        kpis = item.get("kpis") or {}
        Engagement.objects.create(
            programme=programme,
            item_id=item["id"],
            kind=item["kind"],
            capability=item["capability"],
            label=labels.get(item["id"], item["id"]),
            shortlist=[entry["provider"] for entry in item.get("shortlist", [])],
            planned_start_month=item.get("start_month"),
            planned_savings_from_month=item.get("savings_from_month"),
            planned_exit_month=item.get("exit_month"),
            planned_annual_savings=_money(item.get("net_annual_savings")) or Decimal(0),
            planned_one_off_cost=_money(item.get("one_off_cost")) or Decimal(0),
            baseline_cost_per_transaction=_money(kpis.get("cost_per_transaction_before")),
            target_cost_per_transaction=_money(kpis.get("cost_per_transaction_after")),
            baseline_error_rate_percent=_money(kpis.get("error_rate_before")),
            target_error_rate_percent=_money(kpis.get("error_rate_after")),
            baseline_cycle_time_days=_money(kpis.get("cycle_time_days_before")),
            target_cycle_time_days=_money(kpis.get("cycle_time_days_after")),
            target_ftes_released=_money(kpis.get("ftes_freed")),
        )
    return programme


@transaction.atomic
def engagement_update(*, engagement: Engagement, changes: dict[str, Any], mail: bool = True) -> Engagement:
    """Set status, actual dates, provider and reason; validated (ValidationError names the field)."""
    for name, value in changes.items():
        setattr(engagement, name, value)
    engagement.full_clean()
    engagement.save()
    programme_evaluate(programme=engagement.programme, mail=mail)
    return engagement


def _validate_row(engagement: Engagement, values: dict[str, Any]) -> None:
    wrong = ITO_ONLY if engagement.kind == "BPO" else BPO_ONLY
    errors = {
        name: _("Not recorded for %(kind)s engagements.") % {"kind": engagement.kind}
        for name in wrong
        if values.get(name) is not None
    }
    if errors:
        raise ValidationError(errors)


def actuals_check(
    *, programme: Programme, rows: list[tuple[Engagement, dt.date, dict[str, Any]]]
) -> tuple[list[MonthlyActual], dict[int, dict[str, list[str]]]]:
    """(unsaved actuals, errors) for rows of (engagement, month, {ACTUAL_FIELDS: Decimal or None}).

    Writes nothing: the import preview shows these errors before anything is confirmed. `errors`
    maps the row's position (1-based) to {field: [messages]}; it is empty when every row fits."""
    errors: dict[int, dict[str, list[str]]] = {}
    checked = []
    for number, (engagement, month, values) in enumerate(rows, start=1):
        if engagement.programme_id != programme.pk:
            errors[number] = {"engagement": [_("This engagement is not part of the programme.")]}
            continue
        actual = MonthlyActual.objects.filter(engagement=engagement, month=_month_start(month)).first()
        actual = actual or MonthlyActual(engagement=engagement, month=_month_start(month))
        for name in ACTUAL_FIELDS:
            if name in values:
                setattr(actual, name, values[name])
        try:
            _validate_row(engagement, {name: getattr(actual, name) for name in ACTUAL_FIELDS})
            actual.full_clean(validate_unique=False)
        except ValidationError as error:
            errors[number] = error.message_dict
            continue
        checked.append(actual)
    return checked, errors


@transaction.atomic
def actuals_record(
    *, programme: Programme, rows: list[tuple[Engagement, dt.date, dict[str, Any]]], mail: bool = True
) -> list[MonthlyActual]:
    """Create or update one month's actuals per (engagement, month); all rows or none.

    Each row's values map ACTUAL_FIELDS to Decimal or None. Raises ActualsInvalid naming each
    refused row and field; then nothing is written.
    """
    saved, errors = actuals_check(programme=programme, rows=rows)
    if errors:
        raise ActualsInvalid(errors)
    for actual in saved:
        actual.save()
    programme_evaluate(programme=programme, mail=mail)
    return saved


def _notify(*, programme: Programme, code: str, params: dict[str, Any], mail: bool = True) -> None:
    """An in-app notification and (unless `mail` is False) an e-mail through Django's mail settings to
    each manager, sent after commit."""
    managers = selectors.managers_of(programme=programme)
    Notification.objects.bulk_create(
        [Notification(user=user, programme=programme, code=code, params=params) for user in managers]
    )
    recipients = [user.email for user in managers if user.email]
    if not recipients or not mail:
        return

    def send() -> None:
        from assessments.programmes.presenter import notification_text

        with translation.override("en"):
            subject, body = notification_text(code=code, params=params, programme=programme)
        send_mail(subject, body, None, recipients, fail_silently=True)

    transaction.on_commit(send)


def _headline_store(*, programme: Programme, status: selectors.ProgrammeStatus) -> None:
    """The portfolio's columns: realised share of the planned cumulative cash flow, and the gate's slip."""
    planned = status.variance_rows[-1][2] if status.variance_rows else 0.0
    actual = status.variance_rows[-1][3] if status.variance_rows else 0.0
    headline = {
        "realised_fraction_of_plan": actual / planned if planned > 0 else None,
        "gate_state": status.gate.state,
        "gate_slip_months": status.gate.slip_months,
    }
    Programme.objects.filter(pk=programme.pk).update(**headline)
    for name, value in headline.items():
        setattr(programme, name, value)


def programme_evaluate(*, programme: Programme, mail: bool = True) -> selectors.ProgrammeStatus:
    """Re-evaluate the gate and each BPO engagement's success test; notify managers when an
    engagement turns at risk or missed, or when the gate slips further than last told (in the app,
    and by e-mail unless `mail` is False: the demo seed tells its story without sending mail)."""
    status = selectors.programme_status_get(programme=programme)
    for figures in status.bpo:
        engagement, success = figures.engagement, figures.success
        state = success.state if success else ""
        if state == engagement.success_state:
            continue
        if success is not None and state in ("at_risk", "missed"):
            _notify(
                programme=programme,
                code=f"engagement_{state}",
                mail=mail,
                params={
                    "engagement": engagement.label,
                    "capability": engagement.capability,
                    "reason": success.code,
                    "facts": dict(success.params),
                },
            )
        Engagement.objects.filter(pk=engagement.pk).update(success_state=state)
        engagement.success_state = state
    _headline_store(programme=programme, status=status)
    slip = status.gate.slip_months
    gate_month = status.gate.open_month if status.gate.open_month is not None else status.gate.projected_month
    if status.gate.state in ("late", "open", "not_in_sight"):
        slip = slip if status.gate.state != "not_in_sight" else status.programme.horizon_months
        if slip is not None and slip > 0 and slip > (programme.gate_slip_notified or 0):
            _notify(
                programme=programme,
                code="gate_slipped",
                mail=mail,
                params={
                    "months": slip,
                    "state": status.gate.state,
                    "month": gate_month,
                },
            )
            Programme.objects.filter(pk=programme.pk).update(gate_slip_notified=slip)
            programme.gate_slip_notified = slip
    return status


__all__ = [
    "ACTUAL_FIELDS",
    "ActualsInvalid",
    "EngagementStatus",
    "actuals_record",
    "engagement_update",
    "programme_evaluate",
    "programme_start",
]


REPLAN_NAME_PREFIX = selectors.REPLAN_NAME_PREFIX
STARTED = frozenset({EngagementStatus.IN_TRANSITION, EngagementStatus.RUNNING, EngagementStatus.EXITED})


def programme_replan_inputs(*, programme: Programme, today: dt.date) -> dict[str, Any]:
    """The re-plan's evidence, as keyword arguments of roadmaps.inputs.roadmap_replan_apply.

    - `gate_month_actual`: the month the recorded actuals opened the gate (realisation.gate_status),
      else the month its trend reaches it, else no earlier than the current month; never before the
      current month, since an engagement not yet started cannot start in the past;
    - `fixed_start_months`: line id -> programme month of each engagement under way (its transition
      start, or its planned start when only its status says it has begun);
    - `current_month`: programme month of `today`."""
    status = selectors.programme_status_get(programme=programme)
    current = max(selectors.month_index(first_month=programme.first_month, month=today), 0)
    gate = status.gate
    realised = gate.open_month if gate.open_month is not None else gate.projected_month
    if realised is None:
        realised = max(gate.planned_month or 0, current)
    fixed: dict[str, int] = {}
    for engagement in programme.engagements.all():
        if engagement.transition_started_on is not None:
            fixed[engagement.item_id] = selectors.month_index(
                first_month=programme.first_month, month=engagement.transition_started_on
            )
        elif engagement.status in STARTED and engagement.planned_start_month is not None:
            fixed[engagement.item_id] = engagement.planned_start_month
    return {"gate_month_actual": max(realised, current), "current_month": current, "fixed_start_months": fixed}


def programme_replan(*, programme: Programme, user: Any, today: dt.date | None = None) -> Roadmap:
    """Request a re-plan from evidence: a new roadmap of the programme's assessment, named
    "Re-plan from actuals YYYY-MM-DD", in which engagements under way keep their start and BPO lines
    not yet started wait for the realised gate (see `programme_replan_inputs`). Computed by the
    usual pipeline; the same evidence on the same day returns the same roadmap.

    Raises PermissionDenied (from the pipeline) when the user may not compute the assessment."""
    from assessments.roadmaps.pipeline_services import roadmap_request  # the pipeline imports the presenter too

    day = today or dt.date.today()
    return roadmap_request(
        assessment=programme.roadmap.assessment,
        user=user,
        name=f"{REPLAN_NAME_PREFIX} {day.isoformat()}",
        overrides=dict(programme.roadmap.parameter_overrides or {}),
        replan=programme_replan_inputs(programme=programme, today=day),
    )
