"""The one bound every stored amount keeps: at most 15 significant digits and below 2**53.

Why: SQLite stores a decimal with cents as a 64-bit float, which keeps 15 significant digits
exactly (IEEE 754 binary64), and Django's SQLite converter fails (InvalidOperation, a 500 on
every page showing it) on a float that no longer fits the column's `max_digits`; Excel keeps
15 significant digits too (Microsoft, "Excel specifications and limits", number precision);
and the engine takes amounts up to 2**53 - 1 (`assessments.engine.schema.MAX_MONEY`: every
whole number below 2**53 is exact in a double). An amount outside is refused, never rounded.

Forms (`AmountField`), model fields (`MONEY_VALIDATORS`), the API serializers and every import
(assessment workbook/CSV, actuals, catalogue) use `money_bounds_validate`.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

__all__ = ["MONEY_LIMIT", "MONEY_SIGNIFICANT_DIGITS", "MONEY_VALIDATORS", "money_bounds_validate"]

MONEY_SIGNIFICANT_DIGITS = 15
# Exclusive: the engine's MAX_MONEY is 2**53 - 1 (tests/security/test_money_bounds.py checks they agree).
MONEY_LIMIT = Decimal(2**53)


def money_bounds_validate(value: Decimal | int | float | None) -> None:
    """Refuse an amount with more than 15 significant digits (ValidationError, code "precision") or whose
    size is 2**53 or more (code "max_value"). None, and non-finite values (refused by the parsers), pass."""
    if value is None or isinstance(value, bool):
        return
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        return
    if abs(number) >= MONEY_LIMIT:
        raise ValidationError(
            _(
                "%(value)s is too large: an amount must stay below 9,007,199,254,740,992 (2^53), "
                "the largest whole number a spreadsheet or the calculation keeps exactly."
            ),
            code="max_value",
            params={"value": value},
        )
    if len(number.normalize().as_tuple().digits) > MONEY_SIGNIFICANT_DIGITS:
        raise ValidationError(
            _(
                "%(value)s has more than 15 significant digits, more than a spreadsheet or the database keeps "
                "exactly. Round it, for example to whole units."
            ),
            code="precision",
            params={"value": value},
        )


MONEY_VALIDATORS = [money_bounds_validate]
