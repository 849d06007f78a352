"""Demo programme: the first demo organisation's approved roadmap under way, with nine months of
actuals in which the BPO gate opened three months late and one BPO engagement is at risk.

Idempotent: an assessment whose roadmap already has a programme is left as it is."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from assessments.models import (
    Assessment,
    Decision,
    Engagement,
    EngagementStatus,
    Programme,
    Roadmap,
    RoadmapStatus,
)
from assessments.programmes import services
from assessments.programmes.selectors import month_date
from assessments.roadmaps.services import roadmap_decide
from providers.models import Provider

GATE_DELAY_MONTHS = 3
MONTHS_OF_ACTUALS = 9


def _d(value: float) -> Decimal:
    return Decimal(str(round(value, 2)))


@transaction.atomic
def demo_programme_seed(*, assessment: Assessment, manager: User) -> Programme | None:
    """Approve the assessment's done base roadmap (unless one is approved) and record the story."""
    roadmap = (
        Roadmap.objects.filter(assessment=assessment, decision=Decision.APPROVED).first()
        or Roadmap.objects.filter(assessment=assessment, name="", status=RoadmapStatus.DONE)
        .order_by("-finished_at")
        .first()
    )
    if roadmap is None:
        return None
    existing = Programme.objects.filter(roadmap=roadmap).first()
    if existing is not None:
        return existing
    if roadmap.decision != Decision.APPROVED:
        roadmap_decide(
            roadmap=roadmap, user=manager, decision=Decision.APPROVED, comment="Demo: approved to start the programme."
        )
        roadmap.refresh_from_db()
    planned_gate = (roadmap.result or {}).get("gate_month") or 0
    opened = planned_gate + GATE_DELAY_MONTHS
    last = max(MONTHS_OF_ACTUALS - 1, opened + 5)
    first_index = last - MONTHS_OF_ACTUALS + 1
    today = timezone.localdate().replace(day=1)
    first_month = month_date(first_month=today, index=-last - 1)
    programme = services.programme_start(roadmap=roadmap, first_month=first_month, user=manager)
    engagements = list(programme.engagements.all())
    ito = [e for e in engagements if e.kind == "ITO"]
    bpo = [e for e in engagements if e.kind == "BPO"]
    threshold = programme.gate_fraction * float(programme.planned_ito_run_rate)
    planned_ito = sum(float(e.planned_annual_savings) for e in ito) or 1.0
    rows: list[tuple[Engagement, dt.date, dict[str, Decimal | None]]] = []
    for index in range(first_index, last + 1):
        # Share of the gate threshold realised: rising to just below it, crossing it `opened`.
        if index < opened:
            share = 0.3 + 0.6 * (index - first_index) / max(opened - first_index, 1)
        else:
            share = 1.05 + 0.03 * (index - opened)
        for engagement in ito:
            part = float(engagement.planned_annual_savings) / planned_ito
            rows.append(
                (
                    engagement,
                    month_date(first_month=first_month, index=index),
                    {"realised_savings": _d(share * threshold / 12 * part)},
                )
            )
    at_risk = max(bpo, key=lambda e: e.planned_annual_savings, default=None)
    if at_risk is not None:
        start = opened + 2
        months = list(range(start, last + 1))
        planned_from = at_risk.planned_savings_from_month or start
        planned_to_date = float(at_risk.planned_annual_savings) / 12 * max(last + 1 - planned_from, len(months))
        monthly = 0.75 * planned_to_date / len(months)
        target_cost = at_risk.target_cost_per_transaction
        for index in months:
            rows.append(
                (
                    at_risk,
                    month_date(first_month=first_month, index=index),
                    {
                        "realised_benefit": _d(monthly),
                        "cost_per_transaction": _d(float(target_cost) * 1.04) if target_cost is not None else None,
                        "error_rate_percent": at_risk.target_error_rate_percent,
                        "cycle_time_days": at_risk.target_cycle_time_days,
                        "ftes_released": _d(float(at_risk.target_ftes_released or 0) * 0.8),
                    },
                )
            )
    for engagement in ito:
        provider = Provider.objects.filter(slug__in=engagement.shortlist[:1]).first()
        services.engagement_update(
            engagement=engagement,
            changes={
                "status": EngagementStatus.RUNNING,
                "provider": provider,
                "contract_signed_on": first_month,
                "transition_started_on": first_month + dt.timedelta(days=14),
                "savings_started_on": month_date(first_month=first_month, index=first_index),
            },
            mail=False,
        )
    if at_risk is not None:
        services.engagement_update(
            engagement=at_risk,
            changes={
                "status": EngagementStatus.RUNNING,
                "provider": Provider.objects.filter(slug__in=at_risk.shortlist[:1]).first(),
                "contract_signed_on": month_date(first_month=first_month, index=opened),
                "transition_started_on": month_date(first_month=first_month, index=opened),
                "savings_started_on": month_date(first_month=first_month, index=opened + 2),
            },
            mail=False,
        )
    services.actuals_record(programme=programme, rows=rows, mail=False)
    return programme
