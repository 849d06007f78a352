"""Helpers shared by every spreadsheet the app writes or reads (CSV and XLSX).

Formula injection (OWASP "CSV injection"): a spreadsheet program runs a cell that
begins with `=`, `+`, `-` or `@` (or a tab / carriage return before one of them) as a
formula. Exports therefore prefix such text cells with a single quote, which every
spreadsheet program shows as text. Numbers are never touched: a negative number is a
number, not a formula.

A text that itself begins with a quote is prefixed too, so that `cell_restore` is the
exact inverse of `cell_neutralise` and an export can be imported back unchanged.
"""

from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"


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
