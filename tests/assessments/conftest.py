"""Fixtures of the capture tests: the capability taxonomy, and drafts with and without lines."""

from decimal import Decimal

import pytest

from assessments.engine import CAPABILITIES
from providers.models import Kind
from tests.factories.assessments import AssessmentFactory, assessment_lines_add
from tests.factories.core import CapabilityFactory

# The shipped capabilities (the engine's defaults seed the Capability table); never a hand copy.
ITO_CODES = tuple(code for code, (kind, _name) in CAPABILITIES.items() if kind == Kind.ITO)
BPO_CODES = tuple(code for code, (kind, _name) in CAPABILITIES.items() if kind == Kind.BPO)


@pytest.fixture
def capability_set(db):
    """Every capability by code, as the catalogue seeder would create them."""
    capabilities = {}
    for order, code in enumerate(ITO_CODES):
        capabilities[code] = CapabilityFactory.create(code=code, kind=Kind.ITO, sort_order=order)
    for order, code in enumerate(BPO_CODES):
        capabilities[code] = CapabilityFactory.create(code=code, kind=Kind.BPO, sort_order=order)
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
