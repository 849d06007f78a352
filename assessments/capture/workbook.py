"""The assessment workbook: XLSX (and CSV) out, validated lines back in.

Out: a README sheet (parameters, instructions, capability codes), one sheet per kind
of line with a header row, drop-down lists and number formats, and a hidden
"Lists" sheet the capability drop-downs read from.

In: `import_preview` reads an uploaded XLSX or CSV file (checked by content, not by
its name), validates every row with the same forms the browser uses, and returns
row-level errors (sheet, row, column, reason) or the validated lines. It never
raises on a malformed file: every problem becomes a `RowError` in the preview.
Nothing is written here; `assessments.capture.services.assessment_lines_import` does that,
all or nothing.
"""

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from django.conf import settings
from django.db.models import Field
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from assessments.capture.forms import BusinessFunctionForm, ITCostAreaForm, LineForm
from assessments.capture.line_grid import RowValidator
from assessments.capture.selectors import BUSINESS_FUNCTION_FIELDS, IT_COST_AREA_FIELDS, PARAMETER_FIELDS
from assessments.models import Assessment, BusinessFunction, ITCostArea
from outsourcing.spreadsheets import csv_cell, xlsx_cell
from outsourcing.uploads import (
    Budgets,
    Deadline,
    ErrorCollector,
    ErrorsExhausted,
    NumberColumn,
    RowError,
    Table,
    UploadRefused,
    column_letter,
    form_rows_validate,
    upload_sniff,
    upload_tables,
)
from outsourcing.uploads.cells import is_blank
from outsourcing.uploads.rows import column_label as table_column_label
from outsourcing.uploads.text import rows_too_many
from providers.models import Capability, Kind

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
README_SHEET = "README"
LISTS_SHEET = "Lists"

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
    "error_rate_percent": "0.00",
    "volume": "#,##0.##",
    "cycle_time_days": "0.0",
    "retained_ftes": "0.0",
}
COLUMN_WIDTHS = {"capability": 22, "annual_cost": 20, "notes": 40}
DECIMAL_FIELDS = {"annual_cost", "ftes", "error_rate_percent", "volume", "cycle_time_days", "retained_ftes"}


@dataclass(frozen=True)
class SheetSpec:
    key: str  # "it" or "bf": also the key in previews and session payloads
    title: str  # the sheet's name in the workbook; stable across languages
    model: type[ITCostArea] | type[BusinessFunction]
    form_class: type[LineForm]
    kind: Kind
    fields: tuple[str, ...]

    @property
    def label(self) -> str:
        return capfirst(str(self.model._meta.verbose_name_plural))


IT_SHEET = SheetSpec("it", "IT cost areas", ITCostArea, ITCostAreaForm, Kind.ITO, IT_COST_AREA_FIELDS)
BF_SHEET = SheetSpec("bf", "Business functions", BusinessFunction, BusinessFunctionForm, Kind.BPO,
                     BUSINESS_FUNCTION_FIELDS)  # fmt: skip
SHEETS = (IT_SHEET, BF_SHEET)
# Columns a workbook may leave out (older templates import as before; the values stay empty).
OPTIONAL_FIELDS = {"notes", "volume", "cycle_time_days", "retained_ftes"}


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
    model_field = cast(Field, spec.model._meta.get_field(name))  # sheet columns are fields, not relations
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
                aliases[_normalise_header(str(cast(Field, spec.model._meta.get_field(name)).verbose_name))] = name
    return aliases


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
        # Excel holds doubles: up to 15 significant digits survive exactly as a number. A longer
        # amount (none fits the fields today, see migration 0004) would be written as text, every digit kept.
        if len(value.normalize().as_tuple().digits) > 15:
            return format(value, "f")
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
        model_field = cast(Field, Assessment._meta.get_field(name))  # parameters are fields, not relations
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
        [_("Capability codes"), _("Name"), _("Kind")],
    ]
    for row in rows:
        sheet.append([xlsx_cell(value) for value in row])
    for capability in capabilities:
        # Names are typed by administrators: neutralised like every other text cell.
        sheet.append([xlsx_cell(value) for value in (capability.code, capability.name, capability.kind)])
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
        help_text = str(cast(Field, spec.model._meta.get_field(name)).help_text or "")
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
    elif name == "error_rate_percent":
        validation = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True)
        validation.error = _("Enter a percentage from 0 to 100.")
    elif name == "volume":
        validation = DataValidation(type="decimal", operator="greaterThan", formula1="0", allow_blank=True)
        validation.error = _("Enter the volume in the capability's unit of measure, more than 0, or leave it empty.")
    elif name in {"annual_cost", "ftes", "cycle_time_days", "retained_ftes"}:
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
    """One sheet as CSV (comma separated, plain numbers such as 1234567.89, every text cell quoted and
    neutralised for any separator: see `outsourcing.spreadsheets.csv_cell`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow([csv_cell(column_label(spec, name, currency=currency)) for name in spec.fields])
    for line in lines:
        writer.writerow([
            Decimal(format(value, "f")) if isinstance(value, Decimal) else csv_cell(value)
            for value in (getattr(line, name).code if name == "capability" else getattr(line, name)
                          for name in spec.fields)
        ])  # fmt: skip
    return buffer.getvalue()


# --- In: reading ----------------------------------------------------------------------------------
# The bytes are read by the shared upload reader (`outsourcing.uploads`: type by content, encoding,
# delimiter and `sep=` line, streamed XLSX under budgets, exact sheet names); this module maps the
# tables to the line forms.

# How the number columns are read (decimal convention, currency marker, per cent).
NUMBER_COLUMNS = {
    "annual_cost": NumberColumn(money=True),
    "ftes": NumberColumn(),
    "error_rate_percent": NumberColumn(percent=True),
    "volume": NumberColumn(),
    "cycle_time_days": NumberColumn(),
    "retained_ftes": NumberColumn(),
    "annual_volume": NumberColumn(whole=True),
    "available_from_month": NumberColumn(whole=True),
}
_HEADER_CURRENCY = re.compile(r"\(\s*([A-Za-z]{3})\s*\)")


def _sheet_names(spec: SheetSpec) -> set[str]:
    """The exact names a sheet may have: its title and its label in every language."""
    names = {spec.title}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names.add(spec.label)
    return names


def _read_xlsx(content: bytes, *, name: str, budgets: Budgets, deadline: Deadline) -> list[tuple[SheetSpec, Table]]:
    _kind, tables = upload_tables(
        content=content,
        name=name,
        sheets={spec.key: _sheet_names(spec) for spec in SHEETS},
        budgets=budgets,
        deadline=deadline,
    )
    if not tables:
        raise UploadRefused(
            _(
                "The workbook has no sheet named “%(it)s” or “%(bf)s” (hidden sheets are not read). Start from "
                "the workbook downloaded here."
            )
            % {"it": IT_SHEET.title, "bf": BF_SHEET.title}
        )
    return [(spec, tables[spec.key]) for spec in SHEETS if spec.key in tables]


def _read_csv(content: bytes, *, name: str, budgets: Budgets, deadline: Deadline) -> list[tuple[SheetSpec, Table]]:
    _kind, tables = upload_tables(content=content, name=name, budgets=budgets, deadline=deadline)
    table = tables[""]
    matched = {spec.key: _header_match(spec, table.header) for spec in SHEETS}
    exact = [spec for spec in SHEETS if not matched[spec.key][1] and not matched[spec.key][2]]
    if len(exact) == 1:
        return [(exact[0], table)]
    # Name the closest sheet's missing and unknown columns rather than a vague "wrong file".
    closest = max(SHEETS, key=lambda spec: len(matched[spec.key][0]))
    return [(closest, table)]


def _header_match(spec: SheetSpec, header: Sequence[Any]) -> tuple[dict[int, str], list[str], list[tuple[int, str]]]:
    """(column index -> field, missing required fields, unknown non-blank headers)."""
    aliases = _header_aliases(spec)
    columns: dict[int, str] = {}
    unknown: list[tuple[int, str]] = []
    for index, value in enumerate(header):
        if is_blank(value):
            continue
        name = aliases.get(_normalise_header(str(value)))
        if name is None or name in columns.values():
            unknown.append((index, str(value)))
        else:
            columns[index] = name
    missing = [name for name in spec.fields if name not in columns.values() and name not in OPTIONAL_FIELDS]
    return columns, missing, unknown


# --- In: validating -------------------------------------------------------------------------------


def _header_errors(spec: SheetSpec, table: Table, currency: str | None) -> tuple[dict[int, str], list[RowError]]:
    columns, missing, unknown = _header_match(spec, table.header)
    row = table.header_row
    errors = [
        RowError(row, column_label(spec, name), _("This column is missing from the header row."), spec.title)
        for name in missing
    ]
    errors += [
        RowError(
            row,
            f"{column_letter(index + 1)} · {text}",
            _("Unknown or repeated column. Expected: %(columns)s.")
            % {"columns": ", ".join(column_label(spec, name) for name in spec.fields)},
            spec.title,
        )
        for index, text in unknown
    ]
    for index, name in columns.items():
        stated = _HEADER_CURRENCY.search(str(table.header[index]))
        if name == "annual_cost" and currency and stated and stated.group(1).upper() != currency.upper():
            errors.append(
                RowError(
                    row,
                    table_column_label(table, index),
                    _("This column is in %(stated)s, but this assessment's amounts are in %(currency)s.")
                    % {"stated": stated.group(1).upper(), "currency": currency.upper()},
                    spec.title,
                )
            )
    return columns, errors


def _validate_sheet(
    spec: SheetSpec,
    table: Table,
    *,
    capabilities: Mapping[str, Capability],
    currency: str | None,
    errors: ErrorCollector,
    deadline: Deadline,
) -> SheetPreview:
    preview = SheetPreview(spec)
    columns, header_errors = _header_errors(spec, table, currency)
    errors.extend(header_errors)
    if header_errors:
        return preview
    table.name = spec.title
    cleaned = form_rows_validate(
        table=table,
        columns=columns,
        form_for=lambda data: spec.form_class(data=data, capabilities=capabilities),
        numbers={name: how for name, how in NUMBER_COLUMNS.items() if name in spec.fields},
        currency=currency,
        errors=errors,
        text_fields=frozenset({"notes"}),
        deadline=deadline,
    )
    preview.lines.extend({name: data.get(name) for name in spec.fields} for data in cleaned)
    return preview


def import_preview(
    *,
    name: str,
    content: bytes,
    it_capabilities: Mapping[str, Capability],
    bpo_capabilities: Mapping[str, Capability],
    currency: str | None = None,
) -> ImportPreview:
    """Read and validate an upload; every problem is reported, nothing raises, nothing is saved.

    `currency` is the assessment's ISO code: an amount marked with another currency
    (`€ 1.127,54` in an IDR assessment) is refused at its row and column. The reading
    runs under the upload budgets (`outsourcing.uploads.budgets`); checking stops
    after `UPLOAD_MAX_ERRORS` problems and says so.
    """
    preview = ImportPreview()
    budgets = Budgets.from_settings()
    deadline = Deadline(budgets.max_seconds)
    try:
        kind = upload_sniff(content=content, name=name, budgets=budgets)
        preview.file_kind = kind
        reader = _read_xlsx if kind == "xlsx" else _read_csv
        tables = reader(content, name=name, budgets=budgets, deadline=deadline)
        if sum(len(table.rows) for _spec, table in tables) > budgets.max_rows:
            raise rows_too_many(budgets)
    except UploadRefused as refused:
        preview.errors.append(RowError(None, "", refused.message, name))
        return preview
    capabilities = {Kind.ITO: it_capabilities, Kind.BPO: bpo_capabilities}
    errors = ErrorCollector(budgets.max_errors)
    try:
        for spec, table in tables:
            deadline.check()
            preview.sheets[spec.key] = _validate_sheet(
                spec, table, capabilities=capabilities[spec.kind], currency=currency, errors=errors, deadline=deadline
            )
    except ErrorsExhausted:
        pass
    except UploadRefused as refused:
        errors.errors.append(RowError(None, "", refused.message, name))
    preview.errors.extend(errors.finish())
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
    capabilities = {Kind.ITO: it_capabilities, Kind.BPO: bpo_capabilities}
    for spec in SHEETS:
        if spec.key not in payload:
            continue
        sheet = SheetPreview(spec)
        # One form bound row after row (line_grid.RowValidator): a form built per row costs seconds at 5,000.
        validator = RowValidator(form_class=spec.form_class, capabilities=capabilities[spec.kind])
        for number, stored in enumerate(payload[spec.key], start=2):
            data = {
                name: Decimal(value) if name in DECIMAL_FIELDS and value is not None else value
                for name, value in stored.items()
                if name in spec.fields
            }
            form = validator.bind(data)
            if not form.is_valid():
                for name, messages in form.errors.items():
                    preview.errors.extend(RowError(number, name, str(message), spec.title) for message in messages)
                continue
            sheet.lines.append({name: form.cleaned_data.get(name) for name in spec.fields})
        preview.sheets[spec.key] = sheet
    return preview
