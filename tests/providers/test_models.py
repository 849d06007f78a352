from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from providers.models import Benchmark
from tests.factories.providers import BenchmarkFactory, OfferingFactory, ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("savings_low", Decimal("0.30")),  # above typical
        ("savings_high", Decimal("0.12")),  # below typical
        ("savings_high", Decimal("1.20")),  # above 100 %
        ("savings_low", Decimal("-0.01")),
        ("transition_months", 0),
        ("transition_cost_fraction", Decimal("1.50")),
        ("engagement_months", 0),
        ("ramp_months", 0),
    ],
)
def test_benchmark_constraints_reject_a_bad_band_or_month(field, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        BenchmarkFactory.create(**{field: value})
    assert not Benchmark.objects.exists()


def test_a_valid_benchmark_is_accepted():
    BenchmarkFactory.create(savings_low=Decimal("0.10"), savings_typical=Decimal("0.10"), savings_high=Decimal("0.10"))
    assert Benchmark.objects.count() == 1


def test_provider_rating_above_five_is_rejected():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProviderFactory.create(rating=Decimal("5.10"))


@pytest.mark.parametrize(("field", "value"), [("quality_score", Decimal("10.5")), ("price_index", Decimal("0"))])
def test_offering_constraints(field, value):
    with pytest.raises(IntegrityError), transaction.atomic():
        OfferingFactory.create(**{field: value})


def test_one_offering_per_provider_capability_and_delivery_model():
    offering = OfferingFactory.create()
    with pytest.raises(IntegrityError), transaction.atomic():
        OfferingFactory.create(provider=offering.provider, capability=offering.capability)
    OfferingFactory.create(provider=offering.provider, capability=offering.capability, delivery_model="offshore")
