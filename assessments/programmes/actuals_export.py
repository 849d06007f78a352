"""Export of a programme's monthly actuals as CSV or XLSX, in the import's own columns, so that
an export imported again changes nothing (actuals_import_services reads it back).

Columns: `engagement` (the engagement's item id, which the import accepts and which, unlike a
name, is unique in the programme), `month` (YYYY-MM, as text), then services.ACTUAL_FIELDS in
order (amounts in the organisation's currency; `error_rate_percent` in per cent; a figure not
recorded is an empty cell, which the import leaves as it is). One row per recorded month, by
engagement (the programme page's order) then month.

Formula injection: every text cell goes through `outsourcing.spreadsheets.csv_cell` (CSV: every
separator-delimited part neutralised, every text cell quoted) or `xlsx_cell` (XLSX); the upload
reader undoes both on import. Numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal

from openpyxl import Workbook

from assessments.models import MonthlyActual, Programme
from assessments.programmes.services import ACTUAL_FIELDS
from outsourcing.spreadsheets import csv_cell, xlsx_cell

COLUMNS = ("engagement", "month", *ACTUAL_FIELDS)
CellValue = str | Decimal | None


def _number(value: Decimal | None) -> Decimal | None:
    # Fixed-point text, never an exponent ("1E+3"), so every reader sees the digits stored.
    return None if value is None else Decimal(format(value, "f"))


def actuals_export_rows(*, programme: Programme) -> Iterator[list[CellValue]]:
    """The data rows (without the header): [item id, "YYYY-MM", one Decimal or None per ACTUAL_FIELDS].

    One query."""
    actuals = (
        MonthlyActual.objects.filter(engagement__programme=programme)
        .select_related("engagement")
        .order_by(
            "engagement__kind",
            "engagement__planned_start_month",
            "engagement__label",
            "engagement__pk",
            "month",
        )
    )
    for actual in actuals:
        yield [
            actual.engagement.item_id,
            actual.month.strftime("%Y-%m"),
            *(_number(getattr(actual, name)) for name in ACTUAL_FIELDS),
        ]


def actuals_csv(*, programme: Programme) -> bytes:
    """The actuals as UTF-8 CSV (with a byte-order mark, so spreadsheet programs read it as UTF-8),
    comma-separated; text cells quoted and neutralised for any separator, numbers unquoted."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    writer.writerow([csv_cell(name) for name in COLUMNS])
    for row in actuals_export_rows(programme=programme):
        writer.writerow(["" if value is None else csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def actuals_xlsx(*, programme: Programme) -> bytes:
    """The actuals as an XLSX workbook of one sheet ("Actuals"): the header, then one row per month;
    figures are number cells, empty when not recorded."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    sheet = workbook.create_sheet("Actuals")
    sheet.append([xlsx_cell(name) for name in COLUMNS])
    for row in actuals_export_rows(programme=programme):
        sheet.append([xlsx_cell(value) for value in row])
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
