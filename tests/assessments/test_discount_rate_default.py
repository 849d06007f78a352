"""Issue 13: the default discount rate follows the assessment's currency (engine defaults.discount_rate_of:
the 10-year government bond yield + 4 points; 0.08 for a currency without a yield on file)."""

from decimal import Decimal

import pytest

from assessments.capture.forms import AssessmentParametersForm
from assessments.models import Assessment

BASE = {
    "title": "Discount rate",
    "horizon_months": "60",
    "gate_fraction": "50",
    "max_parallel_ito": "2",
    "max_parallel_bpo": "2",
    "materiality_threshold": "5",
}


@pytest.mark.parametrize(("currency", "rate"), [("IDR", "0.11"), ("USD", "0.082"), ("EUR", "0.063")])
def test_a_blank_discount_rate_takes_the_currencys(organisation, currency, rate):
    form = AssessmentParametersForm(
        data={**BASE, "region": str(organisation.region.pk), "currency": currency, "discount_rate": ""}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["discount_rate"] == Decimal(rate)


def test_a_given_discount_rate_is_kept(organisation):
    """Typed in per cent: 7 is 0.07."""
    form = AssessmentParametersForm(
        data={**BASE, "region": str(organisation.region.pk), "currency": "IDR", "discount_rate": "7"}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["discount_rate"] == Decimal("0.07")


def test_a_new_assessment_offers_its_currencys_rate(organisation):
    instance = Assessment(organisation=organisation, region=organisation.region, currency="IDR")
    assert AssessmentParametersForm(instance=instance).initial["discount_rate"] == Decimal("0.11")
    instance = Assessment(organisation=organisation, region=organisation.region, currency="USD")
    assert AssessmentParametersForm(instance=instance).initial["discount_rate"] == Decimal("0.082")


@pytest.mark.parametrize(("currency", "rate"), [("IDR", "0.11"), ("USD", "0.082"), ("EUR", "0.063")])
def test_a_draft_created_without_a_rate_takes_its_currencys(organisation, consultant, currency, rate):
    """Every creation path goes through `assessment_create`: one left without a rate (a caller other
    than the form) gets the currency's default, not the model's 0.10."""
    from assessments.capture.services import assessment_create

    assessment = assessment_create(
        organisation=organisation, user=consultant, data={"title": "No rate given", "currency": currency}
    )
    assessment.refresh_from_db()
    assert assessment.discount_rate == Decimal(rate)
