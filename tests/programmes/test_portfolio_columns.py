"""Portfolio columns of programmes under way: realised % of plan and the gate (on time / late by N months),
in a constant number of queries."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import Programme
from assessments.programmes.services import actuals_record

from .conftest import month

pytestmark = pytest.mark.django_db


def test_recording_actuals_stores_the_programmes_headline(programme):
    ito = programme.engagements.filter(kind="ITO").order_by("planned_start_month").first()
    actuals_record(programme=programme, rows=[(ito, month(0), {"realised_savings": Decimal("1000")})], mail=False)
    programme.refresh_from_db()
    assert programme.gate_state != ""
    status_fraction = programme.realised_fraction_of_plan
    assert status_fraction is None or status_fraction >= 0


def test_the_portfolio_shows_realised_share_and_gate_slip(programme, manager, client_for):
    Programme.objects.filter(pk=programme.pk).update(
        realised_fraction_of_plan=0.8, gate_state="late", gate_slip_months=3
    )
    page = client_for(manager).get(reverse("assessments:portfolio")).content.decode()
    assert "80 %" in page
    assert "late by 3 months" in page
    Programme.objects.filter(pk=programme.pk).update(gate_state="open", gate_slip_months=0)
    page = client_for(manager).get(reverse("assessments:portfolio")).content.decode()
    assert "on time" in page


def test_the_portfolio_query_count_stays_constant(programme, manager, client_for, django_assert_num_queries):
    Programme.objects.filter(pk=programme.pk).update(realised_fraction_of_plan=0.5, gate_state="on_track")
    client = client_for(manager)
    # The same count as tests/assessments/test_portfolio.py pins: the programme columns add no query.
    with django_assert_num_queries(8):
        response = client.get(reverse("assessments:portfolio"))
    assert "50 %" in response.content.decode()
