"""Reads for the workbook pages: an assessment's workbook or one sheet as a file to download."""

from django.utils.text import slugify

from assessments.capture.selectors import business_functions_of, capabilities_of_kind, it_cost_areas_of
from assessments.capture.workbook.sheets import BF_SHEET, IT_SHEET, SHEETS, XLSX_CONTENT_TYPE, SheetSpec
from assessments.capture.workbook.writing import sheet_csv_build, workbook_build
from assessments.models import Assessment
from providers.models import Kind

__all__ = ["CSV_SHEETS", "XLSX_CONTENT_TYPE", "assessment_sheet_csv", "assessment_workbook", "workbook_sheets"]

# The CSV download's URL part for each sheet.
CSV_SHEETS = {"it-cost-areas": IT_SHEET, "business-functions": BF_SHEET}


def workbook_sheets() -> tuple[SheetSpec, ...]:
    """The sheets of lines a workbook holds, in order (for the import page's instructions)."""
    return SHEETS


def download_name(*, assessment: Assessment, suffix: str) -> str:
    """`title-v3.xlsx`: a file name for the assessment's download (`suffix` includes the extension)."""
    return f"{slugify(assessment.title) or 'assessment'}-v{assessment.version}{suffix}"


def assessment_workbook(*, assessment: Assessment) -> bytes:
    """The assessment as an XLSX workbook (its lines, the capability lists) to fill offline and upload back."""
    return workbook_build(
        assessment=assessment,
        it_cost_areas=it_cost_areas_of(assessment=assessment),
        business_functions=business_functions_of(assessment=assessment),
        it_capabilities=list(capabilities_of_kind(kind=Kind.ITO).values()),
        bpo_capabilities=list(capabilities_of_kind(kind=Kind.BPO).values()),
    )


def assessment_sheet_csv(*, assessment: Assessment, sheet: str) -> str:
    """One sheet of lines as CSV text; `sheet` is a key of `CSV_SHEETS`. Raises KeyError for any other."""
    spec = CSV_SHEETS[sheet]
    lines = (
        it_cost_areas_of(assessment=assessment) if spec is IT_SHEET else business_functions_of(assessment=assessment)
    )
    return sheet_csv_build(spec=spec, lines=lines, currency=assessment.currency)
