"""A huge actual (10**18, 2**53) is refused at its field in the month grid, at its row and column in an
import's preview, and at its row and field in the API; nothing is stored and every page stays up."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from api.services import token_create
from assessments.models import MonthlyActual
from assessments.programmes.actuals_import_services import ImportRefused, actuals_confirm, actuals_preview
from tests.programmes.conftest import month

pytestmark = pytest.mark.django_db

HUGE = ["999999999999999999", str(2**53)]


def _pages_stay_up(client, programme):
    for name in ("programme_detail", "programme_actuals"):
        assert client.get(reverse(f"assessments:{name}", args=[programme.pk])).status_code == 200, name


@pytest.mark.parametrize("value", HUGE)
def test_the_month_grid_refuses_a_huge_benefit_at_its_field(programme, consultant, client_for, value):
    client = client_for(consultant)
    bpo = programme.engagements.filter(kind="BPO").first()
    data = {"month": month(0).strftime("%Y-%m"), f"e{bpo.pk}-realised_benefit": value}
    response = client.post(reverse("assessments:programme_actuals", args=[programme.pk]), data)
    assert response.status_code == 200
    assert "text-danger" in response.content.decode()
    assert "too large" in response.content.decode()
    assert not MonthlyActual.objects.exists()
    _pages_stay_up(client, programme)


@pytest.mark.parametrize("value", HUGE)
def test_an_import_row_with_a_huge_benefit_is_refused_in_the_preview(programme, ids, value):
    content = ids(f"engagement,month,realised_benefit\nbf-1,2026-12,{value}\n").encode()
    preview = actuals_preview(programme=programme, name="a.csv", content=content)
    assert not preview.is_valid
    assert preview.problems[0].startswith("Row 2, C · realised_benefit"), preview.problems
    assert "too large" in preview.problems[0]


def test_a_stored_preview_with_a_huge_amount_is_refused_at_confirm(programme, ids):
    bpo = programme.engagements.filter(kind="BPO").first()
    payload = [{"row": 2, "engagement": bpo.pk, "month": "2026-12-01", "realised_benefit": "999999999999999999"}]
    with pytest.raises(ImportRefused, match="too large"):
        actuals_confirm(programme=programme, payload=payload)
    assert not MonthlyActual.objects.exists()


@pytest.mark.parametrize("value", HUGE)
def test_the_api_refuses_a_huge_actual_at_its_row_and_field(programme, consultant, ids, value):
    _row, token = token_create(user=consultant, name="test")
    api = Client(HTTP_AUTHORIZATION=f"Token {token}")
    url = reverse("api:programme_actuals", args=[programme.pk])
    rows = [{"engagement": ids("bf-1"), "month": "2026-01", "realised_benefit": value}]
    response = api.post(url, rows, content_type="application/json")
    assert response.status_code == 400
    assert "realised_benefit" in response.json()["0"]
    assert not MonthlyActual.objects.exists()
    assert api.get(url).status_code == 200


def test_the_audit_lists_amounts_stored_beyond_the_bound_and_changes_nothing(programme):
    bpo = programme.engagements.filter(kind="BPO").first()
    actual = MonthlyActual.objects.create(engagement=bpo, month=month(0), realised_benefit=5)
    # Written around every validator, as rows stored before the bound could be.
    MonthlyActual.objects.filter(pk=actual.pk).update(realised_benefit=Decimal(2**53))
    out = io.StringIO()
    call_command("money_bounds_audit", stdout=out)
    assert f"assessments.MonthlyActual {actual.pk} realised_benefit" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("money_bounds_audit", "--fail", stdout=io.StringIO())
    MonthlyActual.objects.filter(pk=actual.pk).update(realised_benefit=Decimal(2**53 - 2))
    out = io.StringIO()
    call_command("money_bounds_audit", "--fail", stdout=out)
    assert out.getvalue().strip().endswith("0 amount(s) at or beyond 2^53.")
