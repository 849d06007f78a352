"""Done roadmaps from real engine runs, for dashboard, scenario, approval and export tests.

`roadmap_done_create` builds the engine input from the assessment's rows with the
pipeline's own selector (`roadmap_input_build`), runs the real engine and stores the
result the way `roadmap_compute` does (headline columns included). No result dict is
written by hand, so the tests follow the engine's actual output.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from assessments.engine import CAPABILITIES, roadmap_from_json
from assessments.models import Assessment, AssessmentStatus, Organisation, Roadmap, RoadmapStatus
from assessments.roadmaps.inputs import inputs_hash_compute, roadmap_input_build
from providers.models import Capability, DeliveryModel, Offering, Provider
from tests.factories.assessments import AssessmentFactory, BusinessFunctionFactory, ITCostAreaFactory

HOSTILE_NAME = "</script><script>alert(1)</script>"

# (capability, annual cost, FTEs, available from month, maturity, standardisation)
IT_AREAS = (
    ("compute", "1200000000", "6", 0, 2, 4),
    ("service_desk", "800000000", "10", 3, 2, 5),
    ("security", "100000000", "1", 0, 5, 1),
)
# (capability, annual cost, FTEs, volume, standardisation, strategic importance, maturity,
#  regulatory sensitivity, knowledge intensity, error rate %)
BUSINESS_FUNCTIONS = (
    ("payroll", "900000000", "8", 24000, 4, 2, 3, 3, 2, "2.5"),
    ("customer_service", "3000000000", "40", 500000, 4, 3, 3, 2, 2, "4"),
    ("finance", "500000000", "4", 2000, 1, 5, 2, 5, 5, "1"),
)
# (slug, name, capability, price index, quality, capacity, experience)
OFFERINGS = (
    ("nusantara-it", "Nusantara IT Services", "compute", "0.90", "8.0", 300, 12),
    ("kepulauan-cloud", "Kepulauan Cloud", "compute", "1.05", "9.0", 120, 8),
    ("helpdesk-prima", "Helpdesk Prima", "service_desk", "0.85", "7.5", 200, 10),
    ("gaji-mudah", "Gaji Mudah BPO", "payroll", "0.80", "7.0", 80, 6),
    ("layanan-pelanggan", "Layanan Pelanggan Nusantara", "customer_service", "0.95", "8.5", 900, 15),
)


def capability_get(code: str) -> Capability:
    kind, name = CAPABILITIES[code]
    capability, _ = Capability.objects.get_or_create(code=code, defaults={"name": name, "kind": kind})
    return capability


def providers_create(*, region: Any, hostile: bool = False) -> list[Provider]:
    """The catalogue the shortlists draw from; `hostile` names one provider like a script tag."""
    providers = []
    for index, (slug, name, code, price, quality, capacity, experience) in enumerate(OFFERINGS):
        provider, _ = Provider.objects.get_or_create(
            slug=slug,
            defaults={"name": HOSTILE_NAME if hostile and index == 0 else name, "rating": Decimal("4.2")},
        )
        provider.regions.add(region)
        Offering.objects.get_or_create(
            provider=provider,
            capability=capability_get(code),
            delivery_model=DeliveryModel.ONSHORE,
            defaults={
                "price_index": Decimal(price),
                "quality_score": Decimal(quality),
                "capacity_ftes": capacity,
                "experience_years": experience,
            },
        )
        providers.append(provider)
    return providers


def assessment_with_lines_create(
    *, organisation: Organisation, status: str = AssessmentStatus.SUBMITTED, **fields: Any
) -> Assessment:
    """A submitted assessment with three IT areas and three business functions (one of each excluded)."""
    assessment = AssessmentFactory(organisation=organisation, status=status, **fields)
    for code, cost, ftes, available, maturity, standardisation in IT_AREAS:
        ITCostAreaFactory(
            assessment=assessment,
            capability=capability_get(code),
            annual_cost=Decimal(cost),
            ftes=Decimal(ftes),
            available_from_month=available,
            maturity=maturity,
            standardisation=standardisation,
        )
    for code, cost, ftes, volume, std, strategic, maturity, regulatory, knowledge, errors in BUSINESS_FUNCTIONS:
        BusinessFunctionFactory(
            assessment=assessment,
            capability=capability_get(code),
            annual_cost=Decimal(cost),
            ftes=Decimal(ftes),
            annual_volume=volume,
            standardisation=std,
            strategic_importance=strategic,
            maturity=maturity,
            regulatory_sensitivity=regulatory,
            knowledge_intensity=knowledge,
            error_rate_percent=Decimal(errors),
        )
    return assessment


def _money(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(round(float(value), 2)))


def roadmap_done_create(
    *,
    assessment: Assessment,
    name: str = "",
    overrides: dict[str, Any] | None = None,
    requested_by: Any = None,
) -> Roadmap:
    """Run the real engine on the assessment's input and store a done roadmap like the pipeline does."""
    document = roadmap_input_build(assessment=assessment, overrides=overrides)
    result = roadmap_from_json(document)
    kpis = result["kpis"]
    now = timezone.now()
    if not name and assessment.status == AssessmentStatus.SUBMITTED:
        assessment.status = AssessmentStatus.COMPUTED
        assessment.save(update_fields=["status", "updated_at"])
    return Roadmap.objects.create(
        assessment=assessment,
        name=name,
        parameter_overrides=dict(overrides or {}),
        inputs_hash=inputs_hash_compute(document),
        inputs=document,
        engine_version=result["engine_version"],
        status=RoadmapStatus.DONE,
        result=result,
        requested_by=requested_by,
        started_at=now,
        finished_at=now,
        enqueued_at=now,
        compute_ms=5,
        attempts=1,
        npv=_money(kpis["npv"]),
        payback_month=kpis["payback_month"],
        run_rate_ito=_money(kpis["run_rate_ito"]),
        run_rate_bpo=_money(kpis["run_rate_bpo"]),
    )


def done_roadmap_for(*, organisation: Organisation, hostile: bool = False, **fields: Any) -> Roadmap:
    """One call: catalogue, assessment with lines, and its done base roadmap."""
    providers_create(region=organisation.region, hostile=hostile)
    assessment = assessment_with_lines_create(organisation=organisation, **fields)
    return roadmap_done_create(assessment=assessment)
