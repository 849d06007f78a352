"""An IT area's volume is shown with its capability's unit of measure, in the reader's language,
wherever the lines are shown: the read-only line tables (the assessment and review pages; a locked
version's import page shows the assessment), the line grid and the workbook (the tester's finding 7)."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from assessments.capture import grid_presenter
from assessments.capture.forms import ITCostAreaForm
from assessments.capture.selectors import capabilities_of_kind
from providers.models import Kind
from tests.factories.assessments import assessment_lines_add
from tests.factories.providers import BenchmarkFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data_centre(capability_set):
    capability = capability_set["data_centre"]
    BenchmarkFactory.create(
        capability=capability,
        unit_of_measure="kW of IT load",
        market_unit_cost_low=Decimal("1000"),
        market_unit_cost_typical=Decimal("2000"),
        market_unit_cost_high=Decimal("3000"),
        market_currency="IDR",
        market_year=2026,
    )
    return capability


@pytest.fixture
def draft_with_volume(draft, data_centre):
    assessment_lines_add(
        assessment=draft,
        it_cost_areas=[{"capability": data_centre, "annual_cost": Decimal("900000000"), "volume": Decimal("40")}],
        business_functions=[],
    )
    return draft


@pytest.mark.parametrize("page", ["detail", "review"])
def test_line_tables_translate_the_unit(draft_with_volume, consultant, client_for, page):
    client = client_for(consultant)
    client.cookies["django_language"] = "id"
    html = client.get(reverse(f"assessments:{page}", args=[draft_with_volume.pk])).content.decode()
    assert "kW beban TI" in html
    assert "kW of IT load" not in html


def test_the_grid_shows_each_capabilitys_unit_beside_the_volume(data_centre):
    with translation.override("id"):
        payload = grid_presenter.grid_payload(
            form_class=ITCostAreaForm,
            lines=[],
            capabilities=capabilities_of_kind(kind=Kind.ITO),
            currency="IDR",
            max_rows=10,
        )
    units = {entry["code"]: entry["unit"] for entry in payload["capabilities"]}
    assert units["data_centre"] == "kW beban TI"
    assert units["compute"] == ""  # no benchmark unit: nothing is invented
    volume = next(column for column in payload["columns"] if column["field"] == "volume")
    assert volume["per_capability_unit"] is True
    assert volume["unit"]


def test_the_workbook_names_the_volumes_unit(draft_with_volume, consultant, client_for):
    client = client_for(consultant)
    client.cookies["django_language"] = "id"
    response = client.get(reverse("assessments:workbook", args=[draft_with_volume.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    readme = {row[0]: row for row in workbook.worksheets[0].iter_rows(values_only=True) if row[0]}
    assert readme["data_centre"][3] == "kW beban TI"
