"""Reads of programmes: the status page's figures, built from rows by the pure functions of
`realisation` (two queries whatever the number of engagements and months)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import Prefetch, QuerySet

from assessments.models import Engagement, MonthlyActual, Programme, Roadmap, Role
from assessments.organisations.selectors import organisations_visible_to
from assessments.programmes import realisation
from providers.models import Provider


def month_index(*, first_month: dt.date, month: dt.date) -> int:
    """Programme month of a calendar month (month 0 = `first_month`; earlier months are negative)."""
    return (month.year - first_month.year) * 12 + (month.month - first_month.month)


def month_date(*, first_month: dt.date, index: int) -> dt.date:
    """The first day of programme month `index`."""
    total = first_month.year * 12 + (first_month.month - 1) + index
    return dt.date(total // 12, total % 12 + 1, 1)


def _f(value: Decimal | None) -> float:
    return float(value) if value is not None else 0.0


def _opt(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


@dataclass
class EngagementFigures:
    """One engagement with its actuals by programme month and its planned and actual cash flow."""

    engagement: Engagement
    actuals: dict[int, MonthlyActual]
    planned_cumulative: float  # to the latest recorded month, currency
    actual_cumulative: float
    success: realisation.SuccessResult | None  # BPO only

    @property
    def variance(self) -> float:
        return self.actual_cumulative - self.planned_cumulative


@dataclass
class ProgrammeStatus:
    programme: Programme
    currency: str
    gate: realisation.GateStatus
    engagements: list[EngagementFigures]
    # (month index, calendar month, planned cumulative, actual cumulative, variance) to the latest month.
    variance_rows: list[tuple[int, dt.date, float, float, float]] = field(default_factory=list)

    @property
    def ito(self) -> list[EngagementFigures]:
        return [e for e in self.engagements if e.engagement.kind == "ITO"]

    @property
    def bpo(self) -> list[EngagementFigures]:
        return [e for e in self.engagements if e.engagement.kind == "BPO"]

    @property
    def at_risk(self) -> list[EngagementFigures]:
        return [e for e in self.bpo if e.success and e.success.state in ("at_risk", "missed")]


def engagements_with_actuals(*, programme: Programme) -> QuerySet[Engagement]:
    return programme.engagements.select_related("provider").prefetch_related(
        Prefetch("actuals", queryset=MonthlyActual.objects.order_by("month"))
    )


def _planned_stream(engagement: Engagement) -> realisation.PlannedStream:
    return realisation.PlannedStream(
        start_month=engagement.planned_start_month,
        savings_from_month=engagement.planned_savings_from_month,
        annual_savings=_f(engagement.planned_annual_savings),
        one_off_cost=_f(engagement.planned_one_off_cost),
    )


def _actual_net(actual: MonthlyActual, kind: str) -> float:
    gain = actual.realised_savings if kind == "ITO" else actual.realised_benefit
    return _f(gain) - _f(actual.one_off_cost)


def _success(engagement: Engagement, actuals: dict[int, MonthlyActual], latest: int) -> realisation.SuccessResult:
    gains = {m: _f(a.realised_benefit) for m, a in actuals.items() if a.realised_benefit is not None}
    months_of_savings = sum(1 for value in gains.values() if value > 0)
    last = actuals[max(actuals)] if actuals else None
    measures = [
        realisation.Measure(
            code="cost_per_transaction",
            baseline=_opt(engagement.baseline_cost_per_transaction),
            target=_opt(engagement.target_cost_per_transaction),
            actual=_opt(last.cost_per_transaction) if last else None,
        ),
        realisation.Measure(
            code="error_rate_percent",
            baseline=_opt(engagement.baseline_error_rate_percent),
            target=_opt(engagement.target_error_rate_percent),
            actual=_opt(last.error_rate_percent) if last else None,
        ),
        # Tracked only where the business function line gave a cycle time (no target: not judged).
        realisation.Measure(
            code="cycle_time_days",
            baseline=_opt(engagement.baseline_cycle_time_days),
            target=_opt(engagement.target_cycle_time_days),
            actual=_opt(last.cycle_time_days) if last else None,
        ),
        realisation.Measure(
            code="ftes_released",
            baseline=0.0,
            target=_opt(engagement.target_ftes_released),
            actual=_opt(last.ftes_released) if last else None,
            lower_is_better=False,
        ),
    ]
    planned_benefit = sum(
        _f(engagement.planned_annual_savings) / 12.0
        for m in range(latest + 1)
        if engagement.planned_savings_from_month is not None and m >= engagement.planned_savings_from_month
    )
    realised_net = sum(_actual_net(a, "BPO") for a in actuals.values())
    return realisation.success_test(
        measures=measures,
        realised_benefit_to_date=realised_net,
        planned_benefit_to_date=planned_benefit,
        months_of_savings=months_of_savings,
    )


def programme_status_get(*, programme: Programme) -> ProgrammeStatus:
    """The gate on evidence, each engagement's variance and rule-4 test, and the programme's
    planned-against-actual cumulative cash flow (currency of the organisation)."""
    first = programme.first_month
    engagements = list(engagements_with_actuals(programme=programme))
    by_engagement: dict[int, dict[int, MonthlyActual]] = {
        e.pk: {month_index(first_month=first, month=a.month): a for a in e.actuals.all()} for e in engagements
    }
    months_seen = [m for actuals in by_engagement.values() for m in actuals]
    latest = max(months_seen) if months_seen else -1
    span = max(latest + 1, 0)
    ito_savings: dict[int, float] = {}
    for engagement in engagements:
        if engagement.kind != "ITO":
            continue
        for m, actual in by_engagement[engagement.pk].items():
            if actual.realised_savings is not None and m >= 0:
                ito_savings[m] = ito_savings.get(m, 0.0) + float(actual.realised_savings)
    gate = realisation.gate_status(
        monthly_ito_savings=ito_savings,
        planned_run_rate=_f(programme.planned_ito_run_rate),
        gate_fraction=programme.gate_fraction,
        planned_month=programme.planned_gate_month,
        horizon_months=programme.horizon_months,
    )
    figures: list[EngagementFigures] = []
    planned_total = [0.0] * span
    actual_total = [0.0] * span
    for engagement in engagements:
        actuals = by_engagement[engagement.pk]
        planned = realisation.planned_monthly(_planned_stream(engagement), months=span)
        actual_net = [0.0] * span
        for m, row in actuals.items():
            if 0 <= m < span:
                actual_net[m] += _actual_net(row, engagement.kind)
        for m in range(span):
            planned_total[m] += planned[m]
            actual_total[m] += actual_net[m]
        figures.append(
            EngagementFigures(
                engagement=engagement,
                actuals=actuals,
                planned_cumulative=sum(planned),
                actual_cumulative=sum(actual_net),
                success=_success(engagement, actuals, latest) if engagement.kind == "BPO" else None,
            )
        )
    rows = [
        (m, month_date(first_month=first, index=m), p, a, a - p)
        for m, (p, a) in enumerate(
            zip(realisation.cumulative(planned_total), realisation.cumulative(actual_total), strict=True)
        )
    ]
    return ProgrammeStatus(
        programme=programme,
        currency=programme.roadmap.assessment.organisation.currency,
        gate=gate,
        engagements=figures,
        variance_rows=rows,
    )


def programmes_visible_to(*, user: User) -> QuerySet[Programme]:
    """Programmes of the organisations the user may see (staff: all)."""
    return Programme.objects.filter(roadmap__assessment__organisation__in=organisations_visible_to(user=user))


def managers_of(*, programme: Programme) -> list[User]:
    """The users who are managers of the programme's organisation."""
    organisation = programme.roadmap.assessment.organisation
    return [m.user for m in organisation.memberships.filter(role=Role.MANAGER).select_related("user")]


# The name of a re-plan from actuals starts so, then the day it was requested (see services.programme_replan).
REPLAN_NAME_PREFIX = "Re-plan from actuals"


def programme_replans(*, programme: Programme, limit: int = 5) -> list[Roadmap]:
    """The latest re-plans from actuals of the programme's assessment (newest first), without their results."""
    return list(
        Roadmap.objects.filter(assessment_id=programme.roadmap.assessment_id, name__startswith=REPLAN_NAME_PREFIX)
        .only("pk", "name", "status", "assessment_id")
        .order_by("-pk")[:limit]
    )


def shortlist_names(*, engagement: Engagement) -> list[str]:
    """The provider names of an engagement's shortlist (stored as slugs), best first; a slug whose
    provider is gone reads as the slug. One query."""
    names = dict(Provider.objects.filter(slug__in=engagement.shortlist).values_list("slug", "name"))
    return [names.get(slug, slug) for slug in engagement.shortlist]
