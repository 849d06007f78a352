"""Files for the upload and fuzz tests: valid catalogue and assessment files made by the app's
own writers, and readers that list every cell of an export."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from typing import Any

from django.urls import reverse
from openpyxl import load_workbook

from assessments.capture import workbook
from assessments.capture.selectors import business_functions_of, capabilities_of_kind, it_cost_areas_of
from assessments.models import Assessment
from outsourcing.spreadsheets import FORMULA_TRIGGERS
from providers.models import Kind
from providers.spreadsheet import COLUMNS, EXAMPLE_ROW

# A 1×1 PNG: a real image, whatever its name says.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
OLD_EXCEL = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512


def zip_not_ooxml() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "just a zip archive")
        archive.writestr("data/rows.csv", "a,b\n1,2\n")
    return buffer.getvalue()


# --- Catalogue files ----------------------------------------------------------------------------


def catalogue_rows(count: int = 2) -> list[dict[str, str]]:
    return [{**EXAMPLE_ROW, "slug": f"upload-test-{index}", "name": f"Upload Test {index}"} for index in range(count)]


def catalogue_csv_text(rows: list[dict[str, Any]], columns: tuple[str, ...] | list[str] = COLUMNS) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


# --- Assessment files -----------------------------------------------------------------------------


def capabilities() -> dict[str, Any]:
    return {
        "it_capabilities": capabilities_of_kind(kind=Kind.ITO),
        "bpo_capabilities": capabilities_of_kind(kind=Kind.BPO),
    }


def assessment_csv_text(assessment: Assessment) -> str:
    """The IT cost areas sheet as the app exports it (a valid import)."""
    return workbook.sheet_csv_build(
        spec=workbook.IT_SHEET, lines=it_cost_areas_of(assessment=assessment), currency=assessment.currency
    )


def assessment_xlsx(assessment: Assessment) -> bytes:
    return workbook.workbook_build(
        assessment=assessment,
        it_cost_areas=it_cost_areas_of(assessment=assessment),
        business_functions=business_functions_of(assessment=assessment),
        it_capabilities=list(capabilities_of_kind(kind=Kind.ITO).values()),
        bpo_capabilities=list(capabilities_of_kind(kind=Kind.BPO).values()),
    )


# --- Reading exports ------------------------------------------------------------------------------

_NUMBER = re.compile(r"^-?\d+(\.\d+)?([eE][-+]?\d+)?$")


# The separators a spreadsheet program may split a CSV file on: English, Indonesian/German, tab.
SEPARATORS = (",", ";", "\t")


def csv_cells(content: bytes, delimiter: str = ",") -> list[str]:
    text = io.StringIO(content.decode("utf-8-sig"), newline="")
    return [cell for row in csv.reader(text, delimiter=delimiter) for cell in row]


def split_cells(content: bytes, delimiter: str) -> list[str]:
    """Cells as a program that ignores quotes would split them: every line cut at every separator."""
    return [cell for line in content.decode("utf-8-sig").splitlines() for cell in line.split(delimiter)]


def xlsx_cells(content: bytes) -> list[Any]:
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def _unsafe(cell: str) -> bool:
    text = cell.lstrip(" ").lstrip('"').lstrip(" ")
    return text.startswith(FORMULA_TRIGGERS) and not _NUMBER.match(text.rstrip('"'))


def unsafe_csv_cells(content: bytes) -> list[str]:
    """Cells a spreadsheet program would run as a formula, whether it splits on `,`, `;` or tab, honouring
    quotes or not: text (not a plain number) that starts with a trigger, spaces and an opening quote aside."""
    found: list[str] = []
    for delimiter in SEPARATORS:
        for cells in (csv_cells(content, delimiter), split_cells(content, delimiter)):
            found.extend(f"{delimiter!r}: {cell[:40]!r}" for cell in cells if _unsafe(cell))
    return sorted(set(found))


def unsafe_xlsx_cells(content: bytes) -> list[str]:
    """Formula cells, and text cells that start with a trigger."""
    unsafe = []
    for cell in xlsx_cells(content):
        if cell.data_type == "f":
            unsafe.append(f"{cell.coordinate}: formula {cell.value!r}")
        elif isinstance(cell.value, str) and cell.value.startswith(FORMULA_TRIGGERS):
            unsafe.append(f"{cell.parent.title}!{cell.coordinate}: {cell.value[:40]!r}")
    return unsafe


def export_urls(roadmap: Any) -> tuple[dict[str, str], dict[str, str]]:
    """Every export of an assessment and its roadmap a manager may download, then the catalogue
    exports an administrator may download: (label -> URL, label -> URL)."""
    assessment = roadmap.assessment
    member = {
        "assessment workbook": reverse("assessments:workbook", args=[assessment.pk]),
        "IT cost areas CSV": reverse("assessments:sheet_csv", args=[assessment.pk, "it-cost-areas"]),
        "business functions CSV": reverse("assessments:sheet_csv", args=[assessment.pk, "business-functions"]),
        "roadmap workbook": reverse("assessments:roadmap_export_xlsx", args=[roadmap.pk]),
        "roadmap items CSV": reverse("assessments:roadmap_export_items_csv", args=[roadmap.pk]),
        "roadmap cash-flow CSV": reverse("assessments:roadmap_export_cash_flow_csv", args=[roadmap.pk]),
    }
    administrator = {
        "catalogue CSV": reverse("admin:providers_provider_export", kwargs={"fmt": "csv"}),
        "catalogue XLSX": reverse("admin:providers_provider_export", kwargs={"fmt": "xlsx"}),
    }
    return member, administrator
