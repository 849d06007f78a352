"""Import of monthly actuals from CSV or XLSX: all rows or none, each problem named by row and column.

A thin adapter: `rows_read` turns a file into header->text rows. When the shared reader of
outsourcing/uploads/ lands, re-point `rows_read` at it; `actuals_import` stays as it is.

Columns (header names, any order, case-insensitive): `engagement` (the engagement's name as shown on
the programme page, or its item id), `month` (YYYY-MM), then any of the figures of
services.ACTUAL_FIELDS (`realised_savings`, `realised_benefit`, `one_off_cost`, `cost_per_transaction`,
`error_rate_percent`, `cycle_time_days`, `ftes_released`). Amounts in the organisation's currency.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from assessments.models import MonthlyActual, Programme
from assessments.programmes import services
from outsourcing.money import AmountError, amount_parse
from outsourcing.spreadsheets import cell_restore

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
REQUIRED = ("engagement", "month")


class ImportRefused(Exception):
    """The file was refused; `problems` lists what and where (row numbers as in the file)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def rows_read(*, name: str, content: bytes) -> list[dict[str, Any]]:
    """The file's data rows as {lower-case header: cell value}, at most MAX_ROWS, row 2 first.

    Raises ImportRefused for an unreadable, empty or oversized file."""
    if len(content) > MAX_BYTES:
        raise ImportRefused([_("The file is larger than 2 MB.")])
    if name.lower().endswith(".xlsx"):
        table = _xlsx_rows(content)
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportRefused([_("The file is not UTF-8 text or an .xlsx workbook.")]) from None
        lines = text.splitlines()
        if lines and lines[0].lower().startswith("sep="):
            delimiter = lines[0][4:5] or ","
            lines = lines[1:]
        else:
            delimiter = ";" if lines and lines[0].count(";") > lines[0].count(",") else ","
        table = list(csv.reader(lines[: MAX_ROWS + 2], delimiter=delimiter))
    if not table:
        raise ImportRefused([_("The file is empty.")])
    if len(table) > MAX_ROWS + 1:
        raise ImportRefused([_("The file has more than %(max)d rows.") % {"max": MAX_ROWS}])
    header = [str(cell or "").strip().lower() for cell in table[0]]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ImportRefused([_("Missing column: %(name)s.") % {"name": name} for name in missing])
    return [
        dict(zip(header, [cell_restore(c) for c in row], strict=False))
        for row in table[1:]
        if any(str(c or "").strip() for c in row)
    ]


def _xlsx_rows(content: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable workbook gets the same message
        raise ImportRefused([_("The file is not a readable .xlsx workbook.")]) from None
    try:
        sheet = workbook.worksheets[0]
        width = len(services.ACTUAL_FIELDS) + len(REQUIRED) + 5
        # Bounded whatever size the sheet declares: never more rows or columns than an import can hold.
        return [list(row) for row in sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=width, values_only=True)]
    finally:
        workbook.close()


def _month(value: Any) -> dt.date:
    if isinstance(value, dt.datetime | dt.date):
        return dt.date(value.year, value.month, 1)
    text = str(value or "").strip()
    for pattern in ("%Y-%m", "%Y-%m-%d", "%m/%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date().replace(day=1)
        except ValueError:
            continue
    raise ValueError(_("Give the month as YYYY-MM (found “%(text)s”).") % {"text": text})


def actuals_import(*, programme: Programme, upload: UploadedFile) -> list[MonthlyActual]:
    """Read the file and record every row through services.actuals_record, all or nothing.

    Raises ImportRefused listing each problem as "Row N, column: message"."""
    rows = rows_read(name=upload.name or "", content=upload.read(MAX_BYTES + 1))
    engagements = {}
    for engagement in programme.engagements.all():
        engagements[engagement.label.strip().lower()] = engagement
        engagements[engagement.item_id.strip().lower()] = engagement
    problems: list[str] = []
    records = []
    seen: set[tuple[int, dt.date]] = set()
    for number, row in enumerate(rows, start=2):
        where = {"row": number}
        engagement = engagements.get(str(row.get("engagement") or "").strip().lower())
        if engagement is None:
            problems.append(_("Row %(row)d, engagement: no such engagement in this programme.") % where)
            continue
        try:
            month = _month(row.get("month"))
        except ValueError as error:
            problems.append(_("Row %(row)d, month: %(message)s") % (where | {"message": error}))
            continue
        if (engagement.pk, month) in seen:
            problems.append(_("Row %(row)d: this engagement and month appear twice in the file.") % where)
            continue
        seen.add((engagement.pk, month))
        values: dict[str, Any] = {}
        for name in services.ACTUAL_FIELDS:
            raw = row.get(name)
            if raw is None or str(raw).strip() == "":
                continue
            try:
                values[name] = amount_parse(raw if not isinstance(raw, str) else raw.strip())
            except AmountError as error:
                problems.append(
                    _("Row %(row)d, %(column)s: %(message)s") % (where | {"column": name, "message": error})
                )
        records.append((number, (engagement, month, values)))
    if problems:
        raise ImportRefused(problems)
    try:
        return services.actuals_record(programme=programme, rows=[record for _n, record in records])
    except services.ActualsInvalid as invalid:
        file_rows = [number for number, _record in records]
        raise ImportRefused(
            [
                _("Row %(row)d, %(column)s: %(message)s")
                % {"row": file_rows[index - 1], "column": column, "message": message}
                for index, fields in sorted(invalid.rows.items())
                for column, messages in fields.items()
                for message in messages
            ]
        ) from None
