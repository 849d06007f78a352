"""Import of monthly actuals from CSV or XLSX: preview, then confirm; all rows or none.

The bytes are read by the shared upload reader (`outsourcing.uploads`: type by content, encoding,
delimiter and `sep=` line, streamed XLSX, every budget of `Budgets`); each row is checked by a form and
then by the same model checks as the month grid (`services.actuals_check`), and every problem is a
`RowError` at its row and column. `actuals_preview` writes nothing; its JSON `payload` is kept in the
session and `actuals_confirm` checks it again and records it through `services.actuals_record`.

Columns (header names, any order, case-insensitive, spaces or underscores): `engagement` (the
engagement's name as shown on the programme page, or its item id), `month` (YYYY-MM, or a date cell),
then any of services.ACTUAL_FIELDS (`realised_savings`, `realised_benefit`, `one_off_cost`,
`cost_per_transaction`, `error_rate_percent` (per cent: 2.4 means 2.4 %), `cycle_time_days`,
`ftes_released`). Amounts in the organisation's currency. A blank cell leaves the recorded figure as it is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from assessments.models import Engagement, MonthlyActual, Programme
from assessments.programmes import services
from outsourcing.uploads import (
    Budgets,
    Deadline,
    ErrorCollector,
    ErrorsExhausted,
    ExcelDate,
    NumberColumn,
    RowError,
    Table,
    UploadRefused,
    column_letter,
    form_rows_validate,
    upload_tables,
)
from outsourcing.uploads.cells import is_blank
from outsourcing.uploads.rows import column_label
from outsourcing.uploads.text import rows_too_many

REQUIRED = ("engagement", "month")
NUMBER_COLUMNS = {
    "realised_savings": NumberColumn(money=True),
    "realised_benefit": NumberColumn(money=True),
    "one_off_cost": NumberColumn(money=True),
    "cost_per_transaction": NumberColumn(money=True),
    "error_rate_percent": NumberColumn(percent=True),
    "cycle_time_days": NumberColumn(),
    "ftes_released": NumberColumn(),
}
_EXCEL_EPOCH = dt.date(1899, 12, 30)


class ImportRefused(Exception):
    """The file was refused; `problems` lists what and where ("Row N, column: message")."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class ActualsPreview:
    """What an upload would record. `rows`: JSON-safe dicts {"row": file row, "engagement": pk,
    "month": "YYYY-MM-01", figure: decimal text}; `labels`: engagement pk -> its name; `errors`: every
    problem found (nothing may be confirmed while there is one)."""

    file_kind: str = ""
    rows: list[dict[str, Any]] = field(default_factory=list)
    labels: dict[int, str] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def problems(self) -> list[str]:
        return [problem_text(error) for error in self.errors]


def problem_text(error: RowError) -> str:
    """The error as one line: "Row 3, B · month: message", or the message alone for the whole file."""
    if error.row is None:
        return error.message
    if error.column:
        return _("Row %(row)d, %(column)s: %(message)s") % {
            "row": error.row,
            "column": error.column,
            "message": error.message,
        }
    return _("Row %(row)d: %(message)s") % {"row": error.row, "message": error.message}


def _header_key(value: object) -> str:
    return "_".join(str(value).strip().lower().replace("_", " ").split())


def month_read(value: Any) -> dt.date:
    """The first day of the month a cell names (YYYY-MM, YYYY-MM-DD, MM/YYYY or a date); ValueError otherwise."""
    if isinstance(value, dt.datetime | dt.date):
        return dt.date(value.year, value.month, 1)
    text = str(value or "").strip()
    for pattern in ("%Y-%m", "%Y-%m-%d", "%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date().replace(day=1)
        except ValueError:
            continue
    raise ValueError(_("Give the month as YYYY-MM (found “%(text)s”).") % {"text": text})


class _RowForm(forms.Form):
    """One row of the file: which engagement, which month, and its figures (model limits apply)."""

    engagement = forms.CharField()
    month = forms.CharField()

    def __init__(self, *args: Any, engagements: dict[str, Engagement], seen: dict, row: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.engagements, self.seen, self.row = engagements, seen, row
        for name in services.ACTUAL_FIELDS:
            self.fields[name] = MonthlyActual._meta.get_field(name).formfield(required=False)

    def clean_engagement(self) -> Engagement:
        engagement = self.engagements.get(self.cleaned_data["engagement"].strip().lower())
        if engagement is None:
            raise forms.ValidationError(_("No such engagement in this programme."))
        return engagement

    def clean_month(self) -> dt.date:
        try:
            return month_read(self.cleaned_data["month"])
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        engagement, month = cleaned.get("engagement"), cleaned.get("month")
        if engagement is not None and month is not None:
            first = self.seen.setdefault((engagement.pk, month), self.row)
            if first != self.row:
                self.add_error("month", _("This engagement and month are already in row %(row)d.") % {"row": first})
        cleaned["row"] = self.row
        return cleaned


def _month_cells_as_text(table: Table, index: int) -> None:
    """Date-formatted month cells read as the month they show (the shared reader keeps them as ExcelDate)."""
    for _number, values in table.rows:
        if index < len(values) and isinstance(values[index], ExcelDate):
            day = _EXCEL_EPOCH + dt.timedelta(days=int(values[index].serial))
            values[index] = day.strftime("%Y-%m")


def _columns(table: Table) -> tuple[dict[int, str], list[RowError]]:
    known = set(REQUIRED) | set(services.ACTUAL_FIELDS)
    columns: dict[int, str] = {}
    errors = []
    for index, value in enumerate(table.header):
        if is_blank(value):
            continue
        key = _header_key(value)
        if key not in known or key in columns.values():
            errors.append(
                RowError(
                    table.header_row,
                    f"{column_letter(index + 1)} · {str(value).strip()}",
                    _("Unknown or repeated column. Expected: %(columns)s.")
                    % {"columns": ", ".join((*REQUIRED, *services.ACTUAL_FIELDS))},
                    table.name,
                )
            )
        else:
            columns[index] = key
    errors += [
        RowError(table.header_row, name, _("This column is missing from the header row."), table.name)
        for name in REQUIRED
        if name not in columns.values()
    ]
    return columns, errors


def actuals_preview(*, programme: Programme, name: str, content: bytes, currency: str | None = None) -> ActualsPreview:
    """Read and check an upload of actuals under the upload budgets; writes nothing, raises nothing.

    `currency` is the organisation's ISO code: an amount marked with another currency is refused at its
    row and column. Checking stops after `UPLOAD_MAX_ERRORS` problems and says so."""
    preview = ActualsPreview()
    budgets = Budgets.from_settings()
    deadline = Deadline(budgets.max_seconds)
    try:
        preview.file_kind, tables = upload_tables(content=content, name=name, budgets=budgets, deadline=deadline)
        table = tables[""]
        if len(table.rows) > budgets.max_rows:
            raise rows_too_many(budgets)
    except UploadRefused as refused:
        preview.errors.append(RowError(None, None, refused.message, name))
        return preview
    columns, header_errors = _columns(table)
    if header_errors:
        preview.errors.extend(header_errors)
        return preview
    if not table.rows:
        preview.errors.append(RowError(None, None, _("The file has a header but no rows."), name))
        return preview
    by_field = {key: index for index, key in columns.items()}
    _month_cells_as_text(table, by_field["month"])
    engagements: dict[str, Engagement] = {}
    for engagement in programme.engagements.all():
        engagements[engagement.label.strip().lower()] = engagement
        engagements[engagement.item_id.strip().lower()] = engagement
        preview.labels[engagement.pk] = engagement.label
    row_numbers = iter([number for number, _values in table.rows])
    seen: dict[tuple[int, dt.date], int] = {}
    errors = ErrorCollector(budgets.max_errors)
    try:
        cleaned = form_rows_validate(
            table=table,
            columns=columns,
            form_for=lambda data: _RowForm(data=data, engagements=engagements, seen=seen, row=next(row_numbers)),
            numbers={key: how for key, how in NUMBER_COLUMNS.items() if key in by_field},
            currency=currency,
            errors=errors,
            deadline=deadline,
        )
    except ErrorsExhausted:
        cleaned = []
    except UploadRefused as refused:
        errors.errors.append(RowError(None, None, refused.message, name))
        cleaned = []
    preview.errors.extend(errors.finish())
    if preview.errors:
        return preview
    present = [key for key in services.ACTUAL_FIELDS if key in by_field]
    rows = [
        (data["engagement"], data["month"], {key: data[key] for key in present if data.get(key) is not None})
        for data in cleaned
    ]
    _checked, model_errors = services.actuals_check(programme=programme, rows=rows)
    for position, fields in sorted(model_errors.items()):
        number = cleaned[position - 1]["row"]
        for key, messages in fields.items():
            column = column_label(table, by_field[key]) if key in by_field else None
            preview.errors.extend(RowError(number, column, str(message), table.name) for message in messages)
    if preview.errors:
        return preview
    preview.rows = [
        {"row": data["row"], "engagement": engagement.pk, "month": month.isoformat()}
        | {key: format(value, "f") for key, value in values.items()}
        for data, (engagement, month, values) in zip(cleaned, rows, strict=True)
    ]
    return preview


def actuals_confirm(*, programme: Programme, payload: list[dict[str, Any]]) -> list[MonthlyActual]:
    """Record a stored preview's rows through services.actuals_record, all or nothing.

    Raises ImportRefused when an engagement has left the programme or a row no longer fits."""
    engagements = {engagement.pk: engagement for engagement in programme.engagements.all()}
    rows = []
    problems = []
    for stored in payload:
        engagement = engagements.get(stored.get("engagement"))
        if engagement is None:
            problems.append(_("Row %(row)d: this engagement is no longer in the programme.") % {"row": stored["row"]})
            continue
        values = {key: Decimal(stored[key]) for key in services.ACTUAL_FIELDS if key in stored}
        rows.append((engagement, dt.date.fromisoformat(stored["month"]), values))
    if problems:
        raise ImportRefused(problems)
    try:
        return services.actuals_record(programme=programme, rows=rows)
    except services.ActualsInvalid as invalid:
        raise ImportRefused(
            [
                _("Row %(row)d, %(column)s: %(message)s")
                % {"row": payload[index - 1]["row"], "column": column, "message": message}
                for index, fields in sorted(invalid.rows.items())
                for column, messages in fields.items()
                for message in messages
            ]
        ) from None


def actuals_import(*, programme: Programme, upload: UploadedFile, currency: str | None = None) -> list[MonthlyActual]:
    """Preview and confirm in one step (for callers without a session, such as scripts and tests).

    Raises ImportRefused listing each problem as "Row N, column: message"."""
    content = upload.read(Budgets.from_settings().max_bytes + 1)
    preview = actuals_preview(programme=programme, name=upload.name or "", content=content, currency=currency)
    if not preview.is_valid:
        raise ImportRefused(preview.problems)
    return actuals_confirm(programme=programme, payload=preview.rows)
