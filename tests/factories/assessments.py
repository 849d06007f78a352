"""Factories for assessments and their lines."""

from decimal import Decimal

import factory

from assessments.models import Assessment, AssessmentStatus, BusinessFunction, Currency, ITCostArea
from providers.models import Kind
from tests.factories.core import CapabilityFactory, OrganisationFactory, UserFactory


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Assessment {n}")
    status = AssessmentStatus.DRAFT
    author = factory.SubFactory(UserFactory)
    region = factory.LazyAttribute(lambda a: a.organisation.region)
    currency = factory.LazyAttribute(lambda a: a.organisation.currency or Currency.IDR)


class ITCostAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ITCostArea

    assessment = factory.SubFactory(AssessmentFactory)
    capability = factory.SubFactory(CapabilityFactory, code="compute", kind=Kind.ITO)
    annual_cost = Decimal("1200000000.00")
    ftes = Decimal("6.0")
    available_from_month = 0
    maturity = 2
    standardisation = 4
    criticality = 3
    position = factory.Sequence(lambda n: n)


class BusinessFunctionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessFunction

    assessment = factory.SubFactory(AssessmentFactory)
    capability = factory.SubFactory(CapabilityFactory, code="payroll", kind=Kind.BPO)
    annual_cost = Decimal("900000000.00")
    ftes = Decimal("8.0")
    annual_volume = 24000
    standardisation = 4
    strategic_importance = 2
    maturity = 3
    regulatory_sensitivity = 3
    knowledge_intensity = 2
    error_rate_percent = Decimal("2.50")
    position = factory.Sequence(lambda n: n)
