"""The one row validator: upload cells → the same Django forms the browser pages use.

Each cell is first read for what its column wants (numbers by `numbers`, text as
typed, formulas, dates and errors refused), then the row's form cleans and checks it,
so an upload, a grid save and a form post accept exactly the same values. Every
problem is a `RowError` at its row and column; checking stops at the error budget.
"""

from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext as _

from outsourcing.spreadsheets import cell_restore, csv_cell_restore
from outsourcing.uploads.budgets import Deadline
from outsourcing.uploads.cells import ErrorValue, ExcelDate, Formula, Percent, Table, column_letter, is_blank
from outsourcing.uploads.errors import ErrorCollector, RowError
from outsourcing.uploads.numbers import NumberColumn, NumberProblem, cell_number_read, conventions_decide


class FormRowValidator:
    """One form, bound to row after row: the form's own validation without building a form per row.

    Building a Django form deep-copies its fields, about two thirds of the cost of
    validating a row (5,000 lines took 2.8 s that way). Here the form is built once
    (`form_class(data={}, **form_kwargs)`), and `bind(data)` gives it fresh data, fresh
    errors and fresh cleaned data (and, for a model form, the one model instance the
    form fills field by field before the model validates it), so `is_valid()`, `errors`
    and `cleaned_data` are what a new form would give. The returned form is the same
    object every time: read what a row needs before binding the next one (`cleaned_data`
    is a new dict per row and may be kept).
    """

    def __init__(self, form_class: type[forms.BaseForm], **form_kwargs: Any) -> None:
        self.form = form_class(data={}, **form_kwargs)
        meta = getattr(form_class, "_meta", None)
        model = getattr(meta, "model", None)
        self.instance = model() if model is not None else None

    def bind(self, data: Mapping[str, Any]) -> forms.BaseForm:
        form = self.form
        form.data = data
        if self.instance is not None:
            # The form sets each field that passed its own checks on the instance before the model
            # validates it, and leaves the failed ones out of the model's validation.
            form.instance = self.instance  # type: ignore[attr-defined]  # a model form (it has _meta.model)
        form._errors = None  # type: ignore[attr-defined]  # Django's private form API: "not validated yet"
        form.cleaned_data = {}
        # The bound fields are kept: they read the form's data when asked and hold no row's value.
        return form


def text_cell_problem(value: object) -> str:
    """Why a cell cannot be read as text at all, or "" when the field may judge it."""
    if isinstance(value, Formula):
        return _("Formulas are not accepted: paste the value instead.")
    if isinstance(value, ExcelDate):
        return _("This is a date; a number or text was expected.")
    if isinstance(value, bool):
        return _("This is TRUE/FALSE; a number or text was expected.")
    if isinstance(value, ErrorValue):
        return _("This cell holds the error %(code)s; a value was expected.") % {"code": value.code}
    return ""


def _text_value(value: object, *, kind: str) -> object:
    if isinstance(value, Percent):
        return str(value)
    if isinstance(value, str):
        # Text this app exported behind a protective quote (see outsourcing.spreadsheets) comes back as typed.
        restore = csv_cell_restore if kind == "csv" else cell_restore
        return restore(value.strip())
    return value


def column_label(table: Table, index: int) -> str:
    """`B · Annual cost (IDR)`: the column's letter and its header text, as a user finds it."""
    header = table.header[index] if index < len(table.header) else None
    text = "" if is_blank(header) else str(header).strip()
    return f"{column_letter(index + 1)} · {text}" if text else column_letter(index + 1)


def table_conventions(table: Table, columns: Mapping[int, str], numbers: Mapping[str, NumberColumn]) -> dict[str, Any]:
    """The decimal convention of every number column of the table (see `numbers.conventions_decide`)."""
    indexes = {name: index for index, name in columns.items() if name in numbers}
    return conventions_decide(
        {
            name: [values[index] for _number, values in table.rows if index < len(values)]
            for name, index in indexes.items()
        }
    )


def form_rows_validate(
    *,
    table: Table,
    columns: Mapping[int, str],
    form_for: Callable[[dict[str, Any]], forms.BaseForm],
    numbers: Mapping[str, NumberColumn],
    currency: str | None,
    errors: ErrorCollector,
    text_fields: frozenset[str] = frozenset(),
    deadline: Deadline | None = None,
    boolean_fields: frozenset[str] = frozenset(),
) -> list[dict[str, Any]]:
    """The cleaned data of every valid row; each problem goes to `errors` (which may stop the check).

    `columns` maps a column index to its form field; `numbers` says how number fields
    are read; `text_fields` are fields whose numbers are taken as text (notes);
    `boolean_fields` take a TRUE/FALSE cell as it is (their form field judges it).
    Raises `ErrorsExhausted` (from the collector) when the error budget is used, and
    `UploadRefused` when the `deadline` has passed.
    """
    conventions = table_conventions(table, columns, numbers)
    labels = {index: column_label(table, index) for index in columns}
    by_field = {name: index for index, name in columns.items()}
    valid = []
    for count, (row_number, values) in enumerate(table.rows, start=1):
        if deadline is not None and count % 500 == 0:
            deadline.check()
        row_errors: list[RowError] = []
        for index, value in enumerate(values):
            if index not in columns and not is_blank(value):
                message = _("This cell has data but its column has no header.")
                row_errors.append(RowError(row_number, column_letter(index + 1), message, table.name))
        data: dict[str, Any] = {}
        refused: set[str] = set()
        for index, name in columns.items():
            value = values[index] if index < len(values) else None
            try:
                if name in numbers:
                    data[name] = cell_number_read(
                        value, column=numbers[name], convention=conventions.get(name), currency=currency
                    )
                    continue
                problem = "" if name in boolean_fields and isinstance(value, bool) else text_cell_problem(value)
                if problem:
                    raise NumberProblem(problem)
            except NumberProblem as problem:
                row_errors.append(RowError(row_number, labels[index], problem.message, table.name))
                refused.add(name)
                continue
            if name in text_fields and value is not None and not isinstance(value, str):
                value = str(value)
            data[name] = None if value is None else _text_value(value, kind=table.kind)
        form = form_for(data)
        if not form.is_valid():
            for name, messages in form.errors.items():
                if name in refused:
                    continue
                column = labels.get(by_field.get(name, -1), _("row"))
                row_errors.extend(RowError(row_number, column, str(message), table.name) for message in messages)
        if row_errors:
            errors.extend(sorted(row_errors, key=lambda error: error.column or ""))
            continue
        valid.append(form.cleaned_data)
    return valid
