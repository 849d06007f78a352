"""Region names in the reader's language (tester's report item 8): the shipped regions' English
names are catalogue msgids, shown translated wherever a region is shown; an administrator's own
region reads as typed."""

from typing import Any, cast

import pytest
from django.urls import reverse
from django.utils import translation

from providers.models import Region
from providers.seed import REGIONS
from tests.factories.providers import ProviderFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_a_shipped_region_reads_in_the_readers_language_and_an_admins_own_as_typed():
    europe = RegionFactory.create(code="eu", name="Europe")
    own = RegionFactory.create(code="oc", name="Oceania and the Pacific")
    with translation.override("id"):
        assert str(europe) == "Eropa"
        assert str(own) == "Oceania and the Pacific"
    with translation.override("en"):
        assert str(europe) == "Europe"


def test_every_shipped_region_has_an_indonesian_name_but_indonesia():
    with translation.override("id"):
        translated = {code: translation.gettext(name) for code, name in REGIONS}
    assert translated == {
        "id": "Indonesia",
        "sea": "Asia Tenggara",
        "eu": "Eropa",
        "na": "Amerika Utara",
        "apac": "Asia Pasifik",
    }


def test_the_catalogue_filter_and_provider_page_show_region_names_in_indonesian(client_for, consultant):
    europe = RegionFactory.create(code="eu", name="Europe")
    Region.objects.get_or_create(code="apac", defaults={"name": "Asia Pacific"})
    provider = ProviderFactory.create(name="Fjordline Care Demo", regions=[europe])
    client = client_for(consultant)
    client.cookies["django_language"] = "id"
    catalogue = client.get(reverse("providers:catalogue")).content.decode()
    assert ">Eropa</option>" in catalogue
    assert ">Asia Pasifik</option>" in catalogue
    assert ">Europe<" not in catalogue
    detail = client.get(reverse("providers:provider_detail", args=[provider.slug])).content.decode()
    assert "<span>Eropa</span>" in detail
    assert "Europe" not in detail


def test_the_parameters_region_select_lists_region_names_in_indonesian():
    from assessments.capture.forms import AssessmentParametersForm

    RegionFactory.create(code="eu", name="Europe")
    RegionFactory.create(code="na", name="North America")
    with translation.override("id"):
        labels = [str(label) for _value, label in cast(Any, AssessmentParametersForm().fields["region"]).choices][1:]
    assert "Eropa" in labels
    assert "Amerika Utara" in labels
    assert "Europe" not in labels
