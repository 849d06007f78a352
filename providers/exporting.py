"""The catalogue export written as it is read: CSV streamed row by row, XLSX row by row into its sheet.

The rows come from `providers.selectors.catalogue_export_rows_iter` (the database read in
chunks), so neither format holds the whole catalogue in memory: 40,000 offerings export in
bounded memory (benchmarks/catalogue_export.py). The layout, the formula neutralising and
the cell values are those of `providers.spreadsheet.catalogue_csv_bytes` /
`catalogue_xlsx_bytes`, which the import reads back unchanged.
"""

import csv
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from outsourcing.spreadsheets import csv_cell, xlsx_cell
from outsourcing.xlsx_streaming import xlsx_write_streamed
from providers.spreadsheet import COLUMNS

CSV_ROWS_PER_CHUNK = 500
# Kept in memory up to this size, then spilled to a temporary file.
XLSX_SPOOL_BYTES = 8 * 1024 * 1024


class _Lines:
    """A write target for csv.writer that hands back what was written since the last call."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def take(self) -> bytes:
        text = "".join(self.parts)
        self.parts.clear()
        return text.encode("utf-8")


def _csv_value(value: Any) -> Any:
    return csv_cell("" if value is None else value)


def catalogue_csv_chunks(*, rows: Iterable[Mapping[str, Any]]) -> Iterator[bytes]:
    """The catalogue CSV as UTF-8 byte chunks: a byte order mark (for Excel), the header, then the rows."""
    lines = _Lines()
    writer = csv.writer(lines, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    lines.write("\ufeff")
    writer.writerow(COLUMNS)
    for count, row in enumerate(rows, start=1):
        writer.writerow([_csv_value(row.get(column)) for column in COLUMNS])
        if count % CSV_ROWS_PER_CHUNK == 0:
            yield lines.take()
    yield lines.take()


def catalogue_xlsx_file(*, rows: Iterable[Mapping[str, Any]]) -> IO[bytes]:
    """The catalogue workbook (one sheet, "catalogue") in a temporary file, rewound, ready to stream.

    The rows are written as they come (`outsourcing.xlsx_streaming`): values only, text as text
    whatever it starts with (formula characters are neutralised by `xlsx_cell` first), numbers
    as numbers, None as no cell. Measured at 40,000 offerings in benchmarks/catalogue_export.py
    (README).
    """
    target = tempfile.SpooledTemporaryFile(max_size=XLSX_SPOOL_BYTES)  # noqa: SIM115 - handed to the response
    xlsx_write_streamed(
        target=target,
        sheet_name="catalogue",
        header=COLUMNS,
        rows=([row.get(column) for column in COLUMNS] for row in rows),
        column_widths=[max(12, min(40, len(column) + 4)) for column in COLUMNS],
        text=xlsx_cell,
    )
    target.seek(0)
    return target
