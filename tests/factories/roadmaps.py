"""Done roadmaps from real engine runs, for dashboard, scenario, approval and export tests.

`roadmap_done_create` stores a queued roadmap with the engine input that the pipeline's own
selector (`roadmap_input_build`) builds from the assessment's rows, then computes it with the
pipeline's service (`roadmap_compute`): the real engine runs and the real service stores the
result, headline columns and the assessment's status. No result is written by hand or copied
from the service, so the tests follow what the pipeline actually stores.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils import timezone

from assessments.models import Assessment, Organisation, Roadmap, RoadmapStatus
from assessments.roadmaps.inputs import inputs_hash_compute, roadmap_input_build
from assessments.roadmaps.pipeline_services import roadmap_compute
from assessments.roadmaps.presenter import RoadmapPresentation, roadmap_presentation_get
from providers.models import DeliveryModel, Offering, Provider
from tests.factories.assessments import assessment_with_lines_create
from tests.factories.core import capability_get

__all__ = [
    "HOSTILE_NAME",
    "assessment_with_lines_create",
    "capability_get",
    "done_presentation_get",
    "done_result_get",
    "done_roadmap_for",
    "providers_create",
    "roadmap_done_create",
]

HOSTILE_NAME = "</script><script>alert(1)</script>"

# (slug, name, capability, price index, quality, capacity, experience)
OFFERINGS = (
    ("nusantara-it", "Nusantara IT Services", "compute", "0.90", "8.0", 300, 12),
    ("kepulauan-cloud", "Kepulauan Cloud", "compute", "1.05", "9.0", 120, 8),
    ("helpdesk-prima", "Helpdesk Prima", "service_desk", "0.85", "7.5", 200, 10),
    ("gaji-mudah", "Gaji Mudah BPO", "payroll", "0.80", "7.0", 80, 6),
    ("layanan-pelanggan", "Layanan Pelanggan Nusantara", "customer_service", "0.95", "8.5", 900, 15),
)


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


def roadmap_done_create(
    *,
    assessment: Assessment,
    name: str = "",
    overrides: dict[str, Any] | None = None,
    requested_by: Any = None,
) -> Roadmap:
    """A done roadmap of the assessment's current input (with `overrides`), computed and stored by
    the pipeline's service: the base roadmap (no `name`) marks a submitted assessment computed."""
    document = roadmap_input_build(assessment=assessment, overrides=overrides)
    roadmap = Roadmap.objects.create(
        assessment=assessment,
        name=name,
        parameter_overrides=dict(overrides or {}),
        inputs_hash=inputs_hash_compute(document),
        inputs=document,
        status=RoadmapStatus.QUEUED,
        requested_by=requested_by,
        enqueued_at=timezone.now(),
    )
    outcome = roadmap_compute(roadmap_id=roadmap.pk)
    roadmap.refresh_from_db()
    if outcome.status != RoadmapStatus.DONE:
        raise AssertionError(
            f"The test roadmap was not computed ({outcome.status}): {roadmap.failure_code} {roadmap.failure_params}"
        )
    return roadmap


def done_roadmap_for(*, organisation: Organisation, hostile: bool = False, **fields: Any) -> Roadmap:
    """One call: catalogue, assessment with lines, and its done base roadmap."""
    providers_create(region=organisation.region, hostile=hostile)
    assessment = assessment_with_lines_create(organisation=organisation, **fields)
    return roadmap_done_create(assessment=assessment)


def done_result_get(*, roadmap: Roadmap) -> dict[str, Any]:
    """The engine result a done roadmap stores (`Roadmap.result`, a JSON object); fails the test
    with the roadmap's status when it stores none (queued, computing or failed)."""
    assert roadmap.result is not None, f"roadmap {roadmap.pk} stores no result (status {roadmap.status})"
    return roadmap.result


def done_presentation_get(*, roadmap: Roadmap) -> RoadmapPresentation:
    """The presenter's shape of a done roadmap (`roadmap_presentation_get`, two queries); fails the
    test with the roadmap's status when it is not done, rather than returning None."""
    view = roadmap_presentation_get(roadmap=roadmap)
    assert view is not None, f"roadmap {roadmap.pk} is not done (status {roadmap.status}): no presentation"
    return view
