import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from providers.models import Offering, Provider
from providers.services import catalogue_import
from providers.spreadsheet import COLUMNS
from tests.providers.conftest import csv_bytes, row

pytestmark = pytest.mark.django_db

OOXML_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
GOOD = [
    row(),
    row(capability="payroll", delivery_model="offshore", price_index="0.70"),
    row(slug="second-demo", name="Second Demo", regions="eu", certifications="", capability="hr"),
]


def _errors(report) -> set[tuple[int | None, str | None]]:
    return {(error.row, error.column) for error in report.errors}


def test_a_valid_file_is_imported(taxonomy):
    report = catalogue_import(content=csv_bytes(GOOD), filename="catalogue.csv")
    assert report.ok, report.errors
    assert (report.providers_created, report.offerings_created) == (2, 3)
    provider = Provider.objects.get(slug="example-cloudworks-demo")
    assert provider.name == "Example Cloudworks Demo"
    assert provider.rating == Decimal("4.20")
    assert sorted(provider.regions.values_list("code", flat=True)) == ["id", "sea"]
    assert sorted(provider.certifications.values_list("code", flat=True)) == ["iso-27001", "soc-2"]
    offering = provider.offerings.get(capability__code="payroll")
    assert (offering.delivery_model, offering.price_index, offering.capacity_ftes) == ("offshore", Decimal("0.70"), 120)
    assert offering.quality_score == Decimal("8.1")


def test_mixed_good_and_bad_rows_report_every_problem_and_write_nothing(taxonomy):
    rows = [
        *GOOD,  # rows 2-4
        row(capability="storage", price_index="cheap"),  # 5: wrong type
        row(capability="quantum_computing"),  # 6: unknown capability
        row(capability="network", capacity_ftes="-5"),  # 7: negative capacity
        row(),  # 8: duplicate of row 2
        row(capability="security", regions="id;mars"),  # 9: unknown region
        row(capability="applications", certifications="iso-99999"),  # 10: unknown certification
        row(slug="third-demo", name="Third", rating="7", capability="finance"),  # 11: rating out of range
        row(slug="third-demo", name="Third", rating="7", capability="accounting", quality_score="11"),  # 12
        row(capability="data_centre", price_index="9"),  # 13: price out of range
        row(capability="service_desk", name="Renamed Cloudworks"),  # 14: disagrees with row 2
        row(capability="procurement", founded_year="two thousand"),  # 15: wrong type
        row(capability="recruitment", delivery_model="moon"),  # 16: unknown delivery model
        row(slug="Not a slug!", capability="finance"),  # 17
    ]
    report = catalogue_import(content=csv_bytes(rows), filename="catalogue.csv")
    assert not report.ok
    assert _errors(report) == {
        (5, "price_index"),
        (6, "capability"),
        (7, "capacity_ftes"),
        (8, "capability"),
        (9, "regions"),
        (10, "certifications"),
        (11, "rating"),
        (12, "rating"),
        (12, "quality_score"),
        (13, "price_index"),
        (14, "name"),
        (15, "founded_year"),
        (16, "delivery_model"),
        (17, "slug"),
    }
    messages = {(error.row, error.column): error.message for error in report.errors}
    assert "not a number" in messages[(5, "price_index")]
    assert "quantum_computing" in messages[(6, "capability")]
    assert "negative" in messages[(7, "capacity_ftes")]
    assert "duplicate" in messages[(8, "capability")]
    assert "row 2" in messages[(8, "capability")]
    assert "mars" in messages[(9, "regions")]
    assert "out of range" in messages[(11, "rating")]
    assert "row 2" in messages[(14, "name")]
    assert not Provider.objects.exists()
    assert not Offering.objects.exists()


def test_a_missing_column_is_a_file_error_naming_it(taxonomy):
    columns = [column for column in COLUMNS if column not in {"capacity_ftes", "rating"}]
    report = catalogue_import(content=csv_bytes(GOOD, columns=columns), filename="catalogue.csv")
    assert _errors(report) == {(None, "capacity_ftes"), (None, "rating")}
    assert "capacity_ftes" in report.errors[0].message + report.errors[1].message
    assert not Provider.objects.exists()


def test_importing_the_same_file_twice_changes_nothing(taxonomy):
    content = csv_bytes(GOOD)
    catalogue_import(content=content, filename="catalogue.csv")
    before = (
        list(Provider.objects.values()),
        list(Offering.objects.values()),
        Provider.history.count(),
        Offering.history.count(),
    )
    again = catalogue_import(content=content, filename="catalogue.csv")
    assert again.ok
    assert again.changes == 0
    assert (again.providers_unchanged, again.offerings_unchanged) == (2, 3)
    after = (
        list(Provider.objects.values()),
        list(Offering.objects.values()),
        Provider.history.count(),
        Offering.history.count(),
    )
    assert after == before


def test_reimport_upserts_by_slug_and_offering_key_and_never_deletes(taxonomy):
    catalogue_import(content=csv_bytes(GOOD), filename="catalogue.csv")
    changed = [
        row(rating="3.5", regions="id"),
        row(rating="3.5", regions="id", capability="payroll", delivery_model="offshore", price_index="0.65"),
    ]
    report = catalogue_import(content=csv_bytes(changed), filename="catalogue.csv")
    assert report.ok
    assert (report.providers_updated, report.offerings_updated, report.offerings_unchanged) == (1, 1, 1)
    provider = Provider.objects.get(slug="example-cloudworks-demo")
    assert provider.rating == Decimal("3.5")
    assert list(provider.regions.values_list("code", flat=True)) == ["id"]
    assert provider.offerings.get(capability__code="payroll").price_index == Decimal("0.65")
    assert Provider.objects.count() == 2
    assert Offering.objects.count() == 3


def test_dry_run_writes_nothing_but_counts_what_would_change(taxonomy):
    report = catalogue_import(content=csv_bytes(GOOD), filename="catalogue.csv", dry_run=True)
    assert report.ok
    assert (report.providers_created, report.offerings_created) == (2, 3)
    assert not Provider.objects.exists()


def test_a_provider_row_without_an_offering(taxonomy):
    blank_offering = dict.fromkeys(
        (
            "capability",
            "delivery_model",
            "price_index",
            "capacity_ftes",
            "min_contract_months",
            "quality_score",
            "experience_years",
        ),
        "",
    )
    report = catalogue_import(content=csv_bytes([row(**blank_offering)]), filename="c.csv")
    assert report.ok
    assert report.providers_created == 1
    assert report.offerings_created == 0


def test_a_partial_offering_needs_its_capability(taxonomy):
    report = catalogue_import(content=csv_bytes([row(capability="")]), filename="c.csv")
    assert _errors(report) == {(2, "capability")}


def test_csv_with_byte_order_mark_and_xlsx_are_accepted(taxonomy):
    assert catalogue_import(content=csv_bytes(GOOD, bom=True), filename="c.csv").ok
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    sheet.append([2012 if c == "founded_year" else 0.9 if c == "price_index" else row()[c] for c in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = catalogue_import(content=buffer.getvalue(), filename="CATALOGUE.XLSX")
    assert report.ok, report.errors
    provider = Provider.objects.get(slug="example-cloudworks-demo")
    assert provider.founded_year == 2012
    assert provider.offerings.get(capability__code="compute").price_index == Decimal("0.90")


def test_semicolon_csv_with_decimal_commas(taxonomy):
    text = (
        ";".join(COLUMNS)
        + "\n"
        + ";".join(
            f'"{value}"'
            if ";" in value
            else value.replace(".", ",")
            if column in {"price_index", "rating", "quality_score"}
            else value
            for column, value in row().items()
        )
    )
    report = catalogue_import(content=text.encode(), filename="c.csv")
    assert report.ok, report.errors
    assert Offering.objects.get().price_index == Decimal("0.95")


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "filename", "expected"),
    [
        (b"", "c.csv", "empty"),
        (b"%PDF-1.4", "c.pdf", ".xlsx workbook or a .csv"),
        (csv_bytes(GOOD), "c.xlsx", "not an Excel workbook"),
        (_zip({"hello.txt": b"hi"}), "c.xlsx", "not an Excel workbook"),
        (
            _zip(
                {
                    "[Content_Types].xml": b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                    "xl/workbook.xml": b"<x/>",
                }
            ),
            "c.xlsx",
            "not an Excel workbook",
        ),
        (
            _zip(
                {
                    "[Content_Types].xml": OOXML_TYPE,
                    "xl/workbook.xml": b"<not-xml",
                }
            ),
            "c.xlsx",
            "could not be read",
        ),
        # Neither UTF-8 nor Windows-1252 (0x81, 0x8d and 0x90 are undefined there).
        (b"slug,name\n\x81\x8d,\x90\n", "c.csv", "not UTF-8"),
        (b"slug,name\x00\x01\x02", "c.csv", "not a CSV"),
        (",".join(COLUMNS).encode() + b"\n", "c.csv", "no data rows"),
        (",".join(COLUMNS).encode() + b"\n" + b"a," * 30 + b"\n", "c.csv", "not a well-formed CSV"),
        (csv_bytes(GOOD) + b"a," * 30 + b"\n", "c.csv", "line 5 has more cells"),
    ],
)
def test_malformed_files_get_a_clear_file_error(taxonomy, content, filename, expected):
    report = catalogue_import(content=content, filename=filename)
    assert not report.ok
    assert len(report.errors) == 1
    assert report.errors[0].row is None
    assert expected in report.errors[0].message
    assert not Provider.objects.exists()


@override_settings(IMPORT_MAX_BYTES=200)
def test_size_limit(taxonomy):
    report = catalogue_import(content=csv_bytes(GOOD), filename="c.csv")
    assert "larger than" in report.errors[0].message


@override_settings(IMPORT_MAX_ROWS=2)
def test_row_limit(taxonomy):
    report = catalogue_import(content=csv_bytes(GOOD), filename="c.csv")
    assert "more than 2 rows" in report.errors[0].message


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=400), extension=st.sampled_from(["csv", "xlsx"]))
def test_no_upload_ever_raises(taxonomy, content, extension):
    report = catalogue_import(content=content, filename=f"fuzz.{extension}")
    assert not report.ok
    assert not Provider.objects.exists()


def test_management_command_imports_and_dry_runs(taxonomy, tmp_path):
    path = tmp_path / "catalogue.csv"
    path.write_bytes(csv_bytes(GOOD))
    out = io.StringIO()
    call_command("import_catalogue", str(path), "--dry-run", stdout=out)
    assert "Dry run" in out.getvalue()
    assert not Provider.objects.exists()
    call_command("import_catalogue", str(path), stdout=out)
    assert Provider.objects.count() == 2


def test_management_command_fails_listing_row_errors(taxonomy, tmp_path):
    path = tmp_path / "catalogue.csv"
    path.write_bytes(csv_bytes([*GOOD, row(capability="nope")]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_catalogue", str(path), stderr=err)
    assert "row 5, column capability" in err.getvalue()
    assert not Provider.objects.exists()


def test_a_row_reports_a_disagreeing_provider_column_next_to_its_other_errors(taxonomy):
    rows = [row(), row(capability="hr", name="Other name", regions="id;mars")]
    report = catalogue_import(content=csv_bytes(rows), filename="c.csv")
    assert _errors(report) == {(3, "name"), (3, "regions")}
