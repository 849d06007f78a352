"""The catalogue's flat file layout (CSV and XLSX): one row per offering, provider
columns repeated. Reading turns an untrusted upload into text cells per row, or file
level errors; writing turns rows into bytes. Validation of the cells is in
`providers.importing`.
"""

import csv
import io
import logging
import re
import warnings
import zipfile
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from outsourcing.spreadsheets import cell_neutralise, cell_restore, xlsx_cell

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
# The main part of a workbook without macros; .xlsm (macro-enabled) has another type.
_OOXML_WORKBOOK_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
# A zip bomb guard: an honest workbook's XML rarely expands more than ~20 times.
_XLSX_EXPANSION_LIMIT = 40


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
    """Text cells per data row. `rows` holds (spreadsheet row number, cells): the header is row 1."""

    rows: list[tuple[int, dict[str, str]]]
    ignored_columns: list[str]
    decimal_comma: bool = False


def catalogue_file_read(*, content: bytes, filename: str) -> FileRows:
    """Parse an uploaded catalogue file, or raise CatalogueFileError with a clear message."""
    max_bytes = settings.IMPORT_MAX_BYTES
    if len(content) > max_bytes:
        raise CatalogueFileError(
            [
                FileError(
                    _("The file is larger than %(limit)s KB; split it into smaller files.")
                    % {"limit": max_bytes // 1024}
                )
            ]
        )
    if not content:
        raise CatalogueFileError([FileError(_("The file is empty."))])
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "csv":
        frame, decimal_comma = _csv_frame(content)
    elif extension == "xlsx":
        frame, decimal_comma = _xlsx_frame(content), False
    else:
        raise CatalogueFileError([FileError(_("Upload a .csv or .xlsx file."))])
    return _frame_rows(frame, decimal_comma=decimal_comma)


def _csv_frame(content: bytes) -> tuple[pd.DataFrame, bool]:
    if b"\x00" in content:
        raise CatalogueFileError([FileError(_("This is not a text CSV file. Save the sheet as “CSV UTF-8”."))])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CatalogueFileError(
            [FileError(_("The file is not UTF-8 text. In your spreadsheet program, save it as “CSV UTF-8”."))]
        ) from exc
    header = text.split("\n", 1)[0]
    # Spreadsheets in locales with a decimal comma (Indonesia, most of Europe) save CSV with semicolons.
    semicolons = header.count(";") > header.count(",")
    try:
        with warnings.catch_warnings():
            # pandas only warns when every data row is longer than the header; treat it like any ragged row.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.StringIO(text),
                sep=";" if semicolons else ",",
                dtype=str,
                index_col=False,
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=False,
                quoting=csv.QUOTE_MINIMAL,
                nrows=settings.IMPORT_MAX_ROWS + 1,
            )
    except pd.errors.EmptyDataError as exc:
        raise CatalogueFileError([FileError(_("The file is empty."))]) from exc
    except (pd.errors.ParserError, pd.errors.ParserWarning, ValueError) as exc:
        line = re.search(r"line (\d+)", str(exc))
        detail = (
            _("line %(line)s has more cells than the header row") % {"line": line.group(1)}
            if line
            else _("a row has more cells than the header row, or a quote is not closed")
        )
        raise CatalogueFileError(
            [FileError(_("The file is not a well-formed CSV file: %(detail)s.") % {"detail": detail})]
        ) from exc
    return frame, semicolons


def _xlsx_frame(content: bytes) -> pd.DataFrame:
    not_xlsx = FileError(_("This is not an Excel workbook (.xlsx). Save the sheet as “Excel Workbook”."))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise CatalogueFileError([not_xlsx])
            if _OOXML_WORKBOOK_TYPE not in archive.read("[Content_Types].xml"):
                raise CatalogueFileError([not_xlsx])
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, OSError) as exc:
        raise CatalogueFileError([not_xlsx]) from exc
    if expanded > _XLSX_EXPANSION_LIMIT * settings.IMPORT_MAX_BYTES:
        raise CatalogueFileError([FileError(_("The workbook expands to too much data; split it into smaller files."))])
    try:
        frame = pd.read_excel(
            io.BytesIO(content),
            engine="openpyxl",
            sheet_name=0,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            nrows=settings.IMPORT_MAX_ROWS + 1,
        )
    # Any failure of the parser on an untrusted upload means a broken file, never a server error.
    except Exception as exc:
        logger.info("Unreadable workbook upload: %r", exc)
        raise CatalogueFileError([FileError(_("The workbook could not be read; it may be damaged."))]) from exc
    return frame


def _frame_rows(frame: pd.DataFrame, *, decimal_comma: bool) -> FileRows:
    header = [str(column).strip().lower() for column in frame.columns]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise CatalogueFileError(
            [
                FileError(_("The column “%(column)s” is missing.") % {"column": column}, column=column)
                for column in missing
            ]
        )
    if len(frame) > settings.IMPORT_MAX_ROWS:
        raise CatalogueFileError(
            [FileError(_("The file has more than %(limit)s rows; split it.") % {"limit": settings.IMPORT_MAX_ROWS})]
        )
    ignored = [column for column in header if column not in COLUMNS]
    positions = {column: header.index(column) for column in COLUMNS}
    rows: list[tuple[int, dict[str, str]]] = []
    for index, values in enumerate(frame.itertuples(index=False, name=None)):
        cells = {column: _cell_text(values[position]) for column, position in positions.items()}
        if any(cells.values()):
            # Row 1 is the header, so the first data row is row 2, as a spreadsheet shows it.
            rows.append((index + 2, cells))
    if not rows:
        raise CatalogueFileError([FileError(_("The file has a header but no data rows."))])
    return FileRows(rows=rows, ignored_columns=ignored, decimal_comma=decimal_comma)


def _cell_text(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return cell_restore(str(value).strip())


# --- Writing ---------------------------------------------------------------------------


def _frame(rows: list[dict[str, Any]], *, cell: Any = cell_neutralise) -> pd.DataFrame:
    records = [[cell(row.get(column)) for column in COLUMNS] for row in rows]
    return pd.DataFrame(records, columns=list(COLUMNS), dtype=object)


def catalogue_csv_bytes(*, rows: list[dict[str, Any]]) -> bytes:
    """UTF-8 with a byte order mark, so that Excel opens accented names correctly."""
    text = _frame(rows).to_csv(index=False, lineterminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


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
