"""The forms' field types: amounts typed as consultants write them, per cents, whole numbers, scores,
capabilities.

Amounts (`1.234.567,89`, `1,234,567.89`, `Rp 1.234.567`) are read with
`outsourcing.money.amount_parse`; an ambiguous one is refused at the field. Shares and rates are
typed in per cent (`11`, `11 %`, `11,5`) and stored as fractions (`PercentField`).
"""

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import formats, numberformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from outsourcing.money import AmountError, amount_parse
from outsourcing.money_bounds import MONEY_LIMIT, money_bounds_validate
from providers.models import Capability

SCORE_CHOICES = [("", "–"), *[(score, str(score)) for score in range(1, 6)]]


def number_shown(value: Any) -> str:
    """A number in a message, in the active language's format: `0,01` in Indonesian, `0.01` in English."""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    return formats.number_format(number.normalize() if number == number.to_integral_value() else number, use_l10n=True)


class RangeLimits:
    """The range a model field's validators allow, checked at the form field with a message that
    quotes that range in the reader's number format ("Enter a number from 0 to 70.", "Enter a
    whole number from 1 to 20."), instead of the model's own message (with `0.01` in every
    language) after the form, or the money bound (2^53) for a field whose range is far smaller.

    `limits_from(validators)` takes the tightest MinValueValidator and MaxValueValidator."""

    limit_low: Decimal | None = None
    limit_high: Decimal | None = None
    whole = False

    def limits_from(self, validators: Any) -> None:
        for validator in validators:
            if not isinstance(validator, MinValueValidator | MaxValueValidator) or callable(validator.limit_value):
                continue
            limit = validator.limit_value
            limit = Decimal(str(limit))
            if isinstance(validator, MinValueValidator) and (self.limit_low is None or limit > self.limit_low):
                self.limit_low = limit
            elif isinstance(validator, MaxValueValidator) and (self.limit_high is None or limit < self.limit_high):
                self.limit_high = limit

    def limits_check(self, number: Decimal | int) -> None:
        low, high = self.limit_low, self.limit_high
        below = low is not None and number < low
        above = high is not None and number > high
        if not (below or above):
            return
        params = {
            "low": number_shown(low) if low is not None else "",
            "high": number_shown(high) if high is not None else "",
        }
        if low is not None and high is not None:
            message = (
                _("Enter a whole number from %(low)s to %(high)s.")
                if self.whole
                else _("Enter a number from %(low)s to %(high)s.")
            )
        elif low is not None:
            message = (
                _("Enter a whole number of at least %(low)s.")
                if self.whole
                else _("Enter a number of at least %(low)s.")
            )
        else:
            message = (
                _("Enter a whole number of at most %(high)s.")
                if self.whole
                else _("Enter a number of at most %(high)s.")
            )
        raise ValidationError(message, code="min_value" if below else "max_value", params=params)


def field_limits_apply(form: forms.ModelForm) -> None:
    """Give each amount and whole-number field of a model form its model field's range (RangeLimits)."""
    model = form._meta.model
    for name, field in form.fields.items():
        if isinstance(field, RangeLimits):
            try:
                model_field = model._meta.get_field(name)
            except FieldDoesNotExist:  # a form-only field has no model range
                continue
            field.limits_from(getattr(model_field, "validators", ()))


class AmountInput(forms.TextInput):
    """A text box showing numbers grouped in the reader's language, always with their decimals.

    The decimals are what keep a redisplayed value unambiguous when it is sent back
    (`4.800,00`, never `4.800`).
    """

    def __init__(self, attrs: dict | None = None, decimal_places: int | None = 2, trim: bool = False) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", "class": "text-end", **(attrs or {})})
        self.decimal_places = decimal_places
        self.trim = trim

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            places = self.decimal_places
            if self.trim and isinstance(value, Decimal):
                # Fractions (0.1000 stored) read better as 0.10; below 1 they are never ambiguous.
                exponent = value.normalize().as_tuple().exponent
                places = max(2, -exponent if isinstance(exponent, int) and exponent < 0 else 0)
            return numberformat.format(
                value,
                formats.get_format("DECIMAL_SEPARATOR"),
                decimal_pos=places,
                grouping=3,
                thousand_sep=formats.get_format("THOUSAND_SEPARATOR"),
                force_grouping=bool(places),
            )
        return super().format_value(value)


class AmountField(RangeLimits, forms.DecimalField):
    """A decimal typed in Indonesian or English style, with or without a currency.

    Every amount keeps the shared bound (`outsourcing.money_bounds`): at most 15 significant digits
    and below 2**53; beyond, ValidationError code `precision` or `max_value` at the field."""

    widget = AmountInput
    default_validators = [money_bounds_validate]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.widget.decimal_places = self.decimal_places

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # the stubs give DecimalField IntegerField's int
        if value in self.empty_values:
            return None
        try:
            number = amount_parse(value.strip() if isinstance(value, str) else value)
        except AmountError as error:
            raise ValidationError(error.message, code=error.code) from error
        # The field's own range first (it is the narrower one), then the bound: an amount beyond
        # it gets that one message, not Django's digit counts too.
        self.limits_check(number)
        money_bounds_validate(number)
        return _extra_zeros_drop(number, self.decimal_places)

    def widget_attrs(self, widget: forms.Widget) -> dict:
        # The inherited attributes (step, min, max) only make sense on number inputs.
        return forms.Field.widget_attrs(self, widget)


def _extra_zeros_drop(number: Decimal, places: int | None) -> Decimal:
    """`6,00` in a field of one decimal place is 6.0 (Excel writes the zeros a cell's format shows);
    `6,05` stays as typed, for the field to refuse."""
    exponent = number.as_tuple().exponent
    if places is None or not isinstance(exponent, int) or -exponent <= places:
        return number
    try:
        rounded = number.quantize(Decimal(1).scaleb(-places))
    except InvalidOperation:  # more digits than the context keeps: left for the field's bounds
        return number
    return rounded if rounded == number else number


_PERCENT = re.compile(r"^(?P<number>[+-]?\d+(?:[.,]\d+)?)\s*%?$")
HUNDRED = Decimal(100)


class PercentInput(forms.TextInput):
    """A text box showing a fraction in per cent, in the reader's language: 0.11 as `11`, 0.035 as
    `3.5` (English) or `3,5` (Indonesian). The `%` sign stands beside the box (the form's layout)."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", "class": "text-end", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, str):
            return value  # what the user typed, shown back as typed (with its error)
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            try:
                percent = (Decimal(str(value)) * HUNDRED).normalize()
            except InvalidOperation:
                return str(value)
            if not percent.is_finite():
                return str(value)
            exponent = percent.as_tuple().exponent
            places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
            return numberformat.format(percent, formats.get_format("DECIMAL_SEPARATOR"), decimal_pos=places)
        return super().format_value(value)


class PercentField(forms.DecimalField):
    """A share or a rate typed in per cent and cleaned to its fraction (Decimal): `11`, `11 %`,
    `11.5` or `11,5` (either mark is the decimal one; a per cent has no thousands) give 0.11 and
    0.115.

    `min_value` and `max_value` are fractions (`limits_from` reads them from a model field's
    validators); a per cent outside them (0 % to 100 % without them), or with more
    decimals than the fraction keeps (`decimal_places` - 2), is refused at the field with a
    message in per cent. Raises ValidationError codes `invalid`, `min_value`, `max_value`,
    `max_decimal_places`.
    """

    widget = PercentInput
    default_error_messages = {
        "invalid": _("Enter a per cent, e.g. 11 or 11.5."),
        "range": _("Enter a per cent from %(low)s to %(high)s."),
        "whole": _("Enter a whole per cent."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The range and the places are checked in to_python, in per cent; the fraction's own
        # validators would speak in fractions ("less than or equal to 0.5").
        self.validators = []

    def limits_from(self, validators: Any) -> None:
        """Take `min_value` and `max_value` (fractions) from a model field's validators."""
        for validator in validators:
            if isinstance(validator, MinValueValidator):
                self.min_value = validator.limit_value
            elif isinstance(validator, MaxValueValidator):
                self.max_value = validator.limit_value

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]  # the stubs give DecimalField IntegerField's int
        if value in self.empty_values:
            return None
        if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
            percent = Decimal(str(value))
        else:
            match = _PERCENT.match(str(value).strip().replace("\u00a0", " ").replace("\u202f", " "))
            if match is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            percent = Decimal(match["number"].replace(",", "."))
        low = self._percent(self.min_value, default=Decimal(0))
        high = self._percent(self.max_value, default=HUNDRED)
        if not low <= percent <= high:
            code = "min_value" if percent < low else "max_value"
            raise ValidationError(
                self.error_messages["range"], code=code, params={"low": _shown(low), "high": _shown(high)}
            )
        if self.decimal_places is not None:
            places = max(self.decimal_places - 2, 0)
            exponent = percent.normalize().as_tuple().exponent
            if isinstance(exponent, int) and -exponent > places:
                if places == 0:
                    raise ValidationError(self.error_messages["whole"], code="max_decimal_places")
                message = ngettext(
                    "Enter at most %(places)s decimal for this per cent.",
                    "Enter at most %(places)s decimals for this per cent.",
                    places,
                )
                raise ValidationError(message, code="max_decimal_places", params={"places": places})
        return percent / HUNDRED

    @staticmethod
    def _percent(fraction: Any, *, default: Decimal) -> Decimal:
        return default if fraction is None else Decimal(str(fraction)) * HUNDRED

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)

    def has_changed(self, initial: Any, data: Any) -> bool:
        try:
            return self.to_python(data) != (None if initial in self.empty_values else Decimal(str(initial)))
        except ValidationError:
            return True

    def widget_attrs(self, widget: forms.Widget) -> dict:
        # The inherited attributes (step, min, max) are for number inputs, and in fractions.
        return forms.Field.widget_attrs(self, widget)


def _shown(percent: Decimal) -> str:
    return formats.number_format(percent.normalize(), use_l10n=True)


class WholeNumberField(RangeLimits, forms.IntegerField):
    """A whole number, read like an amount: `1.200.000`, `1,200,000` and `37.200` work; `120.000` is refused
    (120 or 120000?)."""

    widget = forms.TextInput
    whole = True

    def to_python(self, value: Any) -> int | None:
        """The whole number typed, or ValidationError: code `invalid` with the whole-number message for
        anything that is not a number (`Infinity`, `1e309`, `10 %`) or has decimals; `ambiguous` and
        `grouping` as `amount_parse` explains them; `max_value` at 2**53 and beyond."""
        if value in self.empty_values:
            return None
        try:
            number = amount_parse(value.strip() if isinstance(value, str) else value, whole=True)
        except AmountError as error:
            if error.code in ("ambiguous", "grouping"):
                raise ValidationError(error.message, code=error.code) from error
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error
        if number != number.to_integral_value():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        self.limits_check(number)  # the field's own range (1 to 20), before the general bound
        if abs(number) >= MONEY_LIMIT:
            raise ValidationError(
                _("Enter a whole number below 9,007,199,254,740,992 (2^53)."),
                code="max_value",
            )
        return int(number)

    def widget_attrs(self, widget: forms.Widget) -> dict:
        return {**forms.Field.widget_attrs(self, widget), "inputmode": "numeric", "class": "text-end"}


class ScoreField(forms.TypedChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("max_value", None)
        kwargs.pop("min_value", None)
        kwargs.setdefault("error_messages", {"invalid_choice": _("Choose a score from 1 to 5.")})
        super().__init__(choices=SCORE_CHOICES, coerce=int, empty_value=None, **kwargs)


class CapabilityField(forms.ChoiceField):
    """A capability chosen by code from a preloaded catalogue (no query per row)."""

    def __init__(self, *, capabilities: Mapping[str, Capability] | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {"invalid_choice": _("“%(value)s” is not a capability of this list.")})
        super().__init__(**kwargs)
        self.set_capabilities(capabilities or {})

    def set_capabilities(self, capabilities: Mapping[str, Capability]) -> None:
        self.capabilities = dict(capabilities)
        self.choices = [("", _("Choose…")), *[(code, str(capability)) for code, capability in capabilities.items()]]

    def to_python(self, value: Any) -> Capability | None:
        if value in self.empty_values:
            return None
        code = str(value).strip()
        capability = self.capabilities.get(code) or self.capabilities.get(code.lower())
        if capability is None:
            # The name as shipped (English) or as the reader sees it (their language).
            by_name = {c.name.casefold(): c for c in self.capabilities.values()}
            by_name.update({str(c).casefold(): c for c in self.capabilities.values()})
            capability = by_name.get(code.casefold())
        if capability is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": code})
        return capability

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)

    def prepare_value(self, value: Any) -> Any:
        return value.code if isinstance(value, Capability) else value

    def has_changed(self, initial: Any, data: Any) -> bool:
        return (self.prepare_value(initial) or "") != (data or "")


class YesNoInput(forms.CheckboxInput):
    """A checkbox that hands the field what was sent as it is (a checkbox's "on", or a typed word), where
    Django's CheckboxInput turns any text but "true"/"false" into True before the field sees it."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)


class YesNoField(forms.BooleanField):
    """A yes/no cell: a checkbox's value, or a word from a workbook or the grid (TRUE / FALSE, yes / no,
    ya / tidak, 1 / 0; empty = no). Anything else is refused, where Django's BooleanField would read
    "no" as yes."""

    widget = YesNoInput
    YES = frozenset({"true", "yes", "ya", "y", "1", "on", "x"})
    NO = frozenset({"", "false", "no", "tidak", "n", "0", "off"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["required"] = False
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> bool:
        if value is None or isinstance(value, bool):
            return bool(value)
        if isinstance(value, int | float | Decimal):
            if value in (0, 1):
                return bool(value)
        else:
            text = str(value).strip().casefold()
            if text in self.YES:
                return True
            if text in self.NO:
                return False
        raise ValidationError(_("Enter yes or no (TRUE or FALSE)."), code="invalid")
