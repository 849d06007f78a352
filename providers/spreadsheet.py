"""The catalogue's flat file layout (CSV and XLSX): one row per offering, provider
columns repeated. Reading turns an untrusted upload into text cells per row, or file
level errors; writing turns rows into bytes. Validation of the cells is in
`providers.importing`.
"""

import csv
import io
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd
from django.utils.translation import gettext_lazy as _

from outsourcing.spreadsheets import cell_restore, csv_cell, csv_cell_restore, xlsx_cell
from outsourcing.uploads import Budgets, Deadline, NumberColumn, Table, UploadRefused, table_conventions, upload_sniff
from outsourcing.uploads.cells import is_blank
from outsourcing.uploads.text import csv_table
from outsourcing.uploads.xlsx import Workbook, sheet_choose

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

logger = logging.getLogger(__name__)

PROVIDER_COLUMNS: tuple[str, ...] = (
    "slug",
    "name",
    "description",
    "website",
    "headquarters_country",
    "regions",
    "certifications",
    "founded_year",
    "employees",
    "rating",
    "active",
)
OFFERING_COLUMNS: tuple[str, ...] = (
    "capability",
    "delivery_model",
    "price_index",
    "capacity_ftes",
    "min_contract_months",
    "quality_score",
    "experience_years",
)
COLUMNS: tuple[str, ...] = PROVIDER_COLUMNS + OFFERING_COLUMNS

COLUMN_HELP: dict[str, Any] = {
    "slug": _("Provider key: lower-case letters, digits and hyphens. Rows with the same slug are one provider."),
    "name": _("Provider name (required)."),
    "description": _("What the provider does (optional)."),
    "website": _("Full URL, e.g. https://example.com (optional)."),
    "headquarters_country": _("Country of the head office (optional)."),
    "regions": _("Region codes served, separated by semicolons, e.g. id;sea;eu."),
    "certifications": _("Certification codes, separated by semicolons, e.g. iso-27001;soc-2."),
    "founded_year": _("Year founded, e.g. 2004 (optional)."),
    "employees": _("Number of employees, a whole number (optional)."),
    "rating": _("Rating from 0 to 5, up to two decimals."),
    "active": _("true or false: inactive providers are hidden from the catalogue and shortlists."),
    "capability": _("Capability code, e.g. compute or payroll (see the list below)."),
    "delivery_model": _("onshore, nearshore or offshore."),
    "price_index": _("Price relative to the market, more than 0 and at most 5: 1.00 is the market price."),
    "capacity_ftes": _("Capacity in full-time equivalents, a whole number, not negative."),
    "min_contract_months": _("Minimum contract length in months, 1 to 240."),
    "quality_score": _("Quality score from 0 to 10, one decimal."),
    "experience_years": _("Years of experience with this capability, 0 to 100."),
}

EXAMPLE_ROW: dict[str, str] = {
    "slug": "example-cloudworks-demo",
    "name": "Example Cloudworks Demo",
    "description": "Managed hosting and compute for mid-sized companies.",
    "website": "https://cloudworks.example",
    "headquarters_country": "Indonesia",
    "regions": "id;sea",
    "certifications": "iso-27001;soc-2",
    "founded_year": "2011",
    "employees": "850",
    "rating": "4.20",
    "active": "true",
    "capability": "compute",
    "delivery_model": "onshore",
    "price_index": "0.95",
    "capacity_ftes": "120",
    "min_contract_months": "12",
    "quality_score": "8.1",
    "experience_years": "9",
}

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv"
CATALOGUE_SHEET = "catalogue"
# How the number columns are read (see outsourcing.uploads.numbers): counts are whole numbers.
NUMBER_COLUMNS: dict[str, NumberColumn] = {
    "founded_year": NumberColumn(whole=True),
    "employees": NumberColumn(whole=True),
    "rating": NumberColumn(),
    "price_index": NumberColumn(),
    "capacity_ftes": NumberColumn(whole=True),
    "min_contract_months": NumberColumn(whole=True),
    "quality_score": NumberColumn(),
    "experience_years": NumberColumn(whole=True),
}


@dataclass(frozen=True)
class FileError:
    """A problem with the whole file (column is set when one column is missing). The message
    may be lazy: it is translated when shown, in the reader's language."""

    message: "str | StrPromise"
    column: str | None = None


class CatalogueFileError(Exception):
    def __init__(self, errors: list[FileError]) -> None:
        super().__init__("; ".join(str(e.message) for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class FileRows:
    """Cells per data row. `rows` holds (spreadsheet row number, cells): the header is row 1.

    Cells are text, except workbook cells holding numbers (int, Decimal) or markers
    (`outsourcing.uploads` Percent, ExcelDate, Formula, ErrorValue). `conventions` is
    the decimal convention of each number column (`outsourcing.uploads.numbers`).
    """

    rows: list[tuple[int, dict[str, Any]]]
    ignored_columns: list[str]
    decimal_comma: bool = False
    conventions: dict[str, str | None] = field(default_factory=dict)


def catalogue_file_read(*, content: bytes, filename: str) -> FileRows:
    """Parse an uploaded catalogue file (CSV or XLSX, told apart by content), or raise CatalogueFileError.

    Read by the shared upload reader under its budgets; a workbook's visible sheet named
    "catalogue" is read, else its first visible sheet.
    """
    budgets = Budgets.from_settings()
    deadline = Deadline(budgets.max_seconds)
    try:
        kind = upload_sniff(content=content, name=filename, budgets=budgets)
        if kind == "csv":
            table = csv_table(content, name=filename, budgets=budgets, deadline=deadline)
        else:
            workbook = Workbook(content, budgets=budgets, deadline=deadline)
            sheet = sheet_choose(workbook, {CATALOGUE_SHEET}) or next(
                (candidate for candidate in workbook.sheets if candidate.visible), None
            )
            if sheet is None:
                raise UploadRefused(str(_("The workbook has no visible sheet.")))
            table = workbook.table(sheet)
    except UploadRefused as refused:
        raise CatalogueFileError([FileError(refused.message)]) from refused
    return _table_rows(table)


def _table_rows(table: Table) -> FileRows:
    header = [("" if value is None else str(value)).strip().lower() for value in table.header]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise CatalogueFileError(
            [
                FileError(_("The column “%(column)s” is missing.") % {"column": column}, column=column)
                for column in missing
            ]
        )
    ignored = [column for column in header if column and column not in COLUMNS]
    positions = {column: header.index(column) for column in COLUMNS}
    restore = csv_cell_restore if table.kind == "csv" else cell_restore
    rows: list[tuple[int, dict[str, Any]]] = []
    for number, values in table.rows:
        if any(not is_blank(value) for value in values[len(header) :]):
            detail = _("line %(line)s has more cells than the header row") % {"line": number}
            if table.kind == "csv":
                message = _("The file is not a well-formed CSV file: %(detail)s.") % {"detail": detail}
            else:
                message = _("Row %(row)s has data in a column without a header.") % {"row": number}
            raise CatalogueFileError([FileError(message)])
        cells = {
            column: _cell(values[position] if position < len(values) else None, restore)
            for column, position in positions.items()
        }
        if any(not is_blank(value) for value in cells.values()):
            rows.append((number, cells))
    if not rows:
        raise CatalogueFileError([FileError(_("The file has a header but no data rows."))])
    indexes = {positions[column]: column for column in NUMBER_COLUMNS}
    conventions = table_conventions(table, indexes, NUMBER_COLUMNS)
    return FileRows(rows=rows, ignored_columns=ignored, conventions=conventions)


def _cell(value: Any, restore: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return restore(value.strip())
    return value


# --- Writing ---------------------------------------------------------------------------


def _frame(rows: list[dict[str, Any]], *, cell: Any = xlsx_cell) -> pd.DataFrame:
    records = [[cell(row.get(column)) for column in COLUMNS] for row in rows]
    return pd.DataFrame(records, columns=list(COLUMNS), dtype=object)


def catalogue_csv_bytes(*, rows: list[dict[str, Any]]) -> bytes:
    """UTF-8 with a byte order mark, so that Excel opens accented names correctly. Every text cell is
    quoted and neutralised for any separator (`outsourcing.spreadsheets.csv_cell`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([csv_cell("" if row.get(column) is None else row.get(column)) for column in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def catalogue_xlsx_bytes(*, rows: list[dict[str, Any]], help_sheet: bool = False) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        _frame(rows, cell=xlsx_cell).to_excel(writer, index=False, sheet_name="catalogue")
        sheet = writer.sheets["catalogue"]
        sheet.freeze_panes = "A2"
        for index, column in enumerate(COLUMNS):
            letter = sheet.cell(row=1, column=index + 1).column_letter
            sheet.column_dimensions[letter].width = max(12, min(40, len(column) + 4))
        if help_sheet:
            notes = pd.DataFrame(
                [[column, str(COLUMN_HELP[column])] for column in COLUMNS], columns=["column", "meaning"], dtype=object
            )
            notes.to_excel(writer, index=False, sheet_name="columns")
            writer.sheets["columns"].column_dimensions["A"].width = 24
            writer.sheets["columns"].column_dimensions["B"].width = 100
    return buffer.getvalue()
