"""Uploads (ASVS 4.0.3 V12.1.1, V12.2.1): both importers check the size,
the number of rows and the content itself, not the file's name, and refuse a bad file with a
message that says what is wrong, writing nothing. Formula injection is covered on the way
out (every export neutralises text that starts with = + - @ tab or carriage return)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.capture import workbook
from assessments.models import AssessmentStatus, BusinessFunction, ITCostArea, Roadmap
from providers.models import Offering, Provider
from providers.seed import seed_capabilities, seed_certifications, seed_regions
from providers.services import catalogue_import
from tests.factories.roadmaps import assessment_with_lines_create
from tests.security.spreadsheets import (
    OLD_EXCEL,
    PNG,
    assessment_csv_text,
    assessment_xlsx,
    capabilities,
    catalogue_csv_text,
    catalogue_rows,
    zip_not_ooxml,
)


@pytest.fixture
def taxonomy(db):
    seed_regions()
    seed_certifications()
    seed_capabilities()


@pytest.fixture
def draft(organisation, consultant):
    return assessment_with_lines_create(organisation=organisation, status=AssessmentStatus.DRAFT, author=consultant)


def catalogue_counts() -> tuple[int, int]:
    return Provider.objects.count(), Offering.objects.count()


def line_counts() -> tuple[int, int]:
    return ITCostArea.objects.count(), BusinessFunction.objects.count()


# --- The catalogue importer ----------------------------------------------------------------------

CATALOGUE_BAD_FILES = {
    # name: (file name, content, words the message must contain)
    "empty": ("catalogue.csv", b"", "empty"),
    "headers only": ("catalogue.csv", catalogue_csv_text([]).encode(), "no data rows"),
    "png named xlsx": ("catalogue.xlsx", PNG, "not an Excel workbook"),
    "zip that is not OOXML": ("catalogue.xlsx", zip_not_ooxml(), "not an Excel workbook"),
    "old xls named xlsx": ("catalogue.xlsx", OLD_EXCEL, "not an Excel workbook"),
    "undecodable csv": ("catalogue.csv", b"slug,name\n\x81\x8d,\x90\n", "UTF-8"),
    "image with csv name": ("catalogue.csv", PNG, "CSV"),
    "unknown extension": ("catalogue.pdf", b"%PDF-1.4", ".xlsx workbook or a .csv"),
}
# Told apart by content and encoding, not by name: each of these is read like the UTF-8 CSV.
CATALOGUE_READABLE_FILES = ("xlsx named csv", "utf-16 csv", "latin-1 csv")


def _catalogue_content(name: str, content: bytes | None) -> bytes:
    if content is not None:
        return content
    rows = catalogue_rows()
    rows[0]["description"] = "Layanan keuangan dan akuntansi, Jakarta — kantor pusat é"
    text = catalogue_csv_text(rows)
    if name == "utf-16 csv":
        return text.encode("utf-16")
    if name == "latin-1 csv":
        return text.replace("—", "-").encode("latin-1")
    from providers.spreadsheet import catalogue_xlsx_bytes

    return catalogue_xlsx_bytes(rows=rows)


@pytest.mark.parametrize("case", sorted(CATALOGUE_BAD_FILES))
def test_catalogue_import_refuses_a_bad_file_with_a_message(taxonomy, case):
    filename, content, words = CATALOGUE_BAD_FILES[case]
    before = catalogue_counts()
    report = catalogue_import(content=_catalogue_content(case, content), filename=filename)
    assert not report.ok
    messages = " ".join(error.message for error in report.errors)
    assert words.lower() in messages.lower(), messages
    assert catalogue_counts() == before


@pytest.mark.parametrize("case", CATALOGUE_READABLE_FILES)
def test_catalogue_import_reads_a_file_by_its_content_and_encoding(taxonomy, case):
    report = catalogue_import(content=_catalogue_content(case, None), filename="catalogue.csv")
    assert report.ok, report.errors
    assert Provider.objects.get(slug="upload-test-0").description == "Layanan keuangan dan akuntansi, Jakarta " + (
        "- kantor pusat é" if case == "latin-1 csv" else "— kantor pusat é"
    )


def test_catalogue_import_limits_size_and_rows(taxonomy, settings):
    settings.IMPORT_MAX_ROWS = 3
    report = catalogue_import(content=catalogue_csv_text(catalogue_rows(4)).encode(), filename="c.csv")
    assert [error.message for error in report.errors] == [
        "The file has more than 3 rows of data; split it into smaller files."
    ]
    assert catalogue_import(content=catalogue_csv_text(catalogue_rows(3)).encode(), filename="c.csv").ok
    settings.IMPORT_MAX_BYTES = 1024
    report = catalogue_import(content=catalogue_csv_text(catalogue_rows(3)).encode() + b" " * 1024, filename="c.csv")
    assert "larger than 1 KB" in report.errors[0].message
    assert Provider.objects.filter(slug="upload-test-0").count() == 1  # only the one valid import wrote


def test_catalogue_admin_upload_of_an_image_is_a_page_with_the_reason(taxonomy, client_for, administrator):
    before = catalogue_counts()
    response = client_for(administrator).post(
        reverse("admin:providers_provider_import"), {"file": _named("catalogue.xlsx", PNG)}
    )
    assert response.status_code == 200
    assert "not an Excel workbook" in response.content.decode()
    assert catalogue_counts() == before


def _named(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


# --- The assessment importer -----------------------------------------------------------------------

ASSESSMENT_BAD_FILES = {
    "empty": ("lines.csv", b"", "empty"),
    "png named xlsx": ("lines.xlsx", PNG, "not an Excel workbook"),
    "zip that is not OOXML": ("lines.xlsx", zip_not_ooxml(), "not an Excel workbook"),
    "old xls named xlsx": ("lines.xlsx", OLD_EXCEL, "old Excel"),
    "undecodable csv": ("lines.csv", b"capability,annual_cost\n\x81\x8d,\x90\n", "UTF-8"),
    "image with csv name": ("lines.csv", PNG, "CSV"),
    "unknown extension": ("lines.pdf", b"%PDF-1.4", ".xlsx workbook or a .csv"),
    "only blank lines": ("lines.csv", b"\n\n  \n", "empty"),
}


def _assessment_content(case: str, content: bytes | None, draft) -> bytes:
    if content is not None:
        return content
    draft.it_cost_areas.update(notes="Pusat data, Jakarta é")
    return assessment_csv_text(draft).encode("latin-1")


@pytest.mark.parametrize("case", sorted(ASSESSMENT_BAD_FILES))
def test_assessment_import_refuses_a_bad_file_with_a_message(draft, case):
    filename, content, words = ASSESSMENT_BAD_FILES[case]
    content = _assessment_content(case, content, draft)
    preview = workbook.import_preview(name=filename, content=content, **capabilities())
    assert not preview.is_valid
    messages = " ".join(str(error.message) for error in preview.errors)
    assert words.lower() in messages.lower(), messages


@pytest.mark.parametrize("case", ["png named xlsx", "zip that is not OOXML", "undecodable csv", "empty"])
def test_assessment_import_view_answers_400_with_the_reason_and_writes_nothing(client_for, consultant, draft, case):
    filename, content, words = ASSESSMENT_BAD_FILES[case]
    before = line_counts()
    response = client_for(consultant).post(
        reverse("assessments:import", args=[draft.pk]),
        {"file": _named(filename, _assessment_content(case, content, draft))},
    )
    assert response.status_code == 400
    assert words.lower() in response.content.decode().lower()
    assert line_counts() == before


def test_assessment_import_limits_size_and_rows(draft, settings):
    settings.IMPORT_MAX_ROWS = 3
    xlsx = assessment_xlsx(draft)  # three IT cost areas and three business functions
    preview = workbook.import_preview(name="lines.xlsx", content=xlsx, **capabilities())
    assert "more than 3 rows" in preview.errors[0].message
    settings.IMPORT_MAX_ROWS = 6
    assert workbook.import_preview(name="lines.xlsx", content=xlsx, **capabilities()).is_valid
    settings.IMPORT_MAX_BYTES = len(xlsx) - 1
    preview = workbook.import_preview(name="lines.xlsx", content=xlsx, **capabilities())
    assert "larger than the upload limit" in preview.errors[0].message


def test_assessment_import_reads_windows_1252_like_utf8(draft):
    draft.it_cost_areas.update(notes="Pusat data, Jakarta é")
    text = assessment_csv_text(draft)
    as_utf8 = workbook.import_preview(name="lines.csv", content=text.encode("utf-8"), **capabilities())
    as_cp1252 = workbook.import_preview(name="lines.csv", content=text.encode("cp1252"), **capabilities())
    assert as_utf8.is_valid
    assert as_cp1252.lines_for("it") == as_utf8.lines_for("it")
    cp1252_lines = as_cp1252.lines_for("it")
    assert cp1252_lines is not None
    assert cp1252_lines[0]["notes"] == "Pusat data, Jakarta é"


def test_assessment_import_reads_utf16_like_utf8(draft):
    text = assessment_csv_text(draft)
    as_utf8 = workbook.import_preview(name="lines.csv", content=text.encode("utf-8"), **capabilities())
    as_utf16 = workbook.import_preview(name="lines.csv", content=text.encode("utf-16"), **capabilities())
    assert as_utf8.is_valid
    assert as_utf16.is_valid
    assert as_utf16.lines_for("it") == as_utf8.lines_for("it")


def test_a_header_only_sheet_is_previewed_as_emptying_it_and_writes_nothing(client_for, consultant, draft):
    header_only = assessment_csv_text(draft).splitlines()[0] + "\n"
    before = line_counts()
    response = client_for(consultant).post(
        reverse("assessments:import", args=[draft.pk]), {"file": _named("lines.csv", header_only.encode())}
    )
    assert response.status_code == 200
    # The preview says that confirming would remove the draft's lines; nothing happens before that.
    assert "the sheet is empty, so all of them are removed" in response.content.decode()
    assert line_counts() == before
    assert not Roadmap.objects.exists()
