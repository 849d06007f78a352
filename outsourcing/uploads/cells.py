"""What a cell of an upload holds, before any column gives it a meaning.

CSV cells are always text. XLSX cells are text (`str`), numbers (`int` or `Decimal`,
as Excel stores them, to 15 significant digits), or one of the markers below, which
carry how the cell was *formatted*: a value formatted as a percentage or a date
means something else than the bare number.
"""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Percent:
    """A number shown with a percent format: `fraction` 0.06 is shown as 6%."""

    fraction: Decimal

    def __str__(self) -> str:
        return f"{format((self.fraction * 100).normalize(), 'f')}%"


@dataclass(frozen=True)
class ExcelDate:
    """A number shown with a date or time format (an Excel serial date)."""

    serial: Decimal

    def __str__(self) -> str:
        return format(self.serial, "f")


@dataclass(frozen=True)
class Formula:
    """A cell holding a formula (its cached result is never trusted)."""

    text: str

    def __str__(self) -> str:
        return f"={self.text}"


@dataclass(frozen=True)
class ErrorValue:
    """An Excel error value such as #N/A or #DIV/0!."""

    code: str

    def __str__(self) -> str:
        return self.code


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def column_letter(index: int) -> str:
    """The spreadsheet letters of a 1-based column index: 1 → A, 27 → AA, 18279 → AAAA (no upper limit)."""
    if index < 1:
        raise ValueError("column indexes start at 1")
    letters = []
    while index:
        index, remainder = divmod(index - 1, 26)
        letters.append(chr(65 + remainder))
    return "".join(reversed(letters))


def column_index(letters: str) -> int:
    """The 1-based index of spreadsheet column letters (A → 1, XFD → 16384)."""
    index = 0
    for char in letters.upper():
        if not "A" <= char <= "Z":
            raise ValueError(f"not a column: {letters!r}")
        index = index * 26 + ord(char) - 64
    return index


@dataclass
class Table:
    """One sheet (or CSV file) as read: a header and the data rows with their spreadsheet row numbers.

    `rows` holds (row number, cells) for rows with at least one non-blank cell; the
    cells list is as long as the row's last present cell. `name` is the sheet's name
    (for a CSV file: the file's name).
    """

    name: str
    header: list[object]
    header_row: int
    rows: list[tuple[int, list[object]]]
    kind: str  # "csv" or "xlsx"
