"""The selector between the ORM and the engine: the JSON document and its hash."""

from decimal import Decimal

import pytest

from assessments.capture.selectors import COST_PARAMETER_FIELDS
from assessments.engine import Parameters, roadmap_input_from_json
from assessments.models import Assessment
from assessments.roadmaps import inputs as engine_input
from assessments.roadmaps.inputs import (
    RoadmapOverridesError,
    inputs_hash_compute,
    roadmap_input_build,
    roadmap_overrides_clean,
)
from providers.models import Benchmark, Capability, DeliveryModel
from tests.assessments.pipeline_support import assessment_with_lines
from tests.factories.providers import OfferingFactory, ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def assessment(organisation, consultant):
    return assessment_with_lines(organisation=organisation, author=consultant, it=2, bpo=2)


def test_document_follows_the_engine_contract(assessment):
    document = roadmap_input_build(assessment=assessment)

    data = roadmap_input_from_json(document)  # the engine's own validation accepts it

    assert document["parameters"] == {
        "horizon_months": 60,
        "discount_rate": 0.1,
        "gate_fraction": 0.5,
        "max_parallel_ito": 2,
        "max_parallel_bpo": 2,
        "materiality_threshold": 0.1,
        "materiality_min_savings": 0.0,
        "retained_fte_fraction": 0.05,
        "region": assessment.region.code,
        "currency": "IDR",
        # The business-case costs: a new assessment starts from the engine's own cited defaults.
        **{name: getattr(Parameters(region="id", currency="IDR"), name) for name in COST_PARAMETER_FIELDS},
    }
    assert [area.capability for area in data.it_cost_areas] == ["data_centre", "compute"]
    assert [function.capability for function in data.business_functions] == ["hr", "payroll"]
    area = assessment.it_cost_areas.order_by("position").first()
    assert document["it_cost_areas"][0] == {
        "id": f"it-{area.pk}",
        "capability": "data_centre",
        "annual_cost": 1_000_000_000.0,
        "ftes": 6.0,
        "available_from_month": 0,
        "maturity": 2,
        "standardisation": 4,
        "criticality": 3,
        "volume": None,
    }
    function = assessment.business_functions.order_by("position").first()
    assert document["business_functions"][0]["id"] == f"bf-{function.pk}"
    assert document["business_functions"][0]["error_rate"] == 2.5
    assert document["business_functions"][0]["cycle_time_days"] is None
    assert document["business_functions"][0]["retained_ftes"] is None


def test_volumes_cycle_times_and_retained_ftes_reach_the_engine(assessment):
    area = assessment.it_cost_areas.order_by("position").first()
    area.volume = Decimal("120.5")
    area.save()
    function = assessment.business_functions.order_by("position").first()
    function.cycle_time_days = Decimal("2.5")
    function.retained_ftes = Decimal("1.0")
    function.save()

    document = roadmap_input_build(assessment=assessment)

    roadmap_input_from_json(document)
    assert document["it_cost_areas"][0]["volume"] == 120.5
    assert document["business_functions"][0]["cycle_time_days"] == 2.5
    assert document["business_functions"][0]["retained_ftes"] == 1.0


def test_lines_keep_their_position_order(assessment):
    areas = list(assessment.it_cost_areas.order_by("position"))
    areas[0].position, areas[1].position = 9, 1
    for area in areas:
        area.save()

    document = roadmap_input_build(assessment=assessment)

    assert [line["id"] for line in document["it_cost_areas"]] == [f"it-{areas[1].pk}", f"it-{areas[0].pk}"]


def _offering(provider, capability, region, delivery_model="onshore", price_index=1.0, quality=7.0):
    return {
        "provider": provider,
        "provider_name": provider.title(),
        "capability": capability,
        "delivery_model": delivery_model,
        "regions": [region],
        "price_index": price_index,
        "quality": quality,
        "certifications": [],
        "capacity_ftes": 100.0,
        "experience_years": 10.0,
        "rating": None,
    }


def test_only_benchmarks_and_offerings_of_capabilities_in_use(assessment, monkeypatch):
    asked: list[list[str]] = []

    def offering_pools_select(*, requests, region_code):
        asked.append([*sorted({request.capability for request in requests}), region_code])
        return [_offering("acme", "compute", region_code)], []

    monkeypatch.setattr(engine_input.offering_pools, "offering_pools_select", offering_pools_select)
    monkeypatch.setattr(
        engine_input.provider_selectors,
        "benchmarks_for_engine",
        lambda *, capability_codes: {"compute": {"savings_typical": 0.2}, "network": {"savings_typical": 0.3}},
    )

    document = roadmap_input_build(assessment=assessment)

    assert asked == [["compute", "data_centre", "hr", "payroll", assessment.region.code]]
    assert document["benchmarks"] == {"compute": {"savings_typical": 0.2}}
    assert document["offerings"] == [_offering("acme", "compute", assessment.region.code)]


def test_administrators_benchmarks_reach_the_document(assessment):
    Benchmark.objects.create(
        capability=Capability.objects.get(code="compute"),
        savings_low=Decimal("0.10"),
        savings_typical=Decimal("0.15"),
        savings_high=Decimal("0.25"),
        savings_source="test",
        transition_months=3,
        transition_months_source="test",
        transition_cost_fraction=Decimal("0.05"),
        transition_cost_source="test",
        engagement_months=12,
        duration_source="test",
    )

    document = roadmap_input_build(assessment=assessment)

    assert document["benchmarks"]["compute"]["savings_typical"] == 0.15
    roadmap_input_from_json(document)


def test_empty_assessment_asks_nothing_of_the_catalogue(organisation, consultant, monkeypatch):
    empty = assessment_with_lines(organisation=organisation, author=consultant, it=0, bpo=0)
    monkeypatch.setattr(engine_input.provider_selectors, "benchmarks_for_engine", pytest.fail)

    document = roadmap_input_build(assessment=empty)

    assert document["it_cost_areas"] == []
    assert document["business_functions"] == []
    assert "offerings" not in document


def test_overrides_replace_parameters(assessment):
    document = roadmap_input_build(
        assessment=assessment,
        overrides={"horizon_months": 36.0, "savings_band": "low", "discount_rate": Decimal("0.2")},
    )

    assert document["parameters"]["horizon_months"] == 36
    assert isinstance(document["parameters"]["horizon_months"], int)
    assert document["parameters"]["savings_band"] == "low"
    assert document["parameters"]["discount_rate"] == 0.2


@pytest.mark.parametrize(
    ("overrides", "key"),
    [
        ({"region": "eu"}, "region"),
        ({"horizon_months": 12.5}, "horizon_months"),
        ({"gate_fraction": "half"}, "gate_fraction"),
        ({"max_parallel_ito": True}, "max_parallel_ito"),
        ({"savings_band": "extreme"}, "savings_band"),
    ],
)
def test_bad_overrides_are_refused_naming_the_key(overrides, key):
    with pytest.raises(RoadmapOverridesError, match=key):
        roadmap_overrides_clean(overrides)


def test_hash_is_canonical_and_sensitive(assessment, monkeypatch):
    document = roadmap_input_build(assessment=assessment)
    reordered = dict(reversed(list(document.items())))

    assert inputs_hash_compute(document) == inputs_hash_compute(reordered)
    assert len(inputs_hash_compute(document)) == 64

    changed = roadmap_input_build(assessment=assessment, overrides={"gate_fraction": 0.6})
    assert inputs_hash_compute(changed) != inputs_hash_compute(document)

    area = assessment.it_cost_areas.first()
    area.annual_cost += 1
    area.save()
    assert inputs_hash_compute(roadmap_input_build(assessment=assessment)) != inputs_hash_compute(document)


def test_hash_includes_the_engine_version(assessment, monkeypatch):
    document = roadmap_input_build(assessment=assessment)
    before = inputs_hash_compute(document)

    monkeypatch.setattr(engine_input, "ENGINE_VERSION", "999.0.0")

    assert inputs_hash_compute(document) != before


@pytest.mark.parametrize("lines", [1, 12])
def test_query_count_does_not_grow_with_lines(organisation, consultant, django_assert_num_queries, lines):
    created = assessment_with_lines(organisation=organisation, author=consultant, it=lines, bpo=lines)

    # organisation (its industry: the regulation gate's sector), region, IT cost areas, business functions,
    # benchmarks; capabilities, the stored candidates of the region (roadmaps/candidates.py). No offering
    # serves the region here, so the kept offerings' two queries are not needed (with a catalogue: 9, below).
    # The first input after a catalogue write also builds the stored rows: the revision, the region, the
    # candidates' offerings and their providers' certifications, the upsert.
    for count in (12, 7):
        assessment = Assessment.objects.get(pk=created.pk)  # nothing cached
        with django_assert_num_queries(count):
            document = roadmap_input_build(assessment=assessment)

    assert len(document["it_cost_areas"]) == lines
    assert len(document["business_functions"]) == lines


def test_every_delivery_model_of_a_provider_is_ranked_and_its_best_reaches_the_engine(assessment):
    region = assessment.region
    compute = Capability.objects.get(code="compute")
    acme = ProviderFactory(slug="acme", regions=[region])
    zeta = ProviderFactory(slug="zeta", regions=[region])
    OfferingFactory(provider=acme, capability=compute, price_index=Decimal("1.10"), quality_score=Decimal("9.0"))
    OfferingFactory(
        provider=acme,
        capability=compute,
        delivery_model=DeliveryModel.OFFSHORE,
        price_index=Decimal("0.80"),
        quality_score=Decimal("6.0"),
    )
    OfferingFactory(provider=zeta, capability=compute, quality_score=Decimal("5.0"))

    document = roadmap_input_build(assessment=assessment)

    # the shortlist names each provider once: acme's best model and zeta's only one are kept
    kept = [(o["provider"], o["delivery_model"]) for o in document["offerings"] if o["capability"] == "compute"]
    assert kept == [("acme", "onshore"), ("zeta", "onshore")]
    # ... ranked against all three candidates (the pools carry the full set)
    assert {pool["candidates"] for pool in document["offering_pools"] if pool["capability"] == "compute"} == {3}
    roadmap_input_from_json(document)


def test_query_count_does_not_grow_with_the_catalogue(assessment, django_assert_num_queries):
    """Issue 12: the pools and the ranking come from one stored row per capability, the input reads a few offerings."""
    region = assessment.region
    compute = Capability.objects.get(code="compute")
    for n in range(40):
        OfferingFactory(
            provider=ProviderFactory(slug=f"bulk-{n:03d}", regions=[region]),
            capability=compute,
            price_index=Decimal("0.70") + Decimal(n % 7) / 10,
            quality_score=Decimal(n % 10),
            capacity_ftes=10 + n * 37,
        )
    # the first input after the catalogue's last write builds the stored candidates (five more
    # queries: test_query_count_does_not_grow_with_lines); the next ones read them
    roadmap_input_build(assessment=Assessment.objects.get(pk=assessment.pk))
    assessment = Assessment.objects.get(pk=assessment.pk)
    with django_assert_num_queries(9):
        document = roadmap_input_build(assessment=assessment)

    assert 0 < len([o for o in document["offerings"] if o["capability"] == "compute"]) <= 3
    assert {pool["candidates"] for pool in document["offering_pools"] if pool["capability"] == "compute"} == {40}


def test_a_roadmap_of_another_engine_version_is_outdated():
    from assessments.engine import ENGINE_VERSION
    from assessments.models import Roadmap
    from assessments.roadmaps.selectors import roadmap_engine_outdated

    assert roadmap_engine_outdated(roadmap=Roadmap(engine_version="1.0.0")) is True
    assert roadmap_engine_outdated(roadmap=Roadmap(engine_version=ENGINE_VERSION)) is False
    assert roadmap_engine_outdated(roadmap=Roadmap(engine_version="")) is False


def test_the_preselection_leaves_the_demo_shortlists_as_the_whole_seed_catalogue_gives_them(db):
    """Issue 12: the document carries at most three offerings per line, plus the pools; the
    engine's shortlists are those it computes over every offering of the region."""
    import io

    from django.core.management import call_command

    from assessments.engine import roadmap_from_json
    from providers.selectors import offerings_for_engine

    call_command("seed_demo", stdout=io.StringIO())
    for assessment in Assessment.objects.all():
        document = roadmap_input_build(assessment=assessment)
        lines = len(document["it_cost_areas"]) + len(document["business_functions"])
        whole = {key: value for key, value in document.items() if key != "offering_pools"}
        whole["offerings"] = offerings_for_engine(
            capability_codes=sorted(document["benchmarks"]), region_code=assessment.region.code
        )
        assert len(document["offerings"]) <= 3 * lines < len(whole["offerings"])

        reduced, full = roadmap_from_json(document), roadmap_from_json(whole)

        assert any(item["shortlist"] for item in full["items"])
        assert [item["shortlist"] for item in reduced["items"]] == [item["shortlist"] for item in full["items"]]


def test_cost_parameters_of_the_assessment_reach_the_engine(assessment):
    assessment.average_tenure_years = Decimal("7.5")
    assessment.vat_recoverable_fraction = Decimal("0")
    assessment.deal_fixed_cost = Decimal("350000000")
    assessment.dual_running_months = 2
    assessment.severance_rule = "months_per_year"
    assessment.save()
    document = roadmap_input_build(assessment=assessment)
    parameters = roadmap_input_from_json(document).parameters
    assert parameters.average_tenure_years == 7.5
    assert parameters.vat_recoverable_fraction == 0.0
    assert parameters.deal_fixed_cost == 350_000_000.0
    assert parameters.dual_running_months == 2
    assert parameters.severance_rule == "months_per_year"
