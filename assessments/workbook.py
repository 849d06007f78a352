"""The assessment workbook: XLSX (and CSV) out, validated lines back in.

Out: a README sheet (parameters, instructions, capability codes), one sheet per kind
of line with a header row, drop-down lists and number formats, and a hidden
"Lists" sheet the capability drop-downs read from.

In: `import_preview` reads an uploaded XLSX or CSV file (checked by content, not by
its name), validates every row with the same forms the browser uses, and returns
row-level errors (sheet, row, column, reason) or the validated lines. It never
raises on a malformed file: every problem becomes a `RowError` in the preview.
Nothing is written here; `assessments.services.assessment_lines_import` does that,
all or nothing.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from assessments.forms import BusinessFunctionForm, ITCostAreaForm, LineForm
from assessments.line_grid import RowValidator
from assessments.models import Assessment, BusinessFunction, ITCostArea
from assessments.selectors import BUSINESS_FUNCTION_FIELDS, IT_COST_AREA_FIELDS, PARAMETER_FIELDS
from outsourcing.spreadsheets import cell_neutralise, cell_restore, xlsx_cell
from providers.models import Capability, Tower

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
README_SHEET = "README"
LISTS_SHEET = "Lists"
# A compressed workbook may expand a lot; beyond this it is refused unread (zip bombs).
MAX_UNPACKED_RATIO = 50

SCORE_FIELDS = {
    "maturity",
    "standardisation",
    "criticality",
    "strategic_importance",
    "regulatory_sensitivity",
    "knowledge_intensity",
}
NUMBER_FORMATS = {
    "annual_cost": "#,##0.00",
    "ftes": "0.0",
    "available_from_month": "0",
    "annual_volume": "#,##0",
    "error_rate": "0.00",
}
COLUMN_WIDTHS = {"capability": 22, "annual_cost": 20, "notes": 40}
DECIMAL_FIELDS = {"annual_cost", "ftes", "error_rate"}


@dataclass(frozen=True)
class SheetSpec:
    key: str  # "it" or "bf": also the key in previews and session payloads
    title: str  # the sheet's name in the workbook; stable across languages
    model: type[ITCostArea] | type[BusinessFunction]
    form_class: type[LineForm]
    tower: str
    fields: tuple[str, ...]

    @property
    def label(self) -> str:
        return capfirst(str(self.model._meta.verbose_name_plural))


IT_SHEET = SheetSpec("it", "IT cost areas", ITCostArea, ITCostAreaForm, Tower.ITO, IT_COST_AREA_FIELDS)
BF_SHEET = SheetSpec("bf", "Business functions", BusinessFunction, BusinessFunctionForm, Tower.BPO,
                     BUSINESS_FUNCTION_FIELDS)  # fmt: skip
SHEETS = (IT_SHEET, BF_SHEET)
OPTIONAL_FIELDS = {"notes"}


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int | None
    column: str
    message: str


@dataclass
class SheetPreview:
    spec: SheetSpec
    lines: list[dict[str, Any]] = field(default_factory=list)

    @property
    def annual_cost(self) -> Decimal:
        return sum((line["annual_cost"] for line in self.lines), Decimal("0"))

    @property
    def ftes(self) -> Decimal:
        return sum((line["ftes"] for line in self.lines), Decimal("0"))


@dataclass
class ImportPreview:
    file_kind: str = ""
    sheets: dict[str, SheetPreview] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.sheets)

    def lines_for(self, key: str) -> list[dict[str, Any]] | None:
        sheet = self.sheets.get(key)
        return None if sheet is None else sheet.lines


# --- Headers --------------------------------------------------------------------------------------


def column_label(spec: SheetSpec, name: str, *, currency: str = "") -> str:
    model_field = spec.model._meta.get_field(name)
    label = str(model_field.verbose_name)
    label = label[:1].upper() + label[1:]
    if name == "capability":
        return _("%(label)s (code)") % {"label": label}
    if name in SCORE_FIELDS:
        return f"{label} (1-5)"
    if name == "annual_cost" and currency:
        return f"{label} ({currency})"
    return label


def _normalise_header(text: str) -> str:
    text = re.sub(r"\(.*?\)", "", str(text)).replace("_", " ")
    return " ".join(text.casefold().split())


def _header_aliases(spec: SheetSpec) -> dict[str, str]:
    """Every header text accepted for each field: its key, and its label in every language."""
    aliases = {}
    for name in spec.fields:
        aliases[_normalise_header(name)] = name
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                aliases[_normalise_header(column_label(spec, name))] = name
                aliases[_normalise_header(str(spec.model._meta.get_field(name).verbose_name))] = name
    return aliases


def _sheet_aliases(spec: SheetSpec) -> set[str]:
    names = {_normalise_header(spec.title)}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names.add(_normalise_header(spec.label))
    return names


# --- Out: XLSX and CSV ----------------------------------------------------------------------------

_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="0D6EFD")
_TITLE_FONT = Font(bold=True, size=14)
_BOLD = Font(bold=True)


def _cell_value(line: ITCostArea | BusinessFunction, name: str) -> Any:
    value = getattr(line, name)
    if name == "capability":
        return value.code
    if isinstance(value, Decimal):
        # Excel holds doubles; amounts up to 15 significant digits survive exactly.
        return float(value)
    return xlsx_cell(value)


def _write_readme(sheet: Any, *, assessment: Assessment, capabilities: Sequence[Capability], max_rows: int) -> None:
    sheet.title = README_SHEET
    sheet.column_dimensions["A"].width = 34
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 40
    sheet.append([_("Assessment workbook")])
    sheet["A1"].font = _TITLE_FONT
    rows: list[list[Any]] = [
        [_("Assessment"), assessment.title],
        [_("Organisation"), assessment.organisation.name],
        [_("Version"), assessment.version],
        [_("Status"), assessment.get_status_display()],
        [],
        [_("Parameters (edit them in the app, not here)")],
    ]
    for name in PARAMETER_FIELDS:
        if name == "title":
            continue
        model_field = Assessment._meta.get_field(name)
        value = getattr(assessment, name)
        if name == "currency":
            value = assessment.currency
        elif not isinstance(value, int | float | Decimal):
            value = str(value)
        elif isinstance(value, Decimal):
            value = float(value)
        rows.append([capfirst(str(model_field.verbose_name)), value, str(model_field.help_text or "")])
    rows += [
        [],
        [_("How to fill it in")],
        [
            "1",
            _("Fill the sheets “%(it)s” and “%(bf)s”: one line per row, the first row is the header.")
            % {"it": IT_SHEET.title, "bf": BF_SHEET.title},
        ],
        ["2", _("Choose capabilities from the drop-down list; their codes are listed below.")],
        ["3", _("Scores go from 1 to 5; the header of each score column explains them (hover over it).")],
        [
            "4",
            _(
                "Type amounts as numbers in %(currency)s. Formulas are not accepted: copy the cells and "
                "paste the values."
            )
            % {"currency": assessment.currency},
        ],
        ["5", _("At most %(rows)s rows in total.") % {"rows": max_rows}],
        [
            "6",
            _(
                "Upload the file on the assessment's import page: you will see a preview with any errors "
                "before anything changes. Confirming replaces the draft's lines of each sheet in the file."
            ),
        ],
        [],
        [_("Capability codes"), _("Name"), _("Tower")],
    ]
    for row in rows:
        sheet.append([xlsx_cell(value) for value in row])
    for capability in capabilities:
        # Names are typed by administrators: neutralised like every other text cell.
        sheet.append([xlsx_cell(value) for value in (capability.code, capability.name, capability.tower)])
    for row in sheet.iter_rows(min_row=2, max_col=1):
        for cell in row:
            if cell.value and isinstance(cell.value, str) and cell.row > 1:
                cell.alignment = Alignment(vertical="top")
    for row in sheet.iter_rows(min_col=2, max_col=3):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _write_lines_sheet(
    sheet: Any,
    *,
    spec: SheetSpec,
    lines: Sequence[ITCostArea | BusinessFunction],
    capability_range: str,
    currency: str,
    max_rows: int,
) -> None:
    sheet.title = spec.title
    sheet.append([column_label(spec, name, currency=currency) for name in spec.fields])
    for column, name in enumerate(spec.fields, start=1):
        cell = sheet.cell(row=1, column=column)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        help_text = str(spec.model._meta.get_field(name).help_text or "")
        if help_text:
            cell.comment = Comment(help_text, "Sourcing Navigator", width=300, height=90)
        sheet.column_dimensions[get_column_letter(column)].width = COLUMN_WIDTHS.get(name, 14)
    sheet.row_dimensions[1].height = 32
    sheet.freeze_panes = "B2"
    for line in lines:
        sheet.append([_cell_value(line, name) for name in spec.fields])
    last_row = max_rows + 1
    for column, name in enumerate(spec.fields, start=1):
        letter = get_column_letter(column)
        cell_range = f"{letter}2:{letter}{last_row}"
        number_format = NUMBER_FORMATS.get(name)
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=2, max_row=len(lines) + 1, min_col=column, max_col=column):
                cell.number_format = number_format
            sheet.column_dimensions[letter].number_format = number_format
        validation = _validation_for(name, capability_range=capability_range)
        if validation is not None:
            sheet.add_data_validation(validation)
            validation.add(cell_range)


def _validation_for(name: str, *, capability_range: str) -> DataValidation | None:
    if name == "capability":
        validation = DataValidation(type="list", formula1=capability_range, allow_blank=True)
        validation.error = _("Choose a capability code from the list.")
    elif name in SCORE_FIELDS:
        validation = DataValidation(type="list", formula1='"1,2,3,4,5"', allow_blank=True)
        validation.error = _("Choose a score from 1 to 5.")
    elif name == "available_from_month":
        validation = DataValidation(type="whole", operator="between", formula1="0", formula2="120", allow_blank=True)
        validation.error = _("Enter a whole number of months from 0 to 120.")
    elif name == "annual_volume":
        validation = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        validation.error = _("Enter a whole number of transactions, 0 or more.")
    elif name == "error_rate":
        validation = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True)
        validation.error = _("Enter a percentage from 0 to 100.")
    elif name in {"annual_cost", "ftes"}:
        validation = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
        validation.error = _("Enter a number, 0 or more.")
    else:
        return None
    validation.showErrorMessage = True
    validation.errorTitle = _("Not accepted")
    return validation


def workbook_build(
    *,
    assessment: Assessment,
    it_cost_areas: Sequence[ITCostArea],
    business_functions: Sequence[BusinessFunction],
    it_capabilities: Sequence[Capability],
    bpo_capabilities: Sequence[Capability],
) -> bytes:
    """The assessment as an XLSX workbook to fill offline and upload back."""
    max_rows = settings.IMPORT_MAX_ROWS
    workbook = Workbook()
    _write_readme(
        workbook.active, assessment=assessment, capabilities=[*it_capabilities, *bpo_capabilities], max_rows=max_rows
    )
    lists = workbook.create_sheet(LISTS_SHEET)
    lists.append(["ITO", "BPO"])
    for row in range(max(len(it_capabilities), len(bpo_capabilities))):
        lists.append(
            [
                it_capabilities[row].code if row < len(it_capabilities) else None,
                bpo_capabilities[row].code if row < len(bpo_capabilities) else None,
            ]
        )
    lists.sheet_state = "hidden"
    ranges = {
        IT_SHEET.key: f"{LISTS_SHEET}!$A$2:$A${len(it_capabilities) + 1}",
        BF_SHEET.key: f"{LISTS_SHEET}!$B$2:$B${len(bpo_capabilities) + 1}",
    }
    for spec, lines in ((IT_SHEET, it_cost_areas), (BF_SHEET, business_functions)):
        sheet = workbook.create_sheet(spec.title, index=workbook.sheetnames.index(LISTS_SHEET))
        _write_lines_sheet(
            sheet,
            spec=spec,
            lines=lines,
            capability_range=ranges[spec.key],
            currency=assessment.currency,
            max_rows=max_rows,
        )
    workbook.properties.creator = "Sourcing Navigator"
    workbook.properties.title = xlsx_cell(assessment.title)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_csv_build(*, spec: SheetSpec, lines: Sequence[ITCostArea | BusinessFunction], currency: str) -> str:
    """One sheet as CSV (comma separated, plain numbers such as 1234567.89)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column_label(spec, name, currency=currency) for name in spec.fields])
    for line in lines:
        writer.writerow([
            format(value, "f") if isinstance(value, Decimal) else cell_neutralise(value)
            for value in (getattr(line, name).code if name == "capability" else getattr(line, name)
                          for name in spec.fields)
        ])  # fmt: skip
    return buffer.getvalue()


# --- In: reading ----------------------------------------------------------------------------------


@dataclass
class _RawSheet:
    spec: SheetSpec
    header: list[Any]
    rows: list[tuple[int, list[Any]]]


class _FileRejected(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _is_formula(value: Any) -> bool:
    return isinstance(value, ArrayFormula | DataTableFormula) or (isinstance(value, str) and value.startswith("="))


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _count_rows(total: int) -> None:
    if total > settings.IMPORT_MAX_ROWS:
        raise _FileRejected(
            _("The file has more than %(limit)s rows of data; split it or remove empty formatted rows.")
            % {"limit": settings.IMPORT_MAX_ROWS}
        )


def _collect_rows(rows: Iterable[Sequence[Any]], *, already: int) -> tuple[list[Any], list[tuple[int, list[Any]]]]:
    """The header and the non-blank data rows with their spreadsheet row numbers."""
    iterator: Iterator[Sequence[Any]] = iter(rows)
    header: list[Any] = []
    number = 0
    for number, row in enumerate(iterator, start=1):  # noqa: B007 - number is read after the loop
        if any(not _is_blank(value) for value in row):
            header = list(row)
            break
    data = []
    for offset, row in enumerate(iterator, start=number + 1):
        values = list(row)
        if all(_is_blank(value) for value in values):
            continue
        data.append((offset, values))
        _count_rows(already + len(data))
    return header, data


def _read_xlsx(content: bytes) -> list[_RawSheet]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _FileRejected(_("The file is not a valid XLSX workbook (it may be damaged).")) from error
    if "xl/workbook.xml" not in names:
        raise _FileRejected(_("The file is a ZIP archive but not an Excel workbook (XLSX)."))
    if unpacked > settings.IMPORT_MAX_BYTES * MAX_UNPACKED_RATIO:
        raise _FileRejected(_("The workbook is too large once unpacked."))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds of errors on a damaged file
        raise _FileRejected(_("The workbook could not be read: it may be damaged or password-protected.")) from error
    try:
        by_name = {_normalise_header(name): name for name in workbook.sheetnames}
        found = []
        total = 0
        for spec in SHEETS:
            sheet_name = next((by_name[alias] for alias in _sheet_aliases(spec) if alias in by_name), None)
            if sheet_name is None:
                continue
            try:
                header, rows = _collect_rows(workbook[sheet_name].iter_rows(values_only=True), already=total)
            except _FileRejected:
                raise
            except Exception as error:  # a malformed sheet surfaces as any exception
                raise _FileRejected(
                    _("The sheet “%(sheet)s” could not be read: it may be damaged.") % {"sheet": sheet_name}
                ) from error
            total += len(rows)
            found.append(_RawSheet(spec, header, rows))
    finally:
        workbook.close()
    if not found:
        raise _FileRejected(
            _("The workbook has no sheet named “%(it)s” or “%(bf)s”. Start from the workbook downloaded here.")
            % {"it": IT_SHEET.title, "bf": BF_SHEET.title}
        )
    return found


def _decode_text(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError as error:
            raise _FileRejected(_("The file is not readable UTF-16 text.")) from error
    if b"\x00" in content:
        raise _FileRejected(_("The file is not a CSV text file."))
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _FileRejected(
            _(
                "The file is not UTF-8 text. In Excel, save it with “CSV UTF-8 (comma delimited)”, "
                "or upload the XLSX workbook."
            )
        ) from error


def _read_csv(content: bytes) -> list[_RawSheet]:
    text = _decode_text(content)
    if not text.strip():
        raise _FileRejected(_("The file is empty."))
    first_line = text.lstrip().splitlines()[0]
    # Excel in Indonesian or German settings writes ";" because "," is its decimal separator.
    delimiter = max((";", ",", "\t"), key=lambda candidate: (first_line.count(candidate), candidate == ","))
    try:
        header, rows = _collect_rows(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), already=0)
    except csv.Error as error:
        raise _FileRejected(_("The CSV file is malformed (%(reason)s).") % {"reason": str(error)}) from error
    matched = {spec.key: _header_match(spec, header) for spec in SHEETS}
    exact = [spec for spec in SHEETS if not matched[spec.key][1] and not matched[spec.key][2]]
    if len(exact) == 1:
        return [_RawSheet(exact[0], header, rows)]
    # Name the closest sheet's missing and unknown columns rather than a vague "wrong file".
    closest = max(SHEETS, key=lambda spec: len(matched[spec.key][0]))
    return [_RawSheet(closest, header, rows)]


def _header_match(spec: SheetSpec, header: Sequence[Any]) -> tuple[dict[int, str], list[str], list[tuple[int, str]]]:
    """(column index -> field, missing required fields, unknown non-blank headers)."""
    aliases = _header_aliases(spec)
    columns: dict[int, str] = {}
    unknown: list[tuple[int, str]] = []
    for index, value in enumerate(header):
        if _is_blank(value):
            continue
        name = aliases.get(_normalise_header(str(value)))
        if name is None or name in columns.values():
            unknown.append((index, str(value)))
        else:
            columns[index] = name
    missing = [name for name in spec.fields if name not in columns.values() and name not in OPTIONAL_FIELDS]
    return columns, missing, unknown


# --- In: validating -------------------------------------------------------------------------------


def _cell_problem(value: Any) -> str:
    """Why a cell cannot be read at all, or "" when the form may judge it."""
    if _is_formula(value):
        return _("Formulas are not accepted: paste the value instead.")
    if isinstance(value, datetime | date | time):
        return _("This is a date; a number or text was expected.")
    if isinstance(value, bool):
        return _("This is TRUE/FALSE; a number or text was expected.")
    return ""


def _cell_for_form(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value


def _validate_sheet(raw: _RawSheet, *, capabilities: Mapping[str, Capability], errors: list[RowError]) -> SheetPreview:
    spec = raw.spec
    preview = SheetPreview(spec)
    columns, missing, unknown = _header_match(spec, raw.header)
    header_row = 1
    for name in missing:
        errors.append(RowError(spec.title, header_row, column_label(spec, name),
                                   _("This column is missing from the header row.")))  # fmt: skip
    for index, text in unknown:
        errors.append(
            RowError(
                spec.title,
                header_row,
                f"{get_column_letter(index + 1)} · {text}",
                _("Unknown or repeated column. Expected: %(columns)s.")
                % {"columns": ", ".join(column_label(spec, name) for name in spec.fields)},
            )
        )
    if missing or unknown:
        return preview
    labels = {index: f"{get_column_letter(index + 1)} · {str(raw.header[index]).strip()}" for index in columns}
    by_field = {name: index for index, name in columns.items()}
    for row_number, values in raw.rows:
        row_errors: list[RowError] = []
        for index, value in enumerate(values):
            if index not in columns and not _is_blank(value):
                row_errors.append(RowError(spec.title, row_number, get_column_letter(index + 1),
                                           _("This cell has data but its column has no header.")))  # fmt: skip
        data: dict[str, Any] = {}
        refused: set[str] = set()
        for index, name in columns.items():
            value = values[index] if index < len(values) else None
            problem = _cell_problem(value)
            if problem:
                row_errors.append(RowError(spec.title, row_number, labels[index], problem))
                refused.add(name)
                continue
            if name == "notes" and value is not None and not isinstance(value, str):
                value = str(value)
            # Text this app exported behind a protective quote (see outsourcing.spreadsheets) comes back as typed.
            value = cell_restore(value)
            data[name] = None if value is None else _cell_for_form(value)
        # The form still checks the other cells, so one upload lists every problem of the row.
        form = spec.form_class(data=data, capabilities=capabilities)
        if not form.is_valid():
            for name, messages in form.errors.items():
                if name in refused:
                    continue
                column = labels.get(by_field.get(name, -1), _("row"))
                row_errors.extend(RowError(spec.title, row_number, column, message) for message in messages)
        if row_errors:
            errors.extend(sorted(row_errors, key=lambda error: error.column))
            continue
        preview.lines.append({name: form.cleaned_data.get(name) for name in spec.fields})
    return preview


def import_preview(
    *,
    name: str,
    content: bytes,
    it_capabilities: Mapping[str, Capability],
    bpo_capabilities: Mapping[str, Capability],
) -> ImportPreview:
    """Read and validate an upload; every problem is reported, nothing raises, nothing is saved."""
    preview = ImportPreview()
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    try:
        if not content:
            raise _FileRejected(_("The file is empty."))
        if len(content) > settings.IMPORT_MAX_BYTES:
            raise _FileRejected(_("The file is larger than the upload limit."))
        if content.startswith(b"\xd0\xcf\x11\xe0"):
            raise _FileRejected(
                _("This is an old Excel (.xls) or password-protected file. Save it as an .xlsx workbook.")
            )
        if content.startswith(b"PK\x03\x04"):
            preview.file_kind = "xlsx"
            raw_sheets = _read_xlsx(content)
        elif extension in {"xlsx", "xlsm"}:
            raise _FileRejected(_("The file is named .%(ext)s but is not an Excel workbook.") % {"ext": extension})
        elif extension in {"csv", "txt", ""}:
            preview.file_kind = "csv"
            raw_sheets = _read_csv(content)
        else:
            raise _FileRejected(_("Upload the .xlsx workbook or a .csv file."))
    except _FileRejected as rejected:
        preview.errors.append(RowError(name, None, "", rejected.message))
        return preview
    capabilities = {Tower.ITO: it_capabilities, Tower.BPO: bpo_capabilities}
    for raw in raw_sheets:
        preview.sheets[raw.spec.key] = _validate_sheet(
            raw, capabilities=capabilities[raw.spec.tower], errors=preview.errors
        )
    return preview


# --- Between preview and confirm ------------------------------------------------------------------


def _json_value(value: Any) -> Any:
    if isinstance(value, Capability):
        return value.code
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def preview_payload(preview: ImportPreview) -> dict[str, list[dict[str, Any]]]:
    """The validated lines as JSON for the session, to be validated again on confirm."""
    return {
        key: [{name: _json_value(value) for name, value in line.items()} for line in sheet.lines]
        for key, sheet in preview.sheets.items()
    }


def payload_validate(
    payload: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    it_capabilities: Mapping[str, Capability],
    bpo_capabilities: Mapping[str, Capability],
) -> ImportPreview:
    """The stored preview, validated again (the catalogue may have changed in between)."""
    preview = ImportPreview(file_kind="session")
    capabilities = {Tower.ITO: it_capabilities, Tower.BPO: bpo_capabilities}
    for spec in SHEETS:
        if spec.key not in payload:
            continue
        sheet = SheetPreview(spec)
        # One form bound row after row (line_grid.RowValidator): a form built per row costs seconds at 5,000.
        validator = RowValidator(form_class=spec.form_class, capabilities=capabilities[spec.tower])
        for number, stored in enumerate(payload[spec.key], start=2):
            data = {
                name: Decimal(value) if name in DECIMAL_FIELDS and value is not None else value
                for name, value in stored.items()
                if name in spec.fields
            }
            form = validator.bind(data)
            if not form.is_valid():
                for name, messages in form.errors.items():
                    preview.errors.extend(RowError(spec.title, number, name, message) for message in messages)
                continue
            sheet.lines.append({name: form.cleaned_data.get(name) for name in spec.fields})
        preview.sheets[spec.key] = sheet
    return preview
