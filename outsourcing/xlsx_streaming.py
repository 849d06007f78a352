"""One large worksheet written as its rows come: XlsxWriter lays out the workbook, the rows are streamed in.

XlsxWriter (BSD) writes the package: content types, workbook, styles, the sheet's columns,
frozen panes and header row. Its per-cell path costs about 5 microseconds a cell even in
constant-memory mode, so 720,000 cells (the catalogue's 40,000 offerings of 18 columns) take
3.6 s of CPU before anything else; the cells' XML is therefore written here, 500 rows at a
time, straight into the sheet's compressed part (0.6 s for the same cells, measured in
benchmarks/catalogue_export.py, README "Catalogue export at scale").

A value repeated down a column (the same object on consecutive rows) is shaped and escaped once.

The cells are those of ECMA-376 Part 1, 18.3.1.4 `c` (Cell): text as an inline string
(`t="inlineStr"`, as XlsxWriter's constant-memory mode writes it), numbers as `v`, booleans as
`t="b"`; every cell carries its reference (`r`). No `<dimension>` is written (it is optional,
and the number of rows is not known until the last one).
"""

import io
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import IO, Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.xmlwriter import XMLwriter

ROWS_PER_WRITE = 500
# Excel's longest text in a cell (Excel specifications and limits); XlsxWriter truncates the same way.
MAX_TEXT = 32_767
_SHEET_PART = "xl/worksheets/sheet1.xml"
_DIMENSION = re.compile(r"<dimension [^>]*/>")
# Lone surrogates cannot be written as UTF-8 at all: dropped.
_SURROGATES = re.compile("[\ud800-\udfff]")
# Control characters and non-characters, which XML 1.0 cannot hold (and carriage returns, which
# an XML reader would turn into line feeds) become Excel's `_xHHHH_` escapes, and a literal
# `_xHHHH_` in the text is escaped in turn: XlsxWriter's own escaping, as Excel writes it.
_excel_escapes = XMLwriter._escape_control_characters
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


# A cell is written as `<c r="A2"` followed by its tail, which depends on the value only.


def _text_tail(value: str) -> str:
    if len(value) > MAX_TEXT:
        value = value[:MAX_TEXT]
    if _SURROGATES.search(value):
        value = _SURROGATES.sub("", value)
    if not value:
        return ""  # nothing left to show: no cell
    text = _excel_escapes(value).translate(_ESCAPES)
    if value != value.strip():
        return f' t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    return f' t="inlineStr"><is><t>{text}</t></is></c>'


def _number_tail(value: float) -> str:
    if not math.isfinite(value):
        raise ValueError(f"a workbook cell cannot hold {value!r}")
    return f"><v>{value!r}</v></c>"


def _tail(value: Any, text: Callable[[str], str]) -> str:
    kind = value.__class__
    if kind is str:
        return _text_tail(text(value))
    if kind is int:
        return f"><v>{value}</v></c>"
    if kind is float or kind is Decimal:
        return _number_tail(float(value))  # a cell holds a double either way
    if isinstance(value, bool):
        return f' t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        return _number_tail(float(value))
    return _text_tail(text(str(value)))


def _rows_xml(rows: Iterable[Sequence[Any]], first_row: int, text: Callable[[str], str]) -> Iterator[str]:
    letters: list[str] = []
    # Per column, the last value and its tail: a value repeated down a column (the same object,
    # as a provider's cells on each of its offerings' rows) is shaped and escaped once.
    last_values: list[Any] = []
    last_tails: list[str] = []
    for number, row in enumerate(rows, start=first_row):
        while len(letters) < len(row):
            letters.append(xl_col_to_name(len(letters)))
            last_values.append(None)
            last_tails.append("")
        cells = []
        for index, value in enumerate(row):
            if value is None or value == "":
                continue
            if value is not last_values[index]:
                last_values[index], last_tails[index] = value, _tail(value, text)
            if last_tails[index]:
                cells.append(f'<c r="{letters[index]}{number}"{last_tails[index]}')
        yield f'<row r="{number}">{"".join(cells)}</row>'


def xlsx_write_streamed(
    *,
    target: IO[bytes],
    sheet_name: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    column_widths: Sequence[float] = (),
    text: Callable[[str], str] = str,
) -> None:
    """Write a one-sheet workbook to `target` (a seekable binary file): the header row (frozen), then `rows`.

    `rows` is read once, one row after the other, so memory stays bounded whatever its length.
    Each row is a sequence of cell values by column: `None` and "" leave the cell empty; `str`
    is text, written as it is (no formula, URL or number is ever inferred: neutralise formula
    characters before, with `outsourcing.spreadsheets.xlsx_cell`), control characters as Excel's
    `_xHHHH_` escapes, lone surrogates dropped, text longer than Excel's 32,767 characters cut;
    `bool` is a boolean; `int`, `float` and `Decimal` are numbers (a double, as every workbook
    number); anything else is written as its `str`. `text` is applied to every text before it is
    written (a value repeated in a column, the same object row after row, is passed once).
    `column_widths` are in Excel's character units, by column.

    Raises ValueError for a number that is not finite (NaN or infinite): a cell cannot hold it.
    """
    package = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        package,
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    sheet = workbook.add_worksheet(sheet_name)
    sheet.freeze_panes(1, 0)
    for index, width in enumerate(column_widths):
        sheet.set_column(index, index, width)
    for index, title in enumerate(header):
        sheet.write_string(0, index, title)
    workbook.close()

    with zipfile.ZipFile(package) as laid_out, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as written:
        for member in laid_out.infolist():
            content = laid_out.read(member)
            if member.filename != _SHEET_PART:
                written.writestr(member, content, compress_type=zipfile.ZIP_DEFLATED)
                continue
            before, after = _DIMENSION.sub("", content.decode("utf-8")).split("</sheetData>", 1)
            streamed = zipfile.ZipInfo(_SHEET_PART, member.date_time)
            streamed.compress_type = zipfile.ZIP_DEFLATED
            with written.open(streamed, "w") as part:
                part.write(before.encode("utf-8"))
                batch: list[str] = []
                for row_xml in _rows_xml(rows, 2, text):
                    batch.append(row_xml)
                    if len(batch) == ROWS_PER_WRITE:
                        part.write("".join(batch).encode("utf-8"))
                        batch.clear()
                part.write("".join(batch).encode("utf-8"))
                part.write(("</sheetData>" + after).encode("utf-8"))
