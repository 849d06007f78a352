"""The assessment workbook out: an XLSX workbook to fill offline, and each sheet as CSV.

The workbook has a README sheet (parameters, instructions, capability codes), one sheet
per kind of line with a header row, drop-down lists and number formats, and a hidden
"Lists" sheet the capability drop-downs read from.
"""

import csv
import io
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, cast

from django.conf import settings
from django.db.models import Field
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from assessments.capture.selectors import PARAMETER_FIELDS
from assessments.capture.workbook.sheets import (
    BF_SHEET,
    COLUMN_WIDTHS,
    IT_SHEET,
    LISTS_SHEET,
    NUMBER_FORMATS,
    README_SHEET,
    SCORE_FIELDS,
    SheetSpec,
    column_label,
)
from assessments.models import Assessment, BusinessFunction, ITCostArea
from outsourcing.spreadsheets import csv_cell, xlsx_cell
from providers.models import Capability
from providers.units import capability_unit

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
    sheet.column_dimensions["D"].width = 40
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
        [_("Capability codes"), _("Name"), _("Kind"), _("Unit of measure of the volume")],
    ]
    for row in rows:
        sheet.append([xlsx_cell(value) for value in row])
    for capability in capabilities:
        # Names are typed by administrators: neutralised like every other text cell.
        cells = (capability.code, capability.name, capability.kind, capability_unit(capability))
        sheet.append([xlsx_cell(value) for value in cells])
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
    elif name == "regulatory_condition_accepted":
        validation = DataValidation(type="list", formula1='"TRUE,FALSE"', allow_blank=True)
        validation.error = _("Enter TRUE when the regulator's condition will be met, else FALSE or leave it empty.")
    elif name in {"annual_cost", "ftes", "cycle_time_days", "retained_ftes", "termination_fee", "stranded_book_value"}:
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
