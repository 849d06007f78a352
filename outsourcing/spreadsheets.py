"""Helpers shared by every spreadsheet the app writes or reads (CSV and XLSX).

Formula injection (OWASP "CSV injection"): a spreadsheet program runs a cell that
begins with `=`, `+`, `-` or `@` (or a tab / carriage return before one of them) as a
formula. Exports therefore prefix such text cells with a single quote, which every
spreadsheet program shows as text. Numbers are never touched: a negative number is a
number, not a formula.

A text that itself begins with a quote is prefixed too, so that `cell_restore` is the
exact inverse of `cell_neutralise` and an export can be imported back unchanged.

CSV needs more: the program opening it may split on another separator than the one
it was written with (Excel in Indonesian or German settings splits on `;`), so the
note `x;=1+1` would give a cell `=1+1`. `csv_cell` therefore neutralises every part
of a text that follows a separator (`,` `;` tab, line breaks) as well as its start,
and CSV exports quote every text cell (OWASP, "CSV Injection",
https://owasp.org/www-community/attacks/CSV_Injection). `csv_cell_restore` undoes it.
"""

import re
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"
# Control characters other than tab, line feed and carriage return: XML 1.0, and so a workbook,
# cannot hold them (openpyxl refuses to write them).
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def cell_neutralise(value: Any) -> Any:
    """The value safe to write into a spreadsheet cell; only strings ever change."""
    if isinstance(value, str) and value.startswith((*FORMULA_TRIGGERS, _QUOTE)):
        return _QUOTE + value
    return value


def cell_restore(value: Any) -> Any:
    """Undo `cell_neutralise` on a cell read back from a file this app (or a user) wrote."""
    if isinstance(value, str) and value.startswith(_QUOTE) and value[1:].startswith((*FORMULA_TRIGGERS, _QUOTE)):
        return value[1:]
    return value


# A part starts at the beginning of the text or after one of these; spaces before it do not protect it,
# nor double quotes: split on ";", the note `a;"=1+1"` is written `"a;""=1+1"""`, and its second part
# `""=1+1"""` opens a quoted field that a program reads as `=1+1...`.
_PART = re.compile(r"(?<=[,;\t\r\n])")
_PART_LEAD = ' "'


def _part_neutralise(part: str) -> str:
    start = len(part) - len(part.lstrip(_PART_LEAD))  # after the leading spaces and double quotes
    if part[start:].startswith((*FORMULA_TRIGGERS, _QUOTE)):
        return part[:start] + _QUOTE + part[start:]
    return part


def _part_restore(part: str) -> str:
    start = len(part) - len(part.lstrip(_PART_LEAD))  # after the leading spaces and double quotes
    rest = part[start:]
    if rest.startswith(_QUOTE) and rest[1:].startswith((*FORMULA_TRIGGERS, _QUOTE)):
        return part[:start] + rest[1:]
    return part


def csv_cell(value: Any) -> Any:
    """The value safe to write into a CSV cell whatever separator the reader splits on; only strings change."""
    if not isinstance(value, str):
        return value
    return "".join(_part_neutralise(part) for part in _PART.split(value))


def csv_cell_restore(value: Any) -> Any:
    """Undo `csv_cell` on a cell read back from a CSV file."""
    if not isinstance(value, str):
        return value
    return "".join(_part_restore(part) for part in _PART.split(value))


def xlsx_cell(value: Any) -> Any:
    """`cell_neutralise` for a workbook cell: text typed with a control character (pasted from a
    terminal, say) loses it, instead of making the whole download fail."""
    if isinstance(value, str):
        value = _XLSX_ILLEGAL.sub("", value)
    return cell_neutralise(value)
