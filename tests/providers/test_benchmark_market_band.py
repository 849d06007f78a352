"""Administrators curate a benchmark's market unit-cost band: all or none, ordered, with its currency."""

from decimal import Decimal

import pytest
from django.forms.models import model_to_dict

from providers.forms import MARKET_BAND_FIELDS, BenchmarkForm
from providers.models import Benchmark
from providers.seed import seed_capabilities


@pytest.fixture
def service_desk(db):
    seed_capabilities()
    return Benchmark.objects.get(capability__code="service_desk")


def _form(benchmark: Benchmark, **changes) -> BenchmarkForm:
    data = {key: ("" if value is None else value) for key, value in model_to_dict(benchmark).items()}
    data.update(changes)
    return BenchmarkForm(data=data, instance=benchmark)


def test_the_shipped_band_is_valid(service_desk):
    assert _form(service_desk).is_valid()


def test_a_band_out_of_order_is_refused_at_the_field(service_desk):
    form = _form(service_desk, market_unit_cost_low="30", market_unit_cost_typical="22", market_unit_cost_high="35")

    assert not form.is_valid()
    assert "market_unit_cost_typical" in form.errors


@pytest.mark.parametrize("missing", MARKET_BAND_FIELDS)
def test_a_partial_band_names_each_missing_field(service_desk, missing):
    form = _form(service_desk, **{missing: ""})

    assert not form.is_valid()
    assert missing in form.errors


def test_no_band_at_all_is_allowed_and_the_currency_is_normalised(service_desk):
    assert _form(service_desk, **dict.fromkeys(MARKET_BAND_FIELDS, ""), market_region="").is_valid()
    service_desk.refresh_from_db()  # validation wrote the emptied band onto the instance
    form = _form(service_desk, market_currency="usd")
    assert form.is_valid(), form.errors
    form.save()
    service_desk.refresh_from_db()
    assert service_desk.market_currency == "USD"
    assert service_desk.market_unit_cost_typical == Decimal("22.00")
