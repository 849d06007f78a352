import pytest

from providers.models import Kind
from providers.selectors import benchmarks_for_engine, capabilities_by_kind, offerings_for_engine
from tests.factories.providers import CertificationFactory, OfferingFactory, ProviderFactory, RegionFactory

pytestmark = pytest.mark.django_db


def _catalogue(count: int) -> None:
    regions = [RegionFactory.create(code="id", name="Indonesia"), RegionFactory.create(code="eu", name="Europe")]
    certifications = [CertificationFactory.create(code="iso-27001"), CertificationFactory.create(code="soc-2")]
    for index in range(count):
        provider = ProviderFactory.create(
            name=f"Engine {index:03d} Demo",
            regions=regions[: 1 + index % 2],
            certifications=certifications[: index % 3],
        )
        OfferingFactory.create(provider=provider, capability__code="compute", price_index="0.80")
        OfferingFactory.create(provider=provider, capability__code="payroll", capability__kind=Kind.BPO)


def test_offerings_for_engine_shape_and_values(db):
    _catalogue(3)
    ProviderFactory.create(is_active=False)
    OfferingFactory.create(provider__is_active=False, capability__code="compute")
    result = offerings_for_engine(capability_codes=["compute"])
    assert len(result) == 3
    first = result[0]
    assert set(first) == {
        "provider",
        "provider_name",
        "capability",
        "delivery_model",
        "regions",
        "price_index",
        "quality",
        "certifications",
        "capacity_ftes",
        "experience_years",
        "rating",
    }
    assert first["capability"] == "compute"
    assert first["regions"] == ["id"]
    assert first["certifications"] == []
    assert result[1]["regions"] == ["eu", "id"]
    assert result[1]["certifications"] == ["iso-27001"]
    assert first["price_index"] == 0.8
    assert isinstance(first["quality"], float)
    assert isinstance(first["capacity_ftes"], float)
    assert isinstance(first["rating"], float)
    assert offerings_for_engine(capability_codes=[]) == []


@pytest.mark.parametrize("count", [3, 60])
def test_offerings_for_engine_runs_two_queries(db, django_assert_num_queries, count):
    _catalogue(count)
    with django_assert_num_queries(2):
        result = offerings_for_engine(capability_codes=["compute", "payroll"])
    assert len(result) == 2 * count


def test_benchmarks_for_engine(taxonomy, django_assert_num_queries):
    with django_assert_num_queries(1):
        benchmarks = benchmarks_for_engine()
    assert len(benchmarks) == 15
    compute, payroll = benchmarks["compute"], benchmarks["payroll"]
    assert isinstance(compute["engagement_months"], int)
    assert compute["engagement_months"] > 0
    # Complete for every capability: "not applicable" is the engine's 0, so an administrator's own
    # capability never relies on a shipped default to fill a gap.
    assert benchmarks["compute"]["ramp_months"] == 0
    assert benchmarks["payroll"]["engagement_months"] == 0
    assert isinstance(payroll["savings_low"], float)
    assert isinstance(payroll["savings_typical"], float)
    assert payroll["savings_low"] <= payroll["savings_typical"]
    assert isinstance(benchmarks["payroll"]["transition_months"], int)


def test_capabilities_by_kind(taxonomy, django_assert_num_queries):
    with django_assert_num_queries(1):
        ito = [capability.code for capability in capabilities_by_kind(kind=Kind.ITO)]
    assert ito == ["data_centre", "compute", "storage", "network", "service_desk", "applications", "security"]
    assert len(capabilities_by_kind(kind=Kind.BPO)) == 8
