from decimal import Decimal

import pytest
from django.urls import reverse

from providers.models import DeliveryModel, Kind, Offering, Provider
from tests.factories.providers import (
    CapabilityFactory,
    CertificationFactory,
    OfferingFactory,
    ProviderFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db
CATALOGUE = reverse("providers:catalogue")


@pytest.fixture
def small_catalogue(db):
    indonesia = RegionFactory.create(code="id", name="Indonesia")
    europe = RegionFactory.create(code="eu", name="Europe")
    iso = CertificationFactory.create(code="iso-27001", name="ISO/IEC 27001")
    copc = CertificationFactory.create(code="copc", name="COPC")
    compute = CapabilityFactory.create(code="compute", name="Compute", kind=Kind.ITO)
    contact = CapabilityFactory.create(code="customer_service", name="Customer service", kind=Kind.BPO)
    garuda = ProviderFactory.create(
        name="Garuda Cloudworks Demo", rating=Decimal("4.60"), regions=[indonesia], certifications=[iso]
    )
    OfferingFactory.create(provider=garuda, capability=compute, price_index=Decimal("0.80"), capacity_ftes=300)
    fjord = ProviderFactory.create(
        name="Fjordline Care Demo", rating=Decimal("3.20"), regions=[europe], certifications=[copc]
    )
    OfferingFactory.create(
        provider=fjord,
        capability=contact,
        delivery_model=DeliveryModel.OFFSHORE,
        price_index=Decimal("1.25"),
        capacity_ftes=900,
        quality_score=Decimal("9.1"),
    )
    hidden = ProviderFactory.create(name="Retired Hosting Demo", is_active=False, regions=[indonesia])
    OfferingFactory.create(provider=hidden, capability=compute)
    return {"garuda": garuda, "fjord": fjord, "hidden": hidden}


def _names(response) -> list[str]:
    return [provider.name for provider in response.context["page"].object_list]


def test_catalogue_needs_sign_in(client):
    response = client.get(CATALOGUE)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["Fjordline Care Demo", "Garuda Cloudworks Demo"]),
        ({"kind": "ITO"}, ["Garuda Cloudworks Demo"]),
        ({"capability": "customer_service"}, ["Fjordline Care Demo"]),
        ({"region": "id"}, ["Garuda Cloudworks Demo"]),
        ({"certification": "copc"}, ["Fjordline Care Demo"]),
        ({"delivery_model": "offshore"}, ["Fjordline Care Demo"]),
        ({"price_band": "budget"}, ["Garuda Cloudworks Demo"]),
        ({"price_band": "premium"}, ["Fjordline Care Demo"]),
        ({"price_band": "market"}, []),
        ({"min_rating": "4"}, ["Garuda Cloudworks Demo"]),
        ({"q": "fjord"}, ["Fjordline Care Demo"]),
        ({"q": "customer"}, ["Fjordline Care Demo"]),
        ({"q": "retired"}, []),
        ({"kind": "ITO", "delivery_model": "offshore"}, []),
        ({"sort": "rating"}, ["Garuda Cloudworks Demo", "Fjordline Care Demo"]),
        ({"sort": "price"}, ["Garuda Cloudworks Demo", "Fjordline Care Demo"]),
        ({"sort": "capacity"}, ["Fjordline Care Demo", "Garuda Cloudworks Demo"]),
        ({"sort": "quality"}, ["Fjordline Care Demo", "Garuda Cloudworks Demo"]),
        ({"region": "nowhere", "sort": "bogus"}, ["Fjordline Care Demo", "Garuda Cloudworks Demo"]),
    ],
)
def test_catalogue_filters_search_and_sorting(client_for, consultant, small_catalogue, params, expected):
    response = client_for(consultant).get(CATALOGUE, params)
    assert response.status_code == 200
    assert _names(response) == expected


def test_catalogue_shows_cards_table_and_active_filter_chips(client_for, manager, small_catalogue):
    client = client_for(manager)
    cards = client.get(CATALOGUE, {"region": "id"}).content.decode()
    assert "Garuda Cloudworks Demo" in cards
    assert "provider-card" in cards
    assert "Region served" in cards  # the chip that removes the filter
    table = client.get(CATALOGUE, {"view": "table"}).content.decode()
    assert "<table" in table
    assert "Fjordline Care Demo" in table


def _many_providers(count: int) -> None:
    """Bulk-created, so the 200-provider case stays fast."""
    regions = [RegionFactory.create(code="id", name="Indonesia"), RegionFactory.create(code="eu", name="Europe")]
    certifications = [CertificationFactory.create(code="iso-27001"), CertificationFactory.create(code="soc-2")]
    capabilities = [
        CapabilityFactory.create(code="compute", kind=Kind.ITO),
        CapabilityFactory.create(code="payroll", kind=Kind.BPO),
    ]
    providers = Provider.objects.bulk_create(
        ProviderFactory.build(name=f"Bulk {index:03d} Demo", slug=f"bulk-{index:03d}") for index in range(count)
    )
    Provider.regions.through.objects.bulk_create(
        Provider.regions.through(provider=provider, region=region) for provider in providers for region in regions
    )
    Provider.certifications.through.objects.bulk_create(
        Provider.certifications.through(provider=provider, certification=certifications[index % 2])
        for index, provider in enumerate(providers)
    )
    Offering.objects.bulk_create(
        OfferingFactory.build(provider=provider, capability=capability, price_index=Decimal("0.85"))
        for provider in providers
        for capability in capabilities
    )


@pytest.mark.parametrize("count", [10, 200])
@pytest.mark.parametrize(
    ("params", "queries"),
    [
        # session, user, nav roles, totals, 3 filter lists, count, page, regions, certifications, offerings
        ({}, 12),
        # ... and the chosen region
        ({"kind": "ITO", "region": "id", "sort": "price", "view": "table"}, 13),
    ],
)
def test_catalogue_query_count_does_not_grow_with_providers(
    client_for, consultant, django_assert_num_queries, count, params, queries
):
    _many_providers(count)
    client = client_for(consultant)
    with django_assert_num_queries(queries):
        response = client.get(CATALOGUE, params)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(count, 24)


def test_provider_page(client_for, consultant, small_catalogue):
    response = client_for(consultant).get(
        reverse("providers:provider_detail", args=["garuda-cloudworks-demo"]), {"back": "region=id&evil=1"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Compute" in html
    assert "ISO/IEC 27001" in html
    assert "Indonesia" in html
    assert "4.6" in html
    assert f'href="{CATALOGUE}?region=id"' in html
    assert "evil=1" not in html.replace("evil%3D1", "")


def test_provider_page_query_count(client_for, consultant, small_catalogue, django_assert_num_queries):
    client = client_for(consultant)
    with django_assert_num_queries(7):
        client.get(reverse("providers:provider_detail", args=["garuda-cloudworks-demo"]))


def test_inactive_or_unknown_provider_is_404_for_consultants(client_for, consultant, small_catalogue):
    client = client_for(consultant)
    assert client.get(reverse("providers:provider_detail", args=["retired-hosting-demo"])).status_code == 404
    assert client.get(reverse("providers:provider_detail", args=["nobody"])).status_code == 404


def test_administrators_see_inactive_providers(client_for, administrator, small_catalogue):
    response = client_for(administrator).get(reverse("providers:provider_detail", args=["retired-hosting-demo"]))
    assert response.status_code == 200
    assert "Inactive" in response.content.decode()


@pytest.mark.parametrize("url_name", ["providers:catalogue", "providers:provider_detail"])
def test_catalogue_pages_are_read_only(client_for, consultant, small_catalogue, url_name):
    args = ["garuda-cloudworks-demo"] if url_name.endswith("detail") else []
    response = client_for(consultant).post(reverse(url_name, args=args), {"name": "changed"})
    assert response.status_code == 405
    small_catalogue["garuda"].refresh_from_db()
    assert small_catalogue["garuda"].name == "Garuda Cloudworks Demo"


@pytest.mark.parametrize("sort", ["price", "capacity", "quality"])
def test_providers_without_offerings_sort_last(client_for, consultant, small_catalogue, sort):
    ProviderFactory.create(name="Aaa Empty Demo")
    names = _names(client_for(consultant).get(CATALOGUE, {"sort": sort}))
    assert names[-1] == "Aaa Empty Demo"
