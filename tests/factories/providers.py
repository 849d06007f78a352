"""Factories for the provider catalogue."""

from decimal import Decimal

import factory

from providers.models import Benchmark, Certification, DeliveryModel, Offering, Provider
from tests.factories.core import CapabilityFactory, RegionFactory

__all__ = [
    "BenchmarkFactory",
    "CapabilityFactory",
    "CertificationFactory",
    "OfferingFactory",
    "ProviderFactory",
    "RegionFactory",
]


class CertificationFactory(factory.django.DjangoModelFactory[Certification]):
    class Meta:
        model = Certification
        django_get_or_create = ("code",)

    code = "iso-27001"
    name = factory.LazyAttribute(lambda c: c.code.upper())


class BenchmarkFactory(factory.django.DjangoModelFactory[Benchmark]):
    class Meta:
        model = Benchmark

    capability = factory.SubFactory(CapabilityFactory)
    savings_low = Decimal("0.10")
    savings_typical = Decimal("0.15")
    savings_high = Decimal("0.25")
    savings_source = "test source"
    transition_months = 4
    transition_months_source = "test source"
    transition_cost_fraction = Decimal("0.05")
    transition_cost_source = "test source"
    engagement_months = 12
    ramp_months = None
    duration_source = "test source"


class ProviderFactory(factory.django.DjangoModelFactory[Provider]):
    class Meta:
        model = Provider
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Provider {n:04d} Demo")
    slug = factory.LazyAttribute(lambda p: p.name.lower().replace(" ", "-"))
    description = "A fictional provider."
    website = "https://provider.example"
    headquarters_country = "Indonesia"
    founded_year = 2010
    employees = 500
    rating = Decimal("4.00")
    is_active = True

    @factory.post_generation
    def regions(self, create, extracted, **kwargs):
        if create and extracted:
            self.regions.set(extracted)

    @factory.post_generation
    def certifications(self, create, extracted, **kwargs):
        if create and extracted:
            self.certifications.set(extracted)


class OfferingFactory(factory.django.DjangoModelFactory[Offering]):
    class Meta:
        model = Offering

    provider = factory.SubFactory(ProviderFactory)
    capability = factory.SubFactory(CapabilityFactory)
    delivery_model = DeliveryModel.ONSHORE
    price_index = Decimal("1.00")
    capacity_ftes = 100
    min_contract_months = 12
    quality_score = Decimal("8.0")
    experience_years = 5
