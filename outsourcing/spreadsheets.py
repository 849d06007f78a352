"""Helpers shared by every spreadsheet the app writes or reads (CSV and XLSX).

Formula injection (OWASP "CSV injection"): a spreadsheet program runs a cell that
begins with `=`, `+`, `-` or `@` (or a tab / carriage return before one of them) as a
formula. Exports therefore prefix such text cells with a single quote, which every
spreadsheet program shows as text. Numbers are never touched: a negative number is a
number, not a formula.

A text that itself begins with a quote is prefixed too, so that `cell_restore` is the
exact inverse of `cell_neutralise` and an export can be imported back unchanged.
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


def xlsx_cell(value: Any) -> Any:
    """`cell_neutralise` for a workbook cell: text typed with a control character (pasted from a
    terminal, say) loses it, instead of making the whole download fail."""
    if isinstance(value, str):
        value = _XLSX_ILLEGAL.sub("", value)
    return cell_neutralise(value)
