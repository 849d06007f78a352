"""The assessment workbook in: an upload's tables mapped to the line forms, row by row.

The bytes are read by the shared upload reader (`outsourcing.uploads`: type by content,
encoding, delimiter and `sep=` line, streamed XLSX under budgets, exact sheet names); this
module finds each sheet, matches its header to the line fields and validates its rows with
the shared row validator, so a cell's problem is reported at its row and column.
"""

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from assessments.capture.workbook.sheets import (
    BF_SHEET,
    IT_SHEET,
    MONEY_FIELDS,
    OPTIONAL_FIELDS,
    SHEETS,
    SheetSpec,
    column_label,
    header_aliases,
    normalise_header,
)
from outsourcing.uploads import (
    Budgets,
    Deadline,
    ErrorCollector,
    NumberColumn,
    RowError,
    Table,
    UploadRefused,
    column_letter,
    form_rows_validate,
    upload_tables,
)
from outsourcing.uploads.cells import is_blank
from outsourcing.uploads.rows import FormRowValidator
from outsourcing.uploads.rows import column_label as table_column_label
from providers.models import Capability

# How the number columns are read (decimal convention, currency marker, per cent).
NUMBER_COLUMNS = {
    "annual_cost": NumberColumn(money=True),
    "ftes": NumberColumn(),
    "error_rate_percent": NumberColumn(percent=True),
    "volume": NumberColumn(),
    "cycle_time_days": NumberColumn(),
    "retained_ftes": NumberColumn(),
    "termination_fee": NumberColumn(money=True),
    "stranded_book_value": NumberColumn(money=True),
    "annual_volume": NumberColumn(whole=True),
    "available_from_month": NumberColumn(whole=True),
}
_HEADER_CURRENCY = re.compile(r"\(\s*([A-Za-z]{3})\s*\)")


def sheet_names(spec: SheetSpec) -> set[str]:
    """The exact names a sheet may have: its title and its label in every language."""
    names = {spec.title}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names.add(spec.label)
    return names


def read_xlsx(content: bytes, *, name: str, budgets: Budgets, deadline: Deadline) -> list[tuple[SheetSpec, Table]]:
    _kind, tables = upload_tables(
        content=content,
        name=name,
        sheets={spec.key: sheet_names(spec) for spec in SHEETS},
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


def read_csv(content: bytes, *, name: str, budgets: Budgets, deadline: Deadline) -> list[tuple[SheetSpec, Table]]:
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
    aliases = header_aliases(spec)
    columns: dict[int, str] = {}
    unknown: list[tuple[int, str]] = []
    for index, value in enumerate(header):
        if is_blank(value):
            continue
        name = aliases.get(normalise_header(str(value)))
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
        if name in MONEY_FIELDS and currency and stated and stated.group(1).upper() != currency.upper():
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


def sheet_validate(
    spec: SheetSpec,
    table: Table,
    *,
    capabilities: Mapping[str, Capability],
    currency: str | None,
    errors: ErrorCollector,
    deadline: Deadline,
) -> list[dict[str, Any]]:
    """The sheet's valid lines (field -> cleaned value); each problem goes to `errors` at its row and column.

    Raises `ErrorsExhausted` when the error budget is used and `UploadRefused` past the deadline.
    """
    columns, header_errors = _header_errors(spec, table, currency)
    errors.extend(header_errors)
    if header_errors:
        return []
    table.name = spec.title
    # One line form bound to row after row: building a form per row cost about 3 s at 5,000 rows.
    validator = FormRowValidator(spec.form_class, capabilities=capabilities)
    cleaned = form_rows_validate(
        table=table,
        columns=columns,
        form_for=validator.bind,
        numbers={name: how for name, how in NUMBER_COLUMNS.items() if name in spec.fields},
        currency=currency,
        errors=errors,
        text_fields=frozenset({"notes"}),
        deadline=deadline,
        boolean_fields=frozenset({"regulatory_condition_accepted"}),
    )
    return [{name: data.get(name) for name in spec.fields} for data in cleaned]
