"""Amounts typed in Indonesian or English style are read exactly or refused, never misread."""

from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from outsourcing.money import AmountError, amount_parse, money_format, percent_format

MONEY = st.decimals(min_value=0, max_value=Decimal("999999999999999999.99"), places=2, allow_nan=False)


def english(value: Decimal, places: int = 2) -> str:
    return f"{value:,.{places}f}"


def indonesian(value: Decimal, places: int = 2) -> str:
    return english(value, places).replace(",", "_").replace(".", ",").replace("_", ".")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234.567,89", "1234567.89"),
        ("1,234,567.89", "1234567.89"),
        ("1234567.89", "1234567.89"),
        ("1234567,89", "1234567.89"),
        ("1234567", "1234567"),
        ("Rp 1.234.567", "1234567"),
        ("Rp. 1.234.567,50", "1234567.50"),
        ("Rp1.234", "1234"),
        ("IDR 1,234,567", "1234567"),
        ("idr 1.234.567", "1234567"),
        ("$1,200", "1200"),
        ("US$ 1,200.50", "1200.50"),
        ("€ 1.200,50", "1200.50"),
        ("1.200,50 €", "1200.50"),
        ("EUR 1.200", "1200"),
        ("Rp 1.500.000,-", "1500000"),
        ("1.500,-", "1500"),
        ("50.000.000.000.000,00", "50000000000000.00"),
        ("50,000,000,000,000.00", "50000000000000.00"),
        ("1 234 567,89", "1234567.89"),
        ("1\u00a0234\u00a0567.89", "1234567.89"),
        ("0,125", "0.125"),
        ("0.5", "0.5"),
        (",5", "0.5"),
        ("12,5", "12.5"),
        ("1234.567", "1234.567"),
        ("  42  ", "42"),
        ("-1.000,50", "-1000.50"),
        ("+7", "7"),
    ],
)
def test_worked_examples(text, expected):
    assert amount_parse(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["1.234", "1,234", "999.000", "12,345"])
def test_a_lone_separator_before_three_digits_is_refused_as_ambiguous(text):
    with pytest.raises(AmountError) as caught:
        amount_parse(text)
    assert caught.value.code == "ambiguous"
    # The message names the accepted ways to write it.
    assert "1.234,00" in caught.value.message
    assert "1,234.00" in caught.value.message


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "required"),
        ("   ", "required"),
        ("abc", "invalid"),
        ("1e5", "invalid"),
        ("12.34.567", "grouping"),
        ("1,234,56", "grouping"),
        ("1.234.567.89,00,00", "invalid"),
        ("1.", "invalid"),
        ("1,2,3", "grouping"),
        ("1 23 456", "grouping"),
        ("Rp", "invalid"),
        ("--5", "invalid"),
        ("£ 5", "invalid"),
    ],
)
def test_malformed_amounts_are_refused_with_a_message(text, code):
    with pytest.raises(AmountError) as caught:
        amount_parse(text)
    assert caught.value.code == code
    assert caught.value.message
    assert isinstance(caught.value, ValueError)


def test_numbers_that_are_already_numeric_are_taken_as_they_are():
    assert amount_parse(1234567) == Decimal("1234567")
    assert amount_parse(1234567.89) == Decimal("1234567.89")
    assert amount_parse(Decimal("50000000000000.00")) == Decimal("50000000000000.00")
    assert amount_parse(5e13) == Decimal("50000000000000")


@pytest.mark.parametrize("value", [True, float("nan"), float("inf"), Decimal("NaN"), None, [1]])
def test_non_amount_values_are_refused(value):
    with pytest.raises(AmountError):
        amount_parse(value)


def test_tens_of_trillions_of_rupiah_fit_exactly():
    value = amount_parse("Rp 98.765.432.109.876,54")
    assert value == Decimal("98765432109876.54")
    assert len(value.as_tuple().digits) <= 20


@given(MONEY)
def test_round_trip_english_style(value):
    assert amount_parse(english(value)) == value


@given(MONEY)
def test_round_trip_indonesian_style(value):
    assert amount_parse(indonesian(value)) == value


@given(MONEY)
def test_round_trip_plain(value):
    assert amount_parse(format(value, "f")) == value


@given(MONEY, st.sampled_from(["Rp ", "IDR ", "$", "€ ", "EUR "]))
def test_round_trip_with_a_currency(value, prefix):
    assert amount_parse(prefix + indonesian(value)) == value
    assert amount_parse(prefix + english(value)) == value


@given(st.integers(min_value=1_000_000, max_value=10**18))
def test_whole_amounts_with_two_or_more_groups_are_unambiguous(value):
    as_decimal = Decimal(value)
    assert amount_parse(english(as_decimal, 0)) == as_decimal
    assert amount_parse(indonesian(as_decimal, 0)) == as_decimal


@given(st.integers(min_value=1_000, max_value=999_999))
def test_whole_amounts_with_one_group_are_refused_without_a_currency(value):
    with pytest.raises(AmountError):
        amount_parse(english(Decimal(value), 0))
    assert amount_parse("Rp " + indonesian(Decimal(value), 0)) == value


@pytest.mark.parametrize(("text", "expected"), [("37.200", 37200), ("37,200", 37200), ("1.200.000", 1200000)])
def test_counts_read_a_lone_separator_as_thousands_when_only_that_is_whole(text, expected):
    assert amount_parse(text, whole=True) == expected


@pytest.mark.parametrize("text", ["120.000", "5,000"])
def test_counts_ending_in_000_stay_ambiguous(text):
    with pytest.raises(AmountError):
        amount_parse(text, whole=True)


# --- Writing amounts for the active language --------------------------------------------

LANGUAGE_CASES = [
    ("en", Decimal("1234567890"), "IDR", "IDR\u00a01,234,567,890"),
    ("id", Decimal("1234567890"), "IDR", "Rp\u00a01.234.567.890"),
    ("id", Decimal("-1500"), "EUR", "-€\u00a01.500"),
    ("en", Decimal("-1500"), "EUR", "-EUR\u00a01,500"),
    ("id", Decimal("250"), "SGD", "S$\u00a0250"),
    ("id", Decimal("99"), "USD", "US$\u00a099"),
]


@pytest.mark.parametrize(("language", "value", "currency", "expected"), LANGUAGE_CASES)
def test_money_is_written_for_the_active_language(language, value, currency, expected):
    with translation.override(language):
        assert money_format(value, currency) == expected


def test_tens_of_trillions_of_rupiah_keep_every_digit():
    value = Decimal("98765432109876.54")
    with translation.override("id"):
        assert money_format(value, "IDR", decimals=2) == "Rp\u00a098.765.432.109.876,54"
    with translation.override("en"):
        assert money_format(value, "IDR", decimals=2) == "IDR\u00a098,765,432,109,876.54"


def test_percentages_use_the_language_decimal_separator():
    with translation.override("id"):
        assert percent_format(0.183) == "18,3 %"
    with translation.override("en"):
        assert percent_format(0.183) == "18.3 %"
    assert percent_format(None) == "–"


@settings(max_examples=300, deadline=None)
@given(
    value=st.decimals(min_value=Decimal("-99999999999999.99"), max_value=Decimal("99999999999999.99"), places=2),
    language=st.sampled_from(["en", "id"]),
    currency=st.sampled_from(["IDR", "USD", "EUR", "SGD"]),
)
def test_money_written_in_either_language_reads_back_exactly(value, language, currency):
    with translation.override(language):
        written = money_format(value, currency, decimals=2)
    assert amount_parse(written) == value
