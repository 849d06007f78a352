"""The demo programme tells its story: nine months of actuals, the gate opened late, one BPO
engagement at risk, and the managers were told."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse

from assessments.models import MonthlyActual, Notification, Programme
from assessments.programmes.seed import GATE_DELAY_MONTHS, MONTHS_OF_ACTUALS
from assessments.programmes.selectors import programme_status_get

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_a_programme_with_a_late_gate_and_a_bpo_engagement_at_risk():
    call_command("seed_demo", stdout=io.StringIO())
    programme = Programme.objects.get()
    months = set(MonthlyActual.objects.values_list("month", flat=True))
    assert len(months) == MONTHS_OF_ACTUALS
    status = programme_status_get(programme=programme)
    assert status.gate.state == "open"
    assert status.gate.slip_months == GATE_DELAY_MONTHS
    assert [f.success.state if f.success else None for f in status.at_risk] == ["at_risk"]
    codes = set(Notification.objects.values_list("code", flat=True))
    assert codes == {"gate_slipped", "engagement_at_risk"}
    # Idempotent.
    before = (MonthlyActual.objects.count(), Notification.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert Programme.objects.count() == 1
    assert (MonthlyActual.objects.count(), Notification.objects.count()) == before


def test_the_demo_programme_page_tells_the_story_at_a_glance(client):
    call_command("seed_demo", stdout=io.StringIO())
    programme = Programme.objects.get()
    client.force_login(User.objects.get(username="manager"), backend="django.contrib.auth.backends.ModelBackend")
    page = client.get(reverse("assessments:programme_detail", args=[programme.pk])).content.decode()
    assert programme.planned_gate_month is not None
    assert f"the gate opened in month {programme.planned_gate_month + GATE_DELAY_MONTHS}, 3 months after plan" in page
    assert 'data-success="at_risk"' in page
    assert "the BPO gate is late" in page  # the manager's unread notification
