"""The streamed catalogue export (providers/exporting.py) writes what the in-memory one wrote, and reads back."""

import io

import openpyxl
import pytest
from django.core.management import call_command

from providers import exporting, selectors
from providers.services import catalogue_import
from providers.spreadsheet import catalogue_csv_bytes, catalogue_xlsx_bytes
from tests.factories.providers import ProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(taxonomy, monkeypatch):
    call_command("seed_demo", stdout=io.StringIO())
    ProviderFactory(name="=Formula Demo", slug="formula-demo", description='a, b; "quoted"\nsecond line')
    # Chunks smaller than the catalogue, so the test crosses chunk boundaries of both the read and the write.
    monkeypatch.setattr(selectors, "EXPORT_CHUNK_PROVIDERS", 3)
    monkeypatch.setattr(exporting, "CSV_ROWS_PER_CHUNK", 7)


def test_the_streamed_csv_is_byte_for_byte_the_in_memory_one(catalogue):
    chunks = list(exporting.catalogue_csv_chunks(rows=selectors.catalogue_export_rows_iter()))
    assert len(chunks) > 2
    assert b"".join(chunks) == catalogue_csv_bytes(rows=selectors.catalogue_export_rows())


def test_the_write_only_workbook_holds_the_in_memory_one_s_cells(catalogue):
    streamed = exporting.catalogue_xlsx_file(rows=selectors.catalogue_export_rows_iter()).read()
    in_memory = catalogue_xlsx_bytes(rows=selectors.catalogue_export_rows())

    def cells(content: bytes) -> list[tuple]:
        sheet = openpyxl.load_workbook(io.BytesIO(content))["catalogue"]
        return [tuple(row) for row in sheet.iter_rows(values_only=True)]

    assert cells(streamed) == cells(in_memory)
    sheet = openpyxl.load_workbook(io.BytesIO(streamed))["catalogue"]
    assert sheet.freeze_panes == "A2"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_streamed_export_imports_back_without_a_change(catalogue, fmt):
    rows = selectors.catalogue_export_rows_iter()
    if fmt == "csv":
        content = b"".join(exporting.catalogue_csv_chunks(rows=rows))
    else:
        content = exporting.catalogue_xlsx_file(rows=rows).read()
    report = catalogue_import(content=content, filename=f"export.{fmt}")
    assert report.ok, report.errors[:5]
    assert report.changes == 0
