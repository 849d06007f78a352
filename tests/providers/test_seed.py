import io
from collections import defaultdict

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from assessments.engine import CAPABILITIES, DEFAULT_BENCHMARKS
from providers.demo import DEMO_PROVIDERS
from providers.models import Benchmark, Capability, Offering, Provider, Region
from providers.seed import CAPABILITY_DESCRIPTIONS, CAPABILITY_NAMES, seed_capabilities

pytestmark = pytest.mark.django_db

ITO = {"data_centre", "compute", "storage", "network", "service_desk", "applications", "security"}
BPO = {
    "hr",
    "payroll",
    "recruitment",
    "finance",
    "accounting",
    "customer_service",
    "procurement",
    "document_processing",
}


def test_taxonomy_comes_from_the_engine_defaults(taxonomy):
    assert set(Capability.objects.filter(kind="ITO").values_list("code", flat=True)) == ITO
    assert set(Capability.objects.filter(kind="BPO").values_list("code", flat=True)) == BPO
    for capability in Capability.objects.select_related("benchmark"):
        kind, name = CAPABILITIES[capability.code]
        assert (capability.kind, capability.name) == (kind, name)
        assert capability.description == CAPABILITY_DESCRIPTIONS[capability.code]
        default = DEFAULT_BENCHMARKS[capability.code]
        benchmark = capability.benchmark
        assert float(benchmark.savings_low) == pytest.approx(default.savings_low)
        assert float(benchmark.savings_typical) == pytest.approx(default.savings_typical)
        assert float(benchmark.savings_high) == pytest.approx(default.savings_high)
        assert benchmark.transition_months == default.transition_months
        assert float(benchmark.transition_cost_fraction) == pytest.approx(default.transition_cost_fraction)
        if kind == "ITO":
            assert benchmark.engagement_months == default.engagement_months
            assert benchmark.ramp_months is None
        else:
            assert benchmark.ramp_months == default.ramp_months
            assert benchmark.engagement_months is None
        if default.market_unit_cost_typical is None:
            assert benchmark.market_unit_cost_typical is None
            assert benchmark.unit_of_measure == ""
        else:
            assert benchmark.unit_of_measure == default.unit_of_measure
            for name in ("market_unit_cost_low", "market_unit_cost_typical", "market_unit_cost_high"):
                stored = getattr(benchmark, name)
                assert stored is not None, name
                assert float(stored) == pytest.approx(getattr(default, name)), name
            assert (benchmark.market_currency, benchmark.market_year) == (default.market_currency, default.market_year)
            assert benchmark.market_source.strip()
        for text in (
            benchmark.savings_source,
            benchmark.transition_months_source,
            benchmark.transition_cost_source,
            benchmark.duration_source,
        ):
            assert text.strip()


def test_product_judgement_figures_are_labelled(taxonomy):
    labelled = Benchmark.objects.filter(transition_months_source__icontains="product judgement")
    assert labelled.count() == len(CAPABILITIES)


def test_every_engine_name_is_offered_for_translation():
    assert {name for _, name in CAPABILITIES.values()} <= set(CAPABILITY_NAMES)
    assert set(CAPABILITY_DESCRIPTIONS) == set(CAPABILITIES)


def test_seeding_never_overwrites_an_administrators_figures(taxonomy):
    Benchmark.objects.filter(capability__code="compute").update(savings_high="0.5000")
    Capability.objects.filter(code="compute").update(name="Servers")
    seed_capabilities()
    assert str(Benchmark.objects.get(capability__code="compute").savings_high) == "0.5000"
    assert Capability.objects.get(code="compute").name == "Servers"


def _snapshot():
    return (
        list(Provider.objects.order_by("slug").values()),
        list(Offering.objects.order_by("pk").values()),
        Provider.history.count(),
        Offering.history.count(),
        Capability.history.count(),
        Benchmark.history.count(),
    )


def test_seed_demo_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    first = _snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert _snapshot() == first


def test_starter_catalogue_makes_meaningful_shortlists():
    call_command("seed_demo", stdout=io.StringIO())
    providers = Provider.objects.prefetch_related("regions", "certifications")
    assert providers.count() >= 40
    assert len(DEMO_PROVIDERS) == providers.count()
    assert all(provider.name.endswith(" Demo") for provider in providers)
    assert all(provider.website.endswith(".example") for provider in providers)
    assert Region.objects.filter(providers__isnull=False).distinct().count() >= 4
    assert len({provider.rating for provider in providers}) > 10
    assert len({frozenset(c.code for c in provider.certifications.all()) for provider in providers}) > 10

    serving: dict[tuple[str, str], int] = defaultdict(int)
    per_capability: dict[str, int] = defaultdict(int)
    prices: dict[str, set] = defaultdict(set)
    for offering in Offering.objects.select_related("capability").prefetch_related("provider__regions"):
        code = offering.capability.code
        per_capability[code] += 1
        prices[code].add(offering.price_index)
        for region in offering.provider.regions.all():
            serving[(code, region.code)] += 1
    for code in ITO | BPO:
        assert per_capability[code] >= 3, code
        assert serving[(code, "id")] >= 3, code
        assert serving[(code, "eu")] >= 3, code
        assert len(prices[code]) >= 3, code
    assert len(set(Offering.objects.values_list("delivery_model", flat=True))) == 3


def test_seed_grants_the_administrator_group_catalogue_permissions():
    call_command("seed_demo", stdout=io.StringIO())
    codenames = set(Group.objects.get(name="administrator").permissions.values_list("codename", flat=True))
    for model in ("capability", "benchmark", "region", "certification", "provider", "offering"):
        for action in ("add", "change", "delete", "view"):
            assert f"{action}_{model}" in codenames


def test_seed_taxonomy_command(db):
    call_command("seed_taxonomy")
    assert Capability.objects.count() == len(CAPABILITIES)
    assert Benchmark.objects.count() == len(DEFAULT_BENCHMARKS)
    assert not Provider.objects.exists()


def test_a_benchmark_seeded_before_market_bands_gets_the_shipped_band_once(taxonomy):
    from providers.seed import seed_capabilities

    benchmark = Benchmark.objects.get(capability__code="service_desk")
    Benchmark.objects.filter(pk=benchmark.pk).update(
        unit_of_measure="",
        market_unit_cost_low=None,
        market_unit_cost_typical=None,
        market_unit_cost_high=None,
        market_currency="",
        market_year=None,
        market_region="",
        market_source="",
    )
    seed_capabilities()
    benchmark.refresh_from_db()
    assert benchmark.market_unit_cost_typical is not None
    assert float(benchmark.market_unit_cost_typical) == pytest.approx(22.0)
    # An administrator's own band is never overwritten.
    Benchmark.objects.filter(pk=benchmark.pk).update(market_unit_cost_typical=25, market_unit_cost_high=40)
    seed_capabilities()
    benchmark.refresh_from_db()
    assert benchmark.market_unit_cost_typical is not None
    assert float(benchmark.market_unit_cost_typical) == 25.0


def test_sources_seeded_with_internal_references_are_reworded_by_the_migration(taxonomy):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("providers.migrations.0004_benchmark_sources_without_internal_references")
    bpo = Benchmark.objects.get(capability__code="payroll")
    ito = Benchmark.objects.filter(capability__kind="ITO").first()
    assert ito is not None, "the seed ships a benchmark for every IT cost area"
    (old_savings, new_savings), (old_duration, new_duration) = (
        migration.REWORDED["savings_source"][0],
        migration.REWORDED["duration_source"][0],
    )
    Benchmark.objects.filter(pk=bpo.pk).update(savings_source="Vantage Agora" + old_savings)
    Benchmark.objects.filter(pk=ito.pk).update(duration_source="product judgement: ... " + old_duration)
    edited = Benchmark.objects.exclude(pk__in=[bpo.pk, ito.pk]).first()
    assert edited is not None, "the seed ships more benchmarks than these two"
    Benchmark.objects.filter(pk=edited.pk).update(savings_source="An administrator's own source")

    migration.reword(apps, None)

    bpo.refresh_from_db()
    ito.refresh_from_db()
    edited.refresh_from_db()
    assert bpo.savings_source == "Vantage Agora" + new_savings
    assert ito.duration_source == "product judgement: ... " + new_duration
    assert edited.savings_source == "An administrator's own source"
    # A fresh seed writes the same words as the migration leaves.
    assert DEFAULT_BENCHMARKS[bpo.capability.code].source_of("savings_typical").endswith(new_savings)
