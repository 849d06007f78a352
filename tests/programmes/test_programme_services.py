"""Starting a programme, recording actuals (all or nothing, audited), the gate and rule 4 from
recorded actuals, and the managers' notifications."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase

from assessments.models import Decision, EngagementStatus, MonthlyActual, Notification
from assessments.programmes import selectors, services
from tests.factories.providers import ProviderFactory
from tests.factories.roadmaps import done_roadmap_for
from tests.programmes.conftest import FIRST_MONTH, month

pytestmark = pytest.mark.django_db


def _ito(programme):
    return list(programme.engagements.filter(kind="ITO").order_by("item_id"))


def _bpo(programme):
    return list(programme.engagements.filter(kind="BPO").order_by("item_id"))


def test_an_approved_roadmap_becomes_a_programme_with_one_engagement_per_included_item(programme, approved_roadmap):
    included = [item for item in approved_roadmap.result["items"] if item["included"]]
    assert programme.engagements.count() == len(included)
    assert {e.item_id for e in programme.engagements.all()} == {item["id"] for item in included}
    assert programme.planned_gate_month == approved_roadmap.result["gate_month"]
    assert programme.planned_ito_run_rate == approved_roadmap.run_rate_ito
    assert all(e.status == EngagementStatus.PLANNED for e in programme.engagements.all())
    bpo = _bpo(programme)[0]
    assert bpo.target_cost_per_transaction is not None
    assert bpo.baseline_error_rate_percent is not None
    # Idempotent: starting again returns the same programme.
    again = services.programme_start(roadmap=approved_roadmap, first_month=FIRST_MONTH)
    assert again.pk == programme.pk


def test_a_roadmap_not_approved_cannot_become_a_programme(organisation, consultant):
    roadmap = done_roadmap_for(organisation=organisation, author=consultant)
    assert roadmap.decision == Decision.PENDING
    with pytest.raises(ValidationError):
        services.programme_start(roadmap=roadmap, first_month=FIRST_MONTH)


def test_gate_opens_late_from_recorded_actuals(programme):
    threshold = programme.gate_fraction * float(programme.planned_ito_run_rate)
    planned = programme.planned_gate_month
    ito = _ito(programme)[0]
    # Below the threshold until planned + 2, then reaching it.
    for index in range(planned + 3):
        monthly = threshold / 12 * (0.4 if index < planned + 2 else 1.01)
        services.actuals_record(
            programme=programme, rows=[(ito, month(index), {"realised_savings": Decimal(str(round(monthly, 2)))})]
        )
    status = selectors.programme_status_get(programme=programme)
    assert status.gate.state == "open"
    assert status.gate.open_month == planned + 2
    assert status.gate.slip_months == 2
    # The managers heard of the slip once.
    assert Notification.objects.filter(code="gate_slipped").count() == 1


def test_recording_is_all_or_nothing_and_names_row_and_field(programme):
    ito, bpo = _ito(programme)[0], _bpo(programme)[0]
    rows = [
        (ito, month(0), {"realised_savings": Decimal("100.00")}),
        (bpo, month(0), {"realised_benefit": Decimal("5.00"), "error_rate_percent": Decimal("150")}),
        (ito, month(0), {"cost_per_transaction": Decimal("1")}),
    ]
    with pytest.raises(services.ActualsInvalid) as caught:
        services.actuals_record(programme=programme, rows=rows)
    assert set(caught.value.rows) == {2, 3}
    assert "error_rate_percent" in caught.value.rows[2]
    assert "cost_per_transaction" in caught.value.rows[3]
    assert not MonthlyActual.objects.exists()


def test_every_change_to_actuals_is_audited(programme):
    ito = _ito(programme)[0]
    services.actuals_record(programme=programme, rows=[(ito, month(0), {"realised_savings": Decimal("100")})])
    services.actuals_record(programme=programme, rows=[(ito, month(0), {"realised_savings": Decimal("120")})])
    actual = MonthlyActual.objects.get()
    assert [h.realised_savings for h in actual.history.order_by("history_date")] == [Decimal("100"), Decimal("120")]


def test_a_bpo_engagement_turning_at_risk_notifies_managers_in_app_and_by_mail(programme, manager):
    manager.email = "manager@example.com"
    manager.save()
    bpo = _bpo(programme)[0]
    start = bpo.planned_savings_from_month
    monthly = float(bpo.planned_annual_savings) / 12
    rows = [
        (
            bpo,
            month(m),
            {
                "realised_benefit": Decimal(str(round(monthly * 0.8, 2))),
                "cost_per_transaction": bpo.target_cost_per_transaction,
                "error_rate_percent": bpo.target_error_rate_percent,
                "ftes_released": bpo.target_ftes_released,
            },
        )
        for m in range(start, start + 4)
    ]
    with TestCase.captureOnCommitCallbacks(execute=True):
        services.actuals_record(programme=programme, rows=rows)
    figures = next(f for f in selectors.programme_status_get(programme=programme).bpo if f.engagement.pk == bpo.pk)
    assert figures.success is not None
    assert figures.success.state == "at_risk"
    assert figures.success.code == "benefit_below_plan"
    assert Notification.objects.filter(user=manager, code="engagement_at_risk").count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["manager@example.com"]
    # Saving again without a change of state does not notify again.
    services.actuals_record(programme=programme, rows=rows[-1:])
    assert Notification.objects.filter(code="engagement_at_risk").count() == 1


def test_engagement_provider_outside_the_shortlist_needs_a_reason(programme):
    ito = _ito(programme)[0]
    other = ProviderFactory(slug="not-shortlisted")
    with pytest.raises(ValidationError) as caught:
        services.engagement_update(engagement=ito, changes={"provider": other, "provider_reason": ""})
    assert "provider_reason" in caught.value.message_dict
    services.engagement_update(
        engagement=ito, changes={"provider": other, "provider_reason": "Incumbent", "status": "contracting"}
    )
    ito.refresh_from_db()
    assert ito.status == "contracting"
    assert ito.history.count() == 2


def test_provider_exit_is_for_ito_only(programme):
    bpo = _bpo(programme)[0]
    with pytest.raises(ValidationError) as caught:
        services.engagement_update(engagement=bpo, changes={"provider_exited_on": FIRST_MONTH})
    assert "provider_exited_on" in caught.value.message_dict
