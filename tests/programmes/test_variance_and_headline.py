"""Variance (planned against actual cumulative cash flow, by engagement and for the programme) and
the gate headline the programme page shows (issue 14: "realised run-rate IDR 3.1 bn a year of the
5.0 bn needed; at the current trend the gate opens in month 22, three months after plan")."""

from decimal import Decimal

import pytest

from assessments.models import Notification
from assessments.programmes import realisation, selectors, services
from assessments.programmes.presenter import gate_sentence
from tests.programmes.conftest import month

pytestmark = pytest.mark.django_db


def _planned(engagement, months):
    stream = realisation.PlannedStream(
        start_month=engagement.planned_start_month,
        savings_from_month=engagement.planned_savings_from_month,
        annual_savings=float(engagement.planned_annual_savings or 0),
        one_off_cost=float(engagement.planned_one_off_cost or 0),
    )
    return realisation.planned_monthly(stream, months=months)


def test_variance_by_engagement_and_for_the_programme_follows_the_recorded_actuals(programme):
    ito = programme.engagements.filter(kind="ITO").order_by("item_id").first()
    bpo = programme.engagements.filter(kind="BPO").order_by("item_id").first()
    services.actuals_record(
        programme=programme,
        rows=[
            (ito, month(0), {"realised_savings": Decimal("1000"), "one_off_cost": Decimal("300")}),
            (ito, month(2), {"realised_savings": Decimal("2000")}),
            (bpo, month(1), {"realised_benefit": Decimal("500")}),
        ],
    )
    status = selectors.programme_status_get(programme=programme)
    figures = {f.engagement.pk: f for f in status.engagements}
    # By engagement: actual = gain - one-off cost over months 0..2; planned = the plan's flow to month 2.
    assert figures[ito.pk].actual_cumulative == pytest.approx(1000 - 300 + 2000)
    assert figures[bpo.pk].actual_cumulative == pytest.approx(500)
    assert figures[ito.pk].planned_cumulative == pytest.approx(sum(_planned(ito, 3)))
    assert figures[ito.pk].variance == pytest.approx(2700 - sum(_planned(ito, 3)))
    # For the programme: one row per month to the latest recorded one, running totals of every engagement.
    assert [row[0] for row in status.variance_rows] == [0, 1, 2]
    assert [row[1] for row in status.variance_rows] == [month(0), month(1), month(2)]
    assert [row[3] for row in status.variance_rows] == pytest.approx([700, 1200, 3200])
    every = list(programme.engagements.all())
    planned_total = [sum(sum(_planned(e, 3)[: m + 1]) for e in every) for m in range(3)]
    assert [row[2] for row in status.variance_rows] == pytest.approx(planned_total)
    assert all(row[4] == pytest.approx(row[3] - row[2]) for row in status.variance_rows)
    assert sum(f.actual_cumulative for f in status.engagements) == pytest.approx(status.variance_rows[-1][3])


def _gate(savings, planned_month):
    return realisation.gate_status(
        monthly_ito_savings=savings,
        planned_run_rate=5e9,
        gate_fraction=0.5,
        planned_month=planned_month,
        horizon_months=60,
    )


def test_the_headline_gives_run_rate_needed_and_the_projected_month_against_plan():
    savings = {m: 15_000_000.0 * (m - 10) for m in range(10, 20)}  # run-rate 1.6 bn a year in month 19
    sentence = gate_sentence(_gate(savings, 21), currency="IDR")
    assert sentence == (
        "Realised run-rate IDR\u00a01.6\u00a0bn a year of the IDR\u00a02.5\u00a0bn needed; "
        "at the current trend the gate opens in month 24, 3 months after plan."
    )


def test_the_headline_for_an_open_gate_a_falling_trend_and_no_actuals():
    opened = gate_sentence(_gate({0: 1e8, 1: 2.2e8}, 0), currency="IDR")
    assert (
        opened == "Realised run-rate IDR\u00a02.6\u00a0bn a year of the IDR\u00a02.5\u00a0bn needed; "
        "the gate opened in month 1, 1 month after plan."
    )
    falling = gate_sentence(_gate({0: 1e8, 1: 9e7, 2: 8e7}, 5), currency="IDR")
    assert falling.endswith("at the current trend the gate does not open within the plan.")
    assert gate_sentence(_gate({}, 5), currency="IDR").startswith("No ITO savings recorded yet")


def test_a_slipping_gate_is_told_to_the_managers_by_mail_once_per_further_slip(programme, manager):
    from django.core import mail
    from django.test import TestCase

    manager.email = "manager@example.com"
    manager.save()
    ito = programme.engagements.filter(kind="ITO").order_by("item_id").first()
    planned = programme.planned_gate_month
    low = Decimal("1.00")  # far below the threshold: the trend never reaches it, the gate is late
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.actuals_record(
            programme=programme, rows=[(ito, month(m), {"realised_savings": low}) for m in range(planned + 1)]
        )
    slipped = [message for message in mail.outbox if message.to == ["manager@example.com"]]
    assert len(slipped) == 1
    assert Notification.objects.filter(user=manager, code="gate_slipped").count() == 1
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.actuals_record(programme=programme, rows=[(ito, month(planned), {"realised_savings": low})])
    assert len([m for m in mail.outbox if m.to == ["manager@example.com"]]) == 1
