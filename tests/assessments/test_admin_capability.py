"""The Capability table owns the taxonomy: a capability an administrator adds in the admin, with its
benchmark, is planned like a shipped one (issue 11)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.capture.services import assessment_submit
from assessments.models import AssessmentStatus, Roadmap, RoadmapStatus
from assessments.roadmaps.inputs import roadmap_input_build
from providers.models import Benchmark, Capability, Kind
from providers.seed import seed_capabilities
from tests.assessments import pipeline_support
from tests.factories.assessments import AssessmentFactory, BusinessFunctionFactory, ITCostAreaFactory
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db

eager_celery = pipeline_support.eager_celery

SOURCE = "Product judgement: a test figure."


def _admin_adds_edge_computing(client) -> Capability:
    response = client.post(
        reverse("admin:providers_capability_add"),
        {
            "code": "edge_computing",
            "name": "Edge computing",
            "description": "Compute and storage at branch sites.",
            "kind": Kind.ITO,
            "sort_order": 20,
            # The benchmark inline (one-to-one: prefix "benchmark").
            "benchmark-TOTAL_FORMS": "1",
            "benchmark-INITIAL_FORMS": "0",
            "benchmark-MIN_NUM_FORMS": "0",
            "benchmark-MAX_NUM_FORMS": "1",
            "benchmark-0-savings_low": "0.10",
            "benchmark-0-savings_typical": "0.20",
            "benchmark-0-savings_high": "0.30",
            "benchmark-0-savings_source": SOURCE,
            "benchmark-0-transition_months": "4",
            "benchmark-0-transition_months_source": SOURCE,
            "benchmark-0-transition_cost_fraction": "0.05",
            "benchmark-0-transition_cost_source": SOURCE,
            "benchmark-0-engagement_months": "12",
            "benchmark-0-ramp_months": "",
            "benchmark-0-duration_source": SOURCE,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Capability.objects.get(code="edge_computing")


@pytest.fixture
def edge_computing(client_for):
    seed_capabilities()
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    return _admin_adds_edge_computing(client_for(superuser))


def test_the_admin_adds_a_capability_with_its_benchmark(edge_computing):
    assert edge_computing.kind == Kind.ITO
    assert Benchmark.objects.get(capability=edge_computing).transition_cost_fraction == Decimal("0.0500")


def test_the_engine_input_carries_the_new_capabilitys_benchmark(edge_computing, organisation, consultant):
    assessment = AssessmentFactory(organisation=organisation, author=consultant)
    ITCostAreaFactory(assessment=assessment, capability=edge_computing, annual_cost=Decimal("2000000000"))

    document = roadmap_input_build(assessment=assessment)

    assert document["it_cost_areas"][0]["capability"] == "edge_computing"
    assert document["benchmarks"]["edge_computing"]["savings_typical"] == pytest.approx(0.20)
    assert document["benchmarks"]["edge_computing"]["transition_months"] == 4


@pytest.mark.usefixtures("eager_celery")
def test_a_capability_added_in_the_admin_is_planned_like_any_other(
    edge_computing, organisation, consultant, django_capture_on_commit_callbacks
):
    draft = AssessmentFactory(organisation=organisation, author=consultant, status=AssessmentStatus.DRAFT)
    ITCostAreaFactory(
        assessment=draft, capability=edge_computing, annual_cost=Decimal("3000000000"), maturity=2, standardisation=5
    )
    ITCostAreaFactory(
        assessment=draft,
        capability=Capability.objects.get(code="compute"),
        annual_cost=Decimal("3000000000"),
        maturity=2,
        standardisation=5,
    )
    BusinessFunctionFactory(assessment=draft, capability=Capability.objects.get(code="payroll"))

    with django_capture_on_commit_callbacks(execute=True):
        assessment_submit(assessment=draft, user=consultant)

    roadmap = Roadmap.objects.get(assessment=draft)
    assert roadmap.status == RoadmapStatus.DONE, roadmap.failure_params
    items = {item["capability"]: item for item in roadmap.result["items"]}
    edge, compute = items["edge_computing"], items["compute"]
    # Planned like its shipped twin: an ITO item, in the plan, with the same kind of reasoning.
    assert edge["kind"] == compute["kind"] == "ITO"
    assert edge["included"] == compute["included"]
    assert edge["reason_code"] == compute["reason_code"]
