"""Factories for assessments and their lines, and the one builder of "an assessment with lines".

`assessment_with_lines_create` makes an assessment and its lines; `assessment_lines_add` adds
lines to one that exists (a fixture's draft). Every test that needs lines goes through them.
"""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import factory

from assessments.models import (
    Assessment,
    AssessmentStatus,
    BusinessFunction,
    Currency,
    ITCostArea,
    Organisation,
)
from providers.models import Capability, Kind
from tests.factories.core import CapabilityFactory, OrganisationFactory, UserFactory, capability_get


class AssessmentFactory(factory.django.DjangoModelFactory[Assessment]):
    class Meta:
        model = Assessment

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Assessment {n}")
    status = AssessmentStatus.DRAFT
    author = factory.SubFactory(UserFactory)
    region = factory.LazyAttribute(lambda a: a.organisation.region)
    currency = factory.LazyAttribute(lambda a: a.organisation.currency or Currency.IDR)


class ITCostAreaFactory(factory.django.DjangoModelFactory[ITCostArea]):
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


class BusinessFunctionFactory(factory.django.DjangoModelFactory[BusinessFunction]):
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


# The demonstration lines: three IT cost areas and three business functions, of which the
# engine leaves one of each out (security: too little to save; finance: not suitable for BPO).
DEMO_IT_COST_AREAS: tuple[Mapping[str, Any], ...] = (
    {
        "capability": "compute",
        "annual_cost": "1200000000",
        "ftes": "6",
        "available_from_month": 0,
        "maturity": 2,
        "standardisation": 4,
    },
    {
        "capability": "service_desk",
        "annual_cost": "800000000",
        "ftes": "10",
        "available_from_month": 3,
        "maturity": 2,
        "standardisation": 5,
    },
    {
        "capability": "security",
        "annual_cost": "100000000",
        "ftes": "1",
        "available_from_month": 0,
        "maturity": 5,
        "standardisation": 1,
    },
)
DEMO_BUSINESS_FUNCTIONS: tuple[Mapping[str, Any], ...] = (
    {
        "capability": "payroll",
        "annual_cost": "900000000",
        "ftes": "8",
        "annual_volume": 24000,
        "standardisation": 4,
        "strategic_importance": 2,
        "maturity": 3,
        "regulatory_sensitivity": 3,
        "knowledge_intensity": 2,
        "error_rate_percent": "2.5",
    },
    {
        "capability": "customer_service",
        "annual_cost": "3000000000",
        "ftes": "40",
        "annual_volume": 500000,
        "standardisation": 4,
        "strategic_importance": 3,
        "maturity": 3,
        "regulatory_sensitivity": 2,
        "knowledge_intensity": 2,
        "error_rate_percent": "4",
    },
    {
        "capability": "finance",
        "annual_cost": "500000000",
        "ftes": "4",
        "annual_volume": 2000,
        "standardisation": 1,
        "strategic_importance": 5,
        "maturity": 2,
        "regulatory_sensitivity": 5,
        "knowledge_intensity": 5,
        "error_rate_percent": "1",
    },
)

_DECIMAL_FIELDS = frozenset({"annual_cost", "ftes", "error_rate_percent"})


def _line_fields(fields: Mapping[str, Any], *, kind: str) -> dict[str, Any]:
    """Factory keyword arguments of one line: a capability code becomes the capability (created
    with the kind of the list it is in), amounts given as text or int become Decimals."""
    values = dict(fields)
    capability = values.get("capability")
    if isinstance(capability, str):
        values["capability"] = capability_get(capability, kind=kind)
    elif capability is not None and not isinstance(capability, Capability):
        raise TypeError(f"capability must be a code or a Capability, not {capability!r}")
    for name in _DECIMAL_FIELDS & values.keys():
        values[name] = Decimal(str(values[name]))
    return values


def assessment_lines_add(
    *,
    assessment: Assessment,
    it_cost_areas: Iterable[Mapping[str, Any]] = (),
    business_functions: Iterable[Mapping[str, Any]] = (),
) -> None:
    """Add lines to `assessment`: each line is a mapping of field values over the factory's
    defaults, with `capability` a code or a Capability."""
    for fields in it_cost_areas:
        ITCostAreaFactory.create(assessment=assessment, **_line_fields(fields, kind=Kind.ITO))
    for fields in business_functions:
        BusinessFunctionFactory.create(assessment=assessment, **_line_fields(fields, kind=Kind.BPO))


def assessment_with_lines_create(
    *,
    organisation: Organisation,
    status: str = AssessmentStatus.SUBMITTED,
    it_cost_areas: Iterable[Mapping[str, Any]] = DEMO_IT_COST_AREAS,
    business_functions: Iterable[Mapping[str, Any]] = DEMO_BUSINESS_FUNCTIONS,
    **fields: Any,
) -> Assessment:
    """An assessment of `organisation` (submitted unless `status` says otherwise) with its lines:
    by default the three demonstration IT cost areas and three business functions."""
    assessment = AssessmentFactory.create(organisation=organisation, status=status, **fields)
    assessment_lines_add(assessment=assessment, it_cost_areas=it_cost_areas, business_functions=business_functions)
    return assessment
