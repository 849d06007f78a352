"""The review page and the version's page show the business case's cost parameters, grouped,
labelled and with their units, in English and Bahasa Indonesia (the tester's finding 12)."""

from decimal import Decimal
from html import escape

import pytest
from django.urls import reverse

from assessments.capture.selectors import COST_PARAMETER_FIELDS
from assessments.roadmaps.parameter_presenter import COST_PARAMETER_GROUPS, PARAMETER_LABELS

pytestmark = pytest.mark.django_db


def test_every_cost_parameter_is_in_one_group_in_the_forms_order():
    grouped = [key for _title, keys in COST_PARAMETER_GROUPS for key in keys]
    assert grouped == list(COST_PARAMETER_FIELDS)


@pytest.fixture
def costed(draft):
    draft.average_tenure_years = Decimal("7.5")
    draft.deal_fixed_cost = Decimal("250000000")
    draft.vat_rate = Decimal("0.11")
    draft.dual_running_months = 3
    draft.severance_multiplier = Decimal("2")
    draft.save()
    return draft


def _page(client, name, assessment, language):
    client.cookies["django_language"] = language
    response = client.get(reverse(f"assessments:{name}", args=[assessment.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("name", ["review", "detail"])
def test_the_cost_parameters_are_shown_with_their_units(costed, consultant, client_for, name):
    client = client_for(consultant)
    english = _page(client, name, costed, "en")
    card = english[english.index('data-testid="cost-parameters"') :]
    for key in COST_PARAMETER_FIELDS:
        assert escape(str(PARAMETER_LABELS[key])) in card, key
    for shown in ("7.5 years", "IDR\u00a0250,000,000", "11 %", "3 months", "× 2", "People and governance"):
        assert shown in card, shown
    indonesian = _page(client, name, costed, "id")
    card = indonesian[indonesian.index('data-testid="cost-parameters"') :]
    for shown in ("7,5 tahun", "Rp\u00a0250.000.000", "11 %", "3 bulan", "Biaya dalam kasus bisnis"):
        assert shown in card, shown
    assert "People and governance" not in card


@pytest.mark.parametrize(
    ("language", "earnings", "shown"),
    [
        ("en", "0", "the region's figure"),
        ("en", "400", "USD\u00a0400 a month"),
        ("id", "400", "US$\u00a0400 per bulan"),
    ],
)
def test_the_origins_earnings_are_shown_in_us_dollars_a_month(draft, consultant, client_for, language, earnings, shown):
    """The one cost-page parameter in US dollars whatever the plan's currency; 0 stands for the region's figure."""
    draft.origin_monthly_earnings_usd = Decimal(earnings)
    draft.save()
    page = _page(client_for(consultant), "review", draft, language)
    assert escape(shown) in page
