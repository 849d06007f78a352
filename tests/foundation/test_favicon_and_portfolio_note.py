"""/favicon.ico reaches the icon; the portfolio chart's note names the roadmap its table shows."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from assessments.roadmaps import portfolio_selectors
from assessments.roadmaps.charts.portfolio import portfolio_charts
from tests.factories.roadmaps import done_roadmap_for


@pytest.mark.django_db
def test_favicon_ico_redirects_to_the_icon_without_sign_in():
    client = Client()
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".svg")
    assert "favicon" in response["Location"]
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_portfolio_chart_note_says_the_roadmap_that_counts(organisation, manager):
    done_roadmap_for(organisation=organisation)
    assessments = portfolio_selectors.portfolio_assessments(user=manager)
    rows = portfolio_selectors.portfolio_chart_rows(assessments=assessments, top=30)
    with translation.override("en"):
        notes = [chart.description for chart in portfolio_charts(rows) if chart.id.startswith("chart-portfolio-npv")]
    assert notes
    assert all("roadmap that counts" in note and "latest" not in note for note in notes)
    assert reverse("favicon") == "/favicon.ico"
