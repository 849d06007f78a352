"""Hypothesis strategies for malformed input: cells of the wrong type, huge and negative
numbers, NaN and infinity, dates where numbers belong, formulas, wrong encodings, missing and
extra columns, ragged rows, truncated and empty files. Files stay small so that a thousand
examples run in seconds."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from typing import Any

from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

NASTY_TEXT = (
    "",
    " ",
    "abc",
    "1e30",
    "-1e30",
    "10000000000000000000000000",
    "-5",
    "-0",
    "0",
    "5",
    "6",
    "3.14159265358979323846",
    "NaN",
    "nan",
    "inf",
    "-Infinity",
    "2024-01-31",
    "31/01/2024",
    "=1+1",
    "=SUM(A1:A9)",
    "@SUM(1)",
    "+1",
    "'=1",
    "1,5",
    "1.234.567,89",
    "1,234,567.89",
    "Rp 1.000.000",
    "IDR 5,000",
    "1 000",
    "TRUE",
    "null",
    "<script>alert(1)</script>",
    "\u202eevil",
    "🙂",
    "0x1F",
    "1_000",
    " 7 ",
    "compute",
    "payroll",
    "onshore",
    "id;sea",
    "iso-27001;unknown",
    "x" * 300,
)

text_cell = st.one_of(
    st.sampled_from(NASTY_TEXT),
    st.text(max_size=12),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)

# What a spreadsheet cell can hold: typed values as well as text (openpyxl writes "=…" as a formula).
xlsx_cell = st.one_of(
    text_cell,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**25), max_value=10**25),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from([1e30, -1e30, 10.0**25, -0.0, 5e-324]),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)),
    st.sampled_from(["=1/0", "=NOW()", '=HYPERLINK("http://x.example","y")', "=A1*2"]),
)

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1", "cp1252")


@st.composite
def table(draw: st.DrawFn, *, header: list[str], base_rows: list[list[Any]], cell: st.SearchStrategy) -> list[list]:
    """A header and rows built from valid ones, then broken: columns dropped, added, repeated or
    shuffled, cells replaced by hostile values, rows made ragged."""
    columns = list(range(len(header)))
    if draw(st.booleans()):
        for _ in range(draw(st.integers(1, 3))):
            if columns:
                columns.remove(draw(st.sampled_from(columns)))
    columns = list(draw(st.permutations(columns))) if draw(st.booleans()) else columns
    new_header = [header[index] for index in columns]
    extra = draw(st.lists(st.sampled_from(["extra", "", "notes", header[0], "Σ"]), max_size=2))
    new_header += extra
    rows = []
    for row_number in range(draw(st.integers(0, 3))):
        base = base_rows[row_number % len(base_rows)] if base_rows else ["" for _ in header]
        row = [base[index] if index < len(base) else "" for index in columns]
        row += [draw(cell) for _ in extra]
        for _ in range(draw(st.integers(0, 4))):
            if row:
                row[draw(st.integers(0, len(row) - 1))] = draw(cell)
        if draw(st.integers(0, 9)) == 0:
            row = row[: draw(st.integers(0, len(row)))] if draw(st.booleans()) else [*row, draw(cell)]
        rows.append(row)
    return [new_header, *rows]


def csv_bytes_of(draw: st.DrawFn, rows: list[list]) -> bytes:
    """The rows as a CSV file in a drawn dialect and encoding, sometimes cut short or emptied."""
    buffer = io.StringIO()
    delimiter = draw(st.sampled_from([",", ",", ";", "\t"]))
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    for row in rows:
        writer.writerow(["" if value is None else str(value) for value in row])
    content = buffer.getvalue().encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    cut = draw(st.integers(0, 19))
    if cut == 0:
        return b""
    if cut == 1:
        return content[: len(content) * draw(st.integers(0, 999)) // 1000]
    return content


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return str(value)
    if isinstance(value, str):
        # A workbook cannot hold control characters; openpyxl refuses to write them.
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def xlsx_bytes_of(sheets: dict[str, list[list]], *, base: bytes | None = None) -> bytes:
    """A workbook with the given sheets (replacing those of `base` when given)."""
    book = load_workbook(io.BytesIO(base)) if base else Workbook()
    if not base:
        book.remove(book.active)
    for title, rows in sheets.items():
        if title in book.sheetnames:
            del book[title]
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append([_xlsx_value(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def form_value() -> st.SearchStrategy:
    """What a tampered form post can carry in one field."""
    return st.one_of(text_cell, st.just(None))


def form_data(fields: list[str] | tuple[str, ...], valid: dict[str, str]) -> st.SearchStrategy[dict[str, str]]:
    """A valid post with some fields replaced by hostile values and some left out."""

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, str]:
        data = dict(valid)
        for name in draw(st.lists(st.sampled_from(list(fields)), max_size=len(fields), unique=True)):
            value = draw(form_value())
            if value is None:
                data.pop(name, None)
            else:
                data[name] = value
        return data

    return build()
