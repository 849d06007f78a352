"""Fixtures of the capture tests: the capability taxonomy, and drafts with and without lines."""

from decimal import Decimal

import pytest

from providers.models import Tower
from tests.factories.assessments import AssessmentFactory, assessment_lines_add
from tests.factories.core import CapabilityFactory

ITO_CODES = ("data_centre", "compute", "storage", "network", "service_desk", "applications", "security")
BPO_CODES = (
    "hr",
    "payroll",
    "recruitment",
    "finance",
    "accounting",
    "customer_service",
    "procurement",
    "document_processing",
)


@pytest.fixture
def capability_set(db):
    """Every capability by code, as the catalogue seeder would create them."""
    capabilities = {}
    for order, code in enumerate(ITO_CODES):
        capabilities[code] = CapabilityFactory.create(code=code, tower=Tower.ITO, sort_order=order)
    for order, code in enumerate(BPO_CODES):
        capabilities[code] = CapabilityFactory.create(code=code, tower=Tower.BPO, sort_order=order)
    return capabilities


@pytest.fixture
def draft(organisation, consultant, capability_set):
    return AssessmentFactory.create(organisation=organisation, author=consultant, title="Capture draft")


def add_lines(assessment, capabilities, *, it: int = 5, bpo: int = 5) -> None:
    assessment_lines_add(
        assessment=assessment,
        it_cost_areas=[
            {
                "capability": capabilities[ITO_CODES[index % len(ITO_CODES)]],
                "annual_cost": Decimal("1000000000.00") + index,
                "position": index,
            }
            for index in range(it)
        ],
        business_functions=[
            {
                "capability": capabilities[BPO_CODES[index % len(BPO_CODES)]],
                "annual_cost": Decimal("500000000.00") + index,
                "position": index,
            }
            for index in range(bpo)
        ],
    )


@pytest.fixture
def complete_draft(draft, capability_set):
    """A draft with five IT cost areas and five business functions, ready to submit."""
    add_lines(draft, capability_set)
    return draft
