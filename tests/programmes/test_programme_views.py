"""Programme pages: tenancy and roles through organisations/access.py, the month grid changes the
gate status shown, and bad figures are named at their field."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import MonthlyActual, Programme
from assessments.programmes.services import actuals_record
from tests.programmes.conftest import month

pytestmark = pytest.mark.django_db


def _grid_post(client, programme, index, values):
    data = {"month": month(index).strftime("%Y-%m")}
    for engagement in programme.engagements.all():
        for name, value in values.get(engagement.pk, {}).items():
            data[f"e{engagement.pk}-{name}"] = value
    return client.post(reverse("assessments:programme_actuals", args=[programme.pk]), data)


def test_recording_a_month_in_the_grid_changes_the_gate_status(programme, consultant, client_for):
    client = client_for(consultant)
    page = client.get(reverse("assessments:programme_detail", args=[programme.pk]))
    assert page.status_code == 200
    assert "No ITO savings recorded yet" in page.content.decode()
    ito = programme.engagements.filter(kind="ITO").first()
    needed = programme.gate_fraction * float(programme.planned_ito_run_rate) / 12
    response = _grid_post(client, programme, 0, {ito.pk: {"realised_savings": f"{needed * 1.01:.2f}"}})
    assert response.status_code == 302
    page = client.get(reverse("assessments:programme_detail", args=[programme.pk])).content.decode()
    assert "the gate opened in month 0" in page


def test_a_bad_figure_is_named_at_its_field_and_nothing_is_saved(programme, consultant, client_for):
    bpo = programme.engagements.filter(kind="BPO").first()
    ito = programme.engagements.filter(kind="ITO").first()
    response = _grid_post(
        client_for(consultant),
        programme,
        1,
        {ito.pk: {"realised_savings": "100"}, bpo.pk: {"error_rate_percent": "150"}},
    )
    assert response.status_code == 200
    assert "text-danger" in response.content.decode()
    assert not MonthlyActual.objects.exists()


def test_the_engagement_form_saves_status_and_dates(programme, manager, client_for):
    ito = programme.engagements.filter(kind="ITO").first()
    url = reverse("assessments:programme_engagement_edit", args=[programme.pk, ito.pk])
    response = client_for(manager).post(
        url, {"status": "running", "contract_signed_on": "2026-01-10", "transition_started_on": "2026-01-05"}
    )
    assert response.status_code == 200  # transition before contract is refused at its field
    assert "before the previous step" in response.content.decode()
    response = client_for(manager).post(url, {"status": "running", "contract_signed_on": "2026-01-10"})
    assert response.status_code == 302


def test_start_from_the_dashboard_form(approved_roadmap, consultant, client_for):
    response = client_for(consultant).post(
        reverse("assessments:programme_start", args=[approved_roadmap.pk]), {"first_month": "2026-03"}
    )
    programme = Programme.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/programmes/{programme.pk}/")
    assert programme.first_month.isoformat() == "2026-03-01"


@pytest.mark.parametrize("name", ["programme_detail", "programme_actuals", "programme_actuals_import"])
def test_members_of_another_organisation_get_404(programme, other_consultant, other_manager, client_for, name):
    for user in (other_consultant, other_manager):
        assert client_for(user).get(reverse(f"assessments:{name}", args=[programme.pk])).status_code == 404


def test_administrator_reads_but_cannot_record(programme, administrator, client_for):
    client = client_for(administrator)
    assert client.get(reverse("assessments:programme_detail", args=[programme.pk])).status_code == 200
    assert client.get(reverse("assessments:programme_actuals", args=[programme.pk])).status_code == 403
    assert not MonthlyActual.objects.filter(realised_savings=Decimal(1)).exists()


def test_the_programme_list_shows_only_the_users_organisations(programme, consultant, other_consultant, client_for):
    url = reverse("assessments:programme_list")
    assert f"/programmes/{programme.pk}/" in client_for(consultant).get(url).content.decode()
    assert f"/programmes/{programme.pk}/" not in client_for(other_consultant).get(url).content.decode()


def _queries_for_detail(client, programme):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("assessments:programme_detail", args=[programme.pk])).status_code == 200
    return len(captured)


def test_the_programme_page_answers_in_a_constant_number_of_queries(programme, consultant, client_for):
    client = client_for(consultant)
    ito = list(programme.engagements.filter(kind="ITO"))
    actuals_record(programme=programme, rows=[(e, month(0), {"realised_savings": Decimal(1)}) for e in ito])
    few = _queries_for_detail(client, programme)
    actuals_record(
        programme=programme,
        rows=[(e, month(m), {"realised_savings": Decimal(m)}) for e in ito for m in range(1, 24)],
    )
    assert _queries_for_detail(client, programme) == few
