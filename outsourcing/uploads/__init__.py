"""One reader for every upload (assessment workbook and CSV, catalogue import, actuals).

Not a domain concept: it turns untrusted bytes into tables of cells under explicit
budgets (`budgets`), reads numbers without guessing (`numbers`), and validates rows
with the app's forms (`rows`), reporting every problem as one `RowError` type.
"""

from outsourcing.uploads.budgets import Budgets, Deadline, UploadRefused
from outsourcing.uploads.cells import ErrorValue, ExcelDate, Formula, Percent, Table, column_index, column_letter
from outsourcing.uploads.errors import ErrorCollector, ErrorsExhausted, RowError
from outsourcing.uploads.numbers import NumberColumn, NumberProblem, cell_number_read, conventions_decide
from outsourcing.uploads.reader import upload_sniff, upload_tables
from outsourcing.uploads.rows import (
    FormRowValidator,
    column_label,
    form_rows_validate,
    table_conventions,
    text_cell_problem,
)

__all__ = [
    "Budgets",
    "Deadline",
    "ErrorCollector",
    "ErrorValue",
    "ErrorsExhausted",
    "ExcelDate",
    "FormRowValidator",
    "Formula",
    "NumberColumn",
    "NumberProblem",
    "Percent",
    "RowError",
    "Table",
    "UploadRefused",
    "cell_number_read",
    "column_index",
    "column_label",
    "column_letter",
    "conventions_decide",
    "form_rows_validate",
    "table_conventions",
    "text_cell_problem",
    "upload_sniff",
    "upload_tables",
]
