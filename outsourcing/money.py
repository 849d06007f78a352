"""Reading amounts the way consultants write them.

Indonesian writing uses a dot for thousands and a comma for decimals
(`1.234.567,89`); English writing does the opposite (`1,234,567.89`). A single
separator followed by exactly three digits (`1.234`, `1,234`) could be either, so
it is refused rather than guessed, unless the rest of the string settles it:

- two different separators: the last one is the decimal separator;
- the same separator twice or more: it groups thousands;
- a currency symbol or code (`Rp 1.234`, `$1,200`): money in these currencies has
  at most two decimals, so three digits after the only separator are thousands;
  the same holds for the Indonesian whole-amount ending ",-" (`1.500,-`).

Numbers that are already numeric (XLSX cells, Python values) are taken as they are.
"""

import re
from decimal import Decimal

from django.utils.translation import get_language
from django.utils.translation import gettext as _

__all__ = ["AmountError", "amount_parse", "money_format", "number_format", "percent_format"]

# Longest first, so "US$" is not read as "$" and "Rp." not as "Rp".
_CURRENCY_MARKERS = ("US$", "S$", "USD", "SGD", "IDR", "EUR", "Rp.", "Rp", "$", "€")
_CURRENCY_PATTERN = "|".join(re.escape(marker) for marker in _CURRENCY_MARKERS)
_PREFIX = re.compile(rf"^(?:{_CURRENCY_PATTERN})\s*", re.IGNORECASE)
_SUFFIX = re.compile(rf"\s*(?:{_CURRENCY_PATTERN})$", re.IGNORECASE)
# Spaces (also the no-break and thin ones spreadsheets insert) and apostrophes only group digits.
_GROUPING_CHARS = " \u00a0\u202f\u2009'’"
_SPACE_GROUPED = re.compile(r"^\d{1,3}(?:[ \u00a0\u202f\u2009'’]\d{3})+(?:[.,]\d+)?$")
_CORE = re.compile(r"^[0-9.,]+$")


class AmountError(ValueError):
    """An amount that cannot be read without guessing. `message` is shown to the user."""

    def __init__(self, message: str, *, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _accepted_formats() -> str:
    return _(
        "Accepted formats: 1234567.89, 1.234.567,89 (Indonesian), 1,234,567.89 (English), "
        "optionally with Rp, IDR, $, USD, € or EUR."
    )


def _invalid(text: str) -> AmountError:
    return AmountError(
        _("“%(value)s” is not an amount. %(formats)s") % {"value": text, "formats": _accepted_formats()},
        code="invalid",
    )


def _ambiguous(text: str) -> AmountError:
    return AmountError(
        _(
            "“%(value)s” is ambiguous: the separator could mark thousands or decimals. "
            "Write 1234 or 1234.00, or 1.234,00 in Indonesian style, or 1,234.00 in English style."
        )
        % {"value": text},
        code="ambiguous",
    )


def _misgrouped(text: str) -> AmountError:
    return AmountError(
        _(
            "“%(value)s” has a misplaced thousands separator: after the first group, "
            "every group must have exactly three digits. %(formats)s"
        )
        % {"value": text, "formats": _accepted_formats()},
        code="grouping",
    )


def _join_groups(integer_part: str, separator: str, text: str) -> str:
    groups = integer_part.split(separator)
    first, rest = groups[0], groups[1:]
    if not (1 <= len(first) <= 3) or any(len(group) != 3 for group in rest):
        raise _misgrouped(text)
    return "".join(groups)


def _strip_currency(text: str) -> tuple[str, bool]:
    stripped = _PREFIX.sub("", text, count=1)
    if stripped == text:
        stripped = _SUFFIX.sub("", text, count=1)
    return stripped.strip(), stripped != text


def _parse_core(core: str, *, text: str, whole_or_money: bool, whole: bool = False) -> Decimal:
    if not _CORE.match(core) or not any(char.isdigit() for char in core):
        raise _invalid(text)
    dots, commas = core.count("."), core.count(",")
    if dots and commas:
        decimal_sep = "." if core.rfind(".") > core.rfind(",") else ","
        thousands_sep = "," if decimal_sep == "." else "."
        if core.count(decimal_sep) > 1:
            raise _invalid(text)
        integer_part, fraction = core.split(decimal_sep)
        if not fraction or thousands_sep in fraction:
            raise _invalid(text)
        return Decimal(f"{_join_groups(integer_part, thousands_sep, text)}.{fraction}")
    if dots + commas == 0:
        return Decimal(core)
    separator = "." if dots else ","
    if dots + commas > 1:
        return Decimal(_join_groups(core, separator, text))
    integer_part, fraction = core.split(separator)
    if not fraction:
        raise _invalid(text)
    could_be_thousands = len(fraction) == 3 and 1 <= len(integer_part) <= 3 and not integer_part.startswith("0")
    if could_be_thousands:
        # A whole number cannot have decimals, so "37.200" can only be 37200; "120.000" stays ambiguous.
        if whole_or_money or (whole and fraction != "000"):
            return Decimal(integer_part + fraction)
        raise _ambiguous(text)
    return Decimal(f"{integer_part or '0'}.{fraction}")


def amount_parse(text: str | int | float | Decimal, *, whole: bool = False) -> Decimal:
    """The amount `text` stands for, exactly, or AmountError with a message for the user.

    `whole=True` is for counts (transactions, months): a lone separator before three
    digits other than "000" is then read as thousands, the only reading that is whole.
    """
    if isinstance(text, bool):
        raise _invalid(str(text))
    if isinstance(text, int):
        return Decimal(text)
    if isinstance(text, float | Decimal):
        value = Decimal(repr(text)) if isinstance(text, float) else text
        if not value.is_finite():
            raise _invalid(str(text))
        return value
    if not isinstance(text, str):
        raise _invalid(str(text))
    original = text.strip()
    if not original:
        raise AmountError(_("Enter an amount."), code="required")
    remainder = original
    negative = False
    if remainder[0] in "+-":
        negative = remainder[0] == "-"
        remainder = remainder[1:].lstrip()
    remainder, has_currency = _strip_currency(remainder)
    # Indonesian price tags close whole amounts with ",-" (Rp 1.500.000,-).
    if remainder.endswith((",-", ".-")):
        remainder = remainder[:-2]
        # No decimals follow, so three digits after a lone separator can only be thousands.
        has_currency = True
    if remainder[:1] in ("+", "-"):
        if negative:
            raise _invalid(original)
        negative = remainder[0] == "-"
        remainder = remainder[1:].lstrip()
    if any(char in _GROUPING_CHARS for char in remainder):
        if not all(char.isdigit() or char in _GROUPING_CHARS or char in ".," for char in remainder):
            raise _invalid(original)
        if not _SPACE_GROUPED.match(remainder):
            raise _misgrouped(original)
        integer_part = re.split(r"[.,]", remainder, maxsplit=1)[0]
        fraction = remainder[len(integer_part) + 1 :]
        digits = "".join(char for char in integer_part if char.isdigit())
        core = f"{digits}.{fraction}" if fraction else digits
        # Spaces grouped the thousands, so the one remaining separator is the decimal one.
        value = Decimal(core)
    else:
        value = _parse_core(remainder, text=original, whole_or_money=has_currency, whole=whole)
    return -value if negative else value


# --- Writing amounts (dashboards, exports) -------------------------------------------


# How each active language writes numbers: (thousands separator, decimal separator).
_SEPARATORS = {"id": (".", ","), "en": (",", ".")}
# Indonesian writing puts the symbol before the amount (Rp 1.234.567); English business
# documents show the ISO code (IDR 1,234,567), which no reader can misread.
_SYMBOLS_ID = {"IDR": "Rp", "USD": "US$", "EUR": "€", "SGD": "S$"}


def _language() -> str:
    code = (get_language() or "en").split("-")[0]
    return code if code in _SEPARATORS else "en"


def _decimal(value: Decimal | float | int | str | None) -> Decimal | None:
    if value is None or value == "":
        return None
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return number if number.is_finite() else None


def number_format(value: Decimal | float | int | str | None, *, decimals: int = 0) -> str:
    """`1,234,567.5` in English, `1.234.567,5` in Indonesian; a missing value as an en dash."""
    number = _decimal(value)
    if number is None:
        return "–"
    thousands, decimal_sep = _SEPARATORS[_language()]
    text = f"{abs(round(number, decimals)):,.{decimals}f}"
    text = text.replace(",", "\x00").replace(".", decimal_sep).replace("\x00", thousands)
    return f"-{text}" if round(number, decimals) < 0 else text


def percent_format(fraction: Decimal | float | int | str | None, *, decimals: int = 1) -> str:
    """A fraction (0.183) as `18.3 %` in English or `18,3 %` in Indonesian."""
    number = _decimal(fraction)
    if number is None:
        return "–"
    return f"{number_format(number * 100, decimals=decimals)} %"


NO_BREAK_SPACE = "\u00a0"


def currency_marker(currency: str) -> str:
    """How an amount's currency is written in the active language: the ISO code in English
    (`IDR`), the local symbol in Indonesian (`Rp`, `US$`, `€`, `S$`; another code as is)."""
    return _SYMBOLS_ID.get(currency, currency) if _language() == "id" else currency


def money_format(value: Decimal | float | int | None, currency: str, *, decimals: int = 0) -> str:
    """An amount in its currency, for the active language: `IDR 1,234,567` or `Rp 1.234.567`.

    The currency and the digits are joined by a no-break space (U+00A0), so a line never
    ends with `Rp` and starts the next with the digits.

    Dashboards show whole units by default: a board reads millions, not cents. None
    (a figure that does not exist, e.g. no payback) is shown as an en dash. Decimal
    arithmetic throughout, so tens of trillions of rupiah keep every digit.
    """
    number = _decimal(value)
    if number is None:
        return "–"
    digits = number_format(abs(number), decimals=decimals)
    sign = "-" if round(number, decimals) < 0 else ""
    if not currency:
        return f"{sign}{digits}"
    marker = currency_marker(currency)
    return f"{sign}{marker}{NO_BREAK_SPACE}{digits}"
