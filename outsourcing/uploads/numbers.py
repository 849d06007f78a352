"""Numbers typed as text in an upload, read without guessing.

The decimal convention is decided per column from the column's own cells, else per
file from every number column: `1.234,5`, `4,20` or `1.234.567` say "decimal comma"
(and so a dot groups thousands: `12.000` is twelve thousand); `1,234.5`, `0.95` or
`1,234,567` say "decimal point". A value that only a convention can settle (`12.000`)
is read by it, and refused as ambiguous when the file gives none. A value that
contradicts its column's convention is refused at its row and column.

Currency markers (€, EUR, $, US$, USD, Rp, IDR, S$, SGD, ...) are accepted only in
amount columns and only for the assessment's currency; per cent signs only in
per-cent columns. Cells formatted as a percentage in a workbook are read as the user
sees them (0.06 shown as 6% is 6 in a per-cent column).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from outsourcing.money import AmountError, amount_parse
from outsourcing.uploads.cells import ErrorValue, ExcelDate, Formula, Percent

COMMA = ","  # decimal comma, dots group thousands (Indonesian, most of Europe)
POINT = "."  # decimal point, commas group thousands (English)

# Marker → ISO 4217 code; "$" alone is any dollar.
_MARKERS = {
    "US$": "USD",
    "S$": "SGD",
    "A$": "AUD",
    "USD": "USD",
    "SGD": "SGD",
    "AUD": "AUD",
    "IDR": "IDR",
    "EUR": "EUR",
    "GBP": "GBP",
    "JPY": "JPY",
    "MYR": "MYR",
    "RM": "MYR",
    "Rp.": "IDR",
    "Rp": "IDR",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "$": "$",
}
_DOLLARS = {"USD", "SGD", "AUD", "CAD", "NZD", "HKD"}
_MARKER_PATTERN = "|".join(re.escape(marker) for marker in sorted(_MARKERS, key=len, reverse=True))
_PREFIX = re.compile(rf"^([+-]?)\s*({_MARKER_PATTERN})\s*", re.IGNORECASE)
_SUFFIX = re.compile(rf"\s*({_MARKER_PATTERN})$", re.IGNORECASE)
_GROUPING = re.compile(r"[ \u00a0\u202f\u2009'’]")


class NumberProblem(ValueError):
    """A cell that cannot be read as the number its column wants; `message` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class NumberColumn:
    """How a column's numbers are read.

    - `whole`: counts (transactions, months, years, people);
    - `percent`: the column holds per cent (6 means 6 %), so 6% and percent-formatted cells are accepted;
    - `money`: an amount column, so a currency marker for the assessment's currency is accepted.
    """

    whole: bool = False
    percent: bool = False
    money: bool = False


def _marker_code(marker: str) -> str:
    for key, code in _MARKERS.items():
        if key.casefold() == marker.casefold():
            return code
    return marker.upper()


def marker_split(text: str) -> tuple[str, str | None]:
    """(text without its currency marker, the marker's ISO code or "$", or None)."""
    match = _PREFIX.match(text)
    if match:
        return match.group(1) + text[match.end() :], _marker_code(match.group(2))
    match = _SUFFIX.search(text)
    if match:
        return text[: match.start()], _marker_code(match.group(1))
    return text, None


def currency_matches(code: str, currency: str) -> bool:
    return code == currency.upper() or (code == "$" and currency.upper() in _DOLLARS)


def _core(text: str) -> str:
    """The digits and separators that decide the convention: no sign, marker, per cent, or ",-" ending."""
    core, _code = marker_split(text.strip().rstrip("%").strip())
    core = core.strip().lstrip("+-").strip()
    if core.endswith((",-", ".-")):
        core = core[:-2]
    return core


def convention_of(text: str) -> str | None:
    """COMMA or POINT if this text settles the decimal convention on its own, else None."""
    raw = text.strip()
    core = _core(raw)
    if not core or _GROUPING.search(core) or not re.fullmatch(r"[0-9.,]+", core):
        return None
    if raw.endswith((",-", ".-")):
        # A whole amount: its separators group thousands.
        return COMMA if "." in core else POINT if "," in core else None
    dots, commas = core.count("."), core.count(",")
    if dots and commas:
        return COMMA if core.rfind(",") > core.rfind(".") else POINT
    if dots + commas == 0:
        return None
    separator = "." if dots else ","
    if dots + commas > 1:
        return COMMA if separator == "." else POINT  # it groups thousands
    integer_part, fraction = core.split(separator)
    if len(fraction) == 3 and 1 <= len(integer_part) <= 3 and not integer_part.startswith("0"):
        return None  # 12.000: thousands or decimals
    return COMMA if separator == "," else POINT


def conventions_decide(columns: dict[str, Iterable[object]]) -> dict[str, str | None]:
    """The convention of each column: its own cells' if they agree, else the file's if they agree, else None."""
    found: dict[str, set[str]] = {}
    for name, values in columns.items():
        found[name] = {
            convention
            for value in values
            if isinstance(value, str) and (convention := convention_of(value)) is not None
        }
    everywhere = set().union(*found.values()) if found else set()
    file_convention = next(iter(everywhere)) if len(everywhere) == 1 else None
    return {
        name: next(iter(seen)) if len(seen) == 1 else (file_convention if not seen else None)
        for name, seen in found.items()
    }


def _canonical(core: str, convention: str, original: str) -> str:
    decimal_sep, group_sep = (",", ".") if convention == COMMA else (".", ",")
    if core.count(decimal_sep) > 1 or (
        decimal_sep in core and group_sep in core and core.rfind(group_sep) > core.rfind(decimal_sep)
    ):
        raise NumberProblem(
            _(
                "“%(value)s” does not use this column's decimal separator (“%(separator)s”, as in the other "
                "rows of the file); write it the same way."
            )
            % {"value": original, "separator": decimal_sep}
        )
    integer_part, _sep, fraction = core.partition(decimal_sep)
    if group_sep in integer_part:
        groups = integer_part.split(group_sep)
        if not 1 <= len(groups[0]) <= 3 or any(len(group) != 3 for group in groups[1:]):
            raise NumberProblem(
                _("“%(value)s” has a misplaced thousands separator: every group after the first has three digits.")
                % {"value": original}
            )
        integer_part = "".join(groups)
    if _sep and not fraction:
        raise NumberProblem(_("“%(value)s” is not a number.") % {"value": original})
    return f"{integer_part or '0'}.{fraction}" if fraction else integer_part


def text_number_read(text: str, *, column: NumberColumn, convention: str | None, currency: str | None) -> Decimal:
    """The number a text cell stands for, or NumberProblem.

    `convention` is the column's (see `conventions_decide`); `currency` the ISO code
    amounts are in (None: any marker is accepted in a money column, none elsewhere).
    """
    original = text.strip()
    value = original
    if value.endswith("%"):
        if not column.percent:
            raise NumberProblem(
                _("“%(value)s” is a percentage, but this column is not in per cent.") % {"value": original}
            )
        value = value[:-1].strip()
    value, code = marker_split(value)
    value = value.strip()
    if code is not None:
        if not column.money:
            raise NumberProblem(
                _("“%(value)s” has a currency marker, but this column is not an amount.") % {"value": original}
            )
        if currency and not currency_matches(code, currency):
            raise NumberProblem(
                _(
                    "“%(value)s” is an amount in %(marker)s, but this assessment's amounts are in %(currency)s. "
                    "Convert it to %(currency)s and remove the marker."
                )
                % {"value": original, "marker": code, "currency": currency.upper()}
            )
    sign = ""
    if value[:1] in "+-":
        sign, value = value[:1], value[1:].strip()
    whole_amount = value.endswith((",-", ".-"))
    try:
        if whole_amount or convention is None or _GROUPING.search(value) or not re.fullmatch(r"[0-9.,]+", value):
            # amount_parse settles these on its own terms (spaces group; ",-" closes a whole amount).
            # A marker tells amount_parse the cell is money (two decimals at most); which one was checked above.
            marked = f"USD {value}" if code is not None else value
            number = amount_parse(f"{sign}{marked}", whole=column.whole)
        else:
            number = Decimal(sign + _canonical(value, convention, original))
    except AmountError as error:
        if column.money or error.code != "invalid":
            raise NumberProblem(error.message) from error
        raise NumberProblem(_("“%(value)s” is not a number.") % {"value": original}) from error
    if not number.is_finite():
        raise NumberProblem(_("“%(value)s” is not a number.") % {"value": original})
    return fraction_zeros_drop(number)


def fraction_zeros_drop(number: Decimal) -> Decimal:
    """The number without the zeros ending its decimals: `6,00` (Excel showing two decimals) is 6, so a
    field with one decimal place takes it; `6,05` keeps its two decimals (and is refused there).
    Whole digits stay: 600 is not 6E+2."""
    exponent = number.as_tuple().exponent
    if not isinstance(exponent, int) or exponent >= 0:
        return number
    trimmed = number.normalize()
    trimmed_exponent = trimmed.as_tuple().exponent
    if isinstance(trimmed_exponent, int) and trimmed_exponent > 0:
        try:
            return trimmed.quantize(Decimal(1))
        except InvalidOperation:  # more whole digits than the context keeps: left for the field's bounds
            return number
    return trimmed


def cell_number_read(
    value: object, *, column: NumberColumn, convention: str | None, currency: str | None
) -> Decimal | int | None:
    """Any upload cell (text, number or marker) as the number its column wants, or NumberProblem."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, Formula):
        raise NumberProblem(_("Formulas are not accepted: paste the value instead."))
    if isinstance(value, ExcelDate):
        raise NumberProblem(_("This is a date; a number was expected."))
    if isinstance(value, bool):
        raise NumberProblem(_("This is TRUE/FALSE; a number was expected."))
    if isinstance(value, ErrorValue):
        raise NumberProblem(_("This cell holds the error %(code)s; a number was expected.") % {"code": value.code})
    if isinstance(value, Percent):
        if not column.percent:
            raise NumberProblem(
                _("This cell is formatted as a percentage (%(value)s), but this column is not in per cent.")
                % {"value": value}
            )
        # As shown: 6.25 % is 6.25, not 6.2500 (the trailing zeros of the fraction times 100 would count
        # as decimal places against the field), and 100 % is 100, not 1E+2.
        shown = Decimal(format(value.fraction * 100, ".15g")).normalize()
        return shown.quantize(Decimal(1)) if shown == shown.to_integral_value() else shown
    if isinstance(value, Decimal):
        return fraction_zeros_drop(value)
    if isinstance(value, int):
        return value
    return text_number_read(str(value), column=column, convention=convention, currency=currency)
