import csv
import io

import openpyxl
import pytest
from django.core.management import call_command

from providers.models import Offering, Provider
from providers.selectors import catalogue_export_rows
from providers.services import catalogue_import
from providers.spreadsheet import COLUMNS, catalogue_csv_bytes, catalogue_xlsx_bytes
from tests.factories.providers import OfferingFactory, ProviderFactory

pytestmark = pytest.mark.django_db


def _state():
    return (
        list(Provider.objects.order_by("pk").values()),
        list(Offering.objects.order_by("pk").values()),
        sorted(Provider.regions.through.objects.values_list("provider_id", "region_id")),
        sorted(Provider.certifications.through.objects.values_list("provider_id", "certification_id")),
        Provider.history.count(),
        Offering.history.count(),
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(taxonomy, fmt):
    call_command("seed_demo", stdout=io.StringIO())
    # Text that looks like a formula must survive the round trip too.
    ProviderFactory.create(name="=Formula Demo", slug="formula-demo", description="-- dashes first", website="")
    before = _state()
    rows = catalogue_export_rows()
    content = catalogue_csv_bytes(rows=rows) if fmt == "csv" else catalogue_xlsx_bytes(rows=rows)
    report = catalogue_import(content=content, filename=f"export.{fmt}")
    assert report.ok, report.errors[:5]
    assert report.changes == 0
    assert report.providers_unchanged == Provider.objects.count()
    assert report.offerings_unchanged == Offering.objects.count()
    assert _state() == before


def test_export_into_an_empty_catalogue_recreates_it(taxonomy):
    OfferingFactory.create(provider__slug="alpha-demo", capability__code="compute", price_index="0.85")
    ProviderFactory.create(slug="no-offerings-demo", name="No Offerings Demo", rating="2.50", is_active=False)
    rows = catalogue_export_rows()
    expected = sorted(tuple(str(row.get(c, "")) for c in COLUMNS) for row in rows)
    Offering.objects.all().delete()
    Provider.objects.all().delete()
    assert catalogue_import(content=catalogue_csv_bytes(rows=rows), filename="c.csv").ok
    again = sorted(tuple(str(row.get(c, "")) for c in COLUMNS) for row in catalogue_export_rows())
    assert again == expected


def test_export_neutralises_formulas_but_not_numbers(taxonomy):
    OfferingFactory.create(
        provider__name='=HYPERLINK("http://evil.example")',
        provider__slug="evil",
        provider__description="+cmd|' /C calc'!A0",
        provider__headquarters_country="@SUM(1)",
        capability__code="compute",
    )
    rows = catalogue_export_rows()
    text = catalogue_csv_bytes(rows=rows).decode("utf-8-sig")
    exported = next(csv.DictReader(io.StringIO(text)))
    assert exported["name"] == '\'=HYPERLINK("http://evil.example")'
    assert exported["description"] == "'+cmd|' /C calc'!A0"
    assert exported["headquarters_country"] == "'@SUM(1)"
    assert exported["price_index"] == "1.00"

    sheet = openpyxl.load_workbook(io.BytesIO(catalogue_xlsx_bytes(rows=rows))).active
    header = [cell.value for cell in sheet[1]]
    values = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
    assert values["name"].startswith("'=")
    assert sheet.cell(row=2, column=header.index("name") + 1).data_type == "s"
    assert isinstance(values["price_index"], (int, float))


def test_template_has_the_layout_and_an_example_row(taxonomy):
    from providers.spreadsheet import EXAMPLE_ROW

    content = catalogue_csv_bytes(rows=[EXAMPLE_ROW])
    assert next(csv.reader(io.StringIO(content.decode("utf-8-sig")))) == list(COLUMNS)
    report = catalogue_import(content=content, filename="template.csv", dry_run=True)
    assert report.ok
    workbook = openpyxl.load_workbook(io.BytesIO(catalogue_xlsx_bytes(rows=[EXAMPLE_ROW], help_sheet=True)))
    assert workbook.sheetnames == ["catalogue", "columns"]
    assert catalogue_import(content=catalogue_xlsx_bytes(rows=[EXAMPLE_ROW]), filename="t.xlsx", dry_run=True).ok
