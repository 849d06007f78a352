"""Validation of catalogue rows (the flat layout of `providers.spreadsheet`).

Pure: it takes the cells (text, or workbook numbers) and the known codes and returns
typed records plus every error (`outsourcing.uploads.RowError`) with its row number,
column and reason. Numbers are read by the shared upload reader's rules (decimal
convention per column, no guessing: `outsourcing.uploads.numbers`). Nothing here touches the database, so
an import can check a whole file before it writes anything.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_slug
from django.utils.translation import gettext as _

from outsourcing.uploads import NumberProblem, RowError, cell_number_read, text_cell_problem
from outsourcing.uploads.cells import is_blank
from outsourcing.uploads.numbers import COMMA
from providers.models import DeliveryModel
from providers.spreadsheet import NUMBER_COLUMNS, OFFERING_COLUMNS, PROVIDER_COLUMNS

PRICE_INDEX_MAX = Decimal("5")
MIN_CONTRACT_MONTHS_MAX = 240
EXPERIENCE_YEARS_MAX = 100
CAPACITY_FTES_MAX = 1_000_000
EMPLOYEES_MAX = 10_000_000
FOUNDED_YEAR_MIN = 1800
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "ya"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "tidak"})


@dataclass(frozen=True)
class ProviderRecord:
    slug: str
    name: str
    description: str
    website: str
    headquarters_country: str
    regions: tuple[str, ...]
    certifications: tuple[str, ...]
    founded_year: int | None
    employees: int | None
    rating: Decimal
    is_active: bool


@dataclass(frozen=True)
class OfferingRecord:
    provider: str
    capability: str
    delivery_model: str
    price_index: Decimal
    capacity_ftes: int
    min_contract_months: int
    quality_score: Decimal
    experience_years: int


@dataclass
class ValidatedRows:
    providers: dict[str, ProviderRecord] = field(default_factory=dict)
    offerings: list[OfferingRecord] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


class CellError(ValueError):
    pass


_REFUSED = "\x00refused"


def _cell_text(column: str, value: Any, convention: str | None) -> str:
    """A cell as the text the parsers below read: numbers canonical (1234.5), markers refused."""
    if column in NUMBER_COLUMNS:
        try:
            number = cell_number_read(value, column=NUMBER_COLUMNS[column], convention=convention, currency=None)
        except NumberProblem as problem:
            raise CellError(problem.message) from problem
        return "" if number is None else format(number, "f")
    text_problem = text_cell_problem(value)
    if text_problem:
        raise CellError(text_problem)
    return "" if is_blank(value) else str(value).strip()


# --- Cell parsers: each returns the typed value or raises CellError with the reason ----


def _text(value: str, *, max_length: int, required: bool = False) -> str:
    if required and not value:
        raise CellError(_("is required"))
    if len(value) > max_length:
        raise CellError(_("is longer than %(max)s characters") % {"max": max_length})
    return value


def _slug(value: str) -> str:
    _text(value, max_length=160, required=True)
    try:
        validate_slug(value)
    except ValidationError as exc:
        raise CellError(_("must contain only letters, digits, hyphens and underscores")) from exc
    return value


def _url(value: str) -> str:
    if not value:
        return ""
    _text(value, max_length=200)
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError as exc:
        raise CellError(_("is not a web address starting with http:// or https://")) from exc
    return value


def _decimal(
    value: str, *, places: int, low: Decimal, high: Decimal, low_open: bool = False, decimal_comma: bool
) -> Decimal:
    if not value:
        raise CellError(_("is required"))
    if decimal_comma:
        value = value.replace(",", ".")
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise CellError(_("“%(value)s” is not a number") % {"value": value}) from exc
    if not number.is_finite():
        raise CellError(_("“%(value)s” is not a number") % {"value": value})
    if number < low or (low_open and number == low) or number > high:
        if low_open:
            message = _("%(value)s is out of range: it must be more than %(low)s and at most %(high)s")
        else:
            message = _("%(value)s is out of range: it must be between %(low)s and %(high)s")
        raise CellError(message % {"value": value, "low": low, "high": high})
    quantum = Decimal(1).scaleb(-places)
    if number != number.quantize(quantum):
        raise CellError(_("has more than %(places)s decimal places") % {"places": places})
    return number.quantize(quantum)


def _integer(value: str, *, low: int, high: int, required: bool = True) -> int | None:
    if not value:
        if required:
            raise CellError(_("is required"))
        return None
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise CellError(_("“%(value)s” is not a whole number") % {"value": value}) from exc
    # Spreadsheets store every number as a float: 12.0 is a whole number, 12.5 is not.
    if not number.is_finite() or number != number.to_integral_value():
        raise CellError(_("“%(value)s” is not a whole number") % {"value": value})
    if number < 0 and low >= 0:
        raise CellError(_("%(value)s is negative; it must be %(low)s or more") % {"value": value, "low": low})
    if number < low or number > high:
        raise CellError(
            _("%(value)s is out of range: it must be between %(low)s and %(high)s")
            % {"value": value, "low": low, "high": high}
        )
    return int(number)


def _boolean(value: str) -> bool:
    word = value.lower()
    if word == "" or word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(_("“%(value)s” is not true or false") % {"value": value})


def _codes(value: str, *, known: set[str], kind: str) -> tuple[str, ...]:
    codes = sorted({code.strip().lower() for code in value.split(";") if code.strip()})
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise CellError(
            _("unknown %(kind)s code(s): %(codes)s (known: %(known)s)")
            % {"kind": kind, "codes": ", ".join(unknown), "known": ", ".join(sorted(known))}
        )
    return tuple(codes)


def _choice(value: str, *, known: set[str], kind: str) -> str:
    code = value.strip().lower()
    if not code:
        raise CellError(_("is required"))
    if code not in known:
        raise CellError(
            _("unknown %(kind)s “%(value)s” (known: %(known)s)")
            % {"kind": kind, "value": value, "known": ", ".join(sorted(known))}
        )
    return code


# --- Rows ----------------------------------------------------------------------------


def catalogue_rows_validate(
    *,
    rows: list[tuple[int, dict[str, str]]],
    capability_codes: set[str],
    region_codes: set[str],
    certification_codes: set[str],
    decimal_comma: bool = False,
    conventions: dict[str, str | None] | None = None,
) -> ValidatedRows:
    """Check every row; the result's records are complete only when `errors` is empty.

    `conventions` gives each number column's decimal convention (see `FileRows`);
    `decimal_comma=True` without it means a decimal comma in every number column.
    """
    result = ValidatedRows()
    first_row_of: dict[str, int] = {}
    seen_offerings: dict[tuple[str, str, str], int] = {}
    this_year = date.today().year
    delivery_models = {choice.value for choice in DeliveryModel}

    if not conventions and decimal_comma:
        conventions = dict.fromkeys(NUMBER_COLUMNS, COMMA)
    conventions = conventions or {}

    for row_number, raw_cells in rows:
        errors: list[RowError] = []
        cells: dict[str, str] = {}
        for column, value in raw_cells.items():
            try:
                cells[column] = _cell_text(column, value, conventions.get(column))
            except CellError as exc:
                errors.append(RowError(row_number, column, str(exc)))
                cells[column] = _REFUSED

        def parse(
            column: str,
            parser,
            *args: Any,
            errors: list[RowError] = errors,
            row: int = row_number,
            cells: dict[str, str] = cells,
            **kwargs: Any,
        ):
            if cells[column] is _REFUSED:
                return None
            try:
                return parser(cells[column], *args, **kwargs)
            except CellError as exc:
                errors.append(RowError(row, column, str(exc)))
                return None

        provider_values = {
            "slug": parse("slug", _slug),
            "name": parse("name", _text, max_length=160, required=True),
            "description": parse("description", _text, max_length=5000),
            "website": parse("website", _url),
            "headquarters_country": parse("headquarters_country", _text, max_length=80),
            "regions": parse("regions", _codes, known=region_codes, kind=_("region")),
            "certifications": parse("certifications", _codes, known=certification_codes, kind=_("certification")),
            "founded_year": parse("founded_year", _integer, low=FOUNDED_YEAR_MIN, high=this_year, required=False),
            "employees": parse("employees", _integer, low=0, high=EMPLOYEES_MAX, required=False),
            "rating": parse("rating", _decimal, places=2, low=Decimal(0), high=Decimal(5), decimal_comma=False)
            if cells["rating"]
            else Decimal("0.00"),
            "active": parse("active", _boolean),
        }

        offering_cells = [cells[column] for column in OFFERING_COLUMNS]
        offering_values: dict[str, Any] | None = None
        if any(offering_cells):
            offering_values = {
                "capability": parse("capability", _choice, known=capability_codes, kind=_("capability")),
                "delivery_model": parse("delivery_model", _choice, known=delivery_models, kind=_("delivery model")),
                "price_index": parse(
                    "price_index",
                    _decimal,
                    places=2,
                    low=Decimal(0),
                    high=PRICE_INDEX_MAX,
                    low_open=True,
                    decimal_comma=False,
                ),
                "capacity_ftes": parse("capacity_ftes", _integer, low=0, high=CAPACITY_FTES_MAX),
                "min_contract_months": parse("min_contract_months", _integer, low=1, high=MIN_CONTRACT_MONTHS_MAX)
                if cells["min_contract_months"]
                else 12,
                "quality_score": parse(
                    "quality_score", _decimal, places=1, low=Decimal(0), high=Decimal(10), decimal_comma=False
                ),
                "experience_years": parse("experience_years", _integer, low=0, high=EXPERIENCE_YEARS_MAX),
            }

        slug = provider_values["slug"]
        if slug is not None:
            record_errors = not any(error.column in PROVIDER_COLUMNS for error in errors)
            if slug not in first_row_of:
                first_row_of[slug] = row_number
                if record_errors:
                    result.providers[slug] = _provider_record(provider_values)
            elif slug in result.providers:
                # Provider columns repeat on every offering row and must say the same thing.
                known = result.providers[slug]
                failed = {error.column for error in errors}
                for column, attribute in _PROVIDER_ATTRIBUTES.items():
                    if column not in failed and getattr(known, attribute) != provider_values[column]:
                        errors.append(
                            RowError(
                                row_number,
                                column,
                                _("differs from row %(row)s for the same provider slug “%(slug)s”")
                                % {"row": first_row_of[slug], "slug": slug},
                            )
                        )

        if offering_values is not None and slug is not None:
            key = (slug, offering_values["capability"], offering_values["delivery_model"])
            if None not in key:
                if key in seen_offerings:
                    errors.append(
                        RowError(
                            row_number,
                            "capability",
                            _("duplicate: row %(row)s already has %(slug)s / %(capability)s / %(delivery)s")
                            % {"row": seen_offerings[key], "slug": key[0], "capability": key[1], "delivery": key[2]},
                        )
                    )
                else:
                    seen_offerings[key] = row_number
            if not errors:
                result.offerings.append(OfferingRecord(provider=slug, **offering_values))

        result.errors.extend(errors)
    return result


_PROVIDER_ATTRIBUTES = {
    "name": "name",
    "description": "description",
    "website": "website",
    "headquarters_country": "headquarters_country",
    "regions": "regions",
    "certifications": "certifications",
    "founded_year": "founded_year",
    "employees": "employees",
    "rating": "rating",
    "active": "is_active",
}


def _provider_record(values: dict[str, Any]) -> ProviderRecord:
    return ProviderRecord(
        slug=values["slug"],
        name=values["name"],
        description=values["description"],
        website=values["website"],
        headquarters_country=values["headquarters_country"],
        regions=values["regions"],
        certifications=values["certifications"],
        founded_year=values["founded_year"],
        employees=values["employees"],
        rating=values["rating"],
        is_active=values["active"],
    )
