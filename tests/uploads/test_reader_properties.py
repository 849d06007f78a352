"""Property tests of the shared upload reader (no database): decimal convention, currency markers,
percent cells, sheet choice, empty rows, and CSV neutralisation."""

import io
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.styles import Font

from outsourcing.spreadsheets import FORMULA_TRIGGERS, csv_cell, csv_cell_restore
from outsourcing.uploads import (
    Budgets,
    NumberColumn,
    NumberProblem,
    Percent,
    UploadRefused,
    cell_number_read,
    column_index,
    column_letter,
    conventions_decide,
    upload_tables,
)
from outsourcing.uploads.numbers import COMMA, POINT, text_number_read

AMOUNT = NumberColumn(money=True)
PLAIN = NumberColumn()
BUDGETS = Budgets(
    max_bytes=2 * 1024 * 1024,
    max_rows=5000,
    max_rows_scanned=50_000,
    max_columns=200,
    max_cells=200_000,
    max_uncompressed_bytes=32 * 1024 * 1024,
    max_errors=200,
    max_seconds=10,
)
amounts = st.decimals(min_value=0, max_value=Decimal("9999999999999.99"), places=2, allow_nan=False)


def written(value: Decimal, convention: str, *, grouped: bool = True) -> str:
    """`value` as a spreadsheet in that convention shows it: 1.234.567,89 or 1,234,567.89."""
    text = f"{value:,.2f}" if grouped else f"{value:.2f}"
    if convention == COMMA:
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def read_column(texts: list[str], column: NumberColumn = PLAIN, currency: str | None = None) -> list[Decimal]:
    convention = conventions_decide({"x": texts})["x"]
    return [text_number_read(text, column=column, convention=convention, currency=currency) for text in texts]


# --- Decimal convention ---------------------------------------------------------------------------


@given(st.lists(amounts, min_size=1, max_size=8), st.sampled_from([COMMA, POINT]), st.booleans())
def test_a_column_written_in_one_convention_is_read_exactly(values, convention, grouped):
    texts = [written(value, convention, grouped=grouped) for value in values]
    assert read_column(texts) == values


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999), st.sampled_from(".,"))
def test_a_lone_three_digit_group_is_never_guessed(whole, thousands, separator):
    text = f"{whole}{separator}{thousands:03d}"
    assert conventions_decide({"x": [text]})["x"] is None
    with pytest.raises(NumberProblem):
        text_number_read(text, column=PLAIN, convention=None, currency=None)


@given(
    st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=999), st.sampled_from([COMMA, POINT])
)
def test_the_files_decimal_separator_settles_a_three_digit_group(whole, thousands, convention):
    # Another column of the same file uses decimals: its separator is the decimal one, the other groups.
    group = "." if convention == COMMA else ","
    decisive = "4,20" if convention == COMMA else "4.20"
    decided = conventions_decide({"employees": [f"{whole}{group}{thousands:03d}"], "rating": [decisive]})
    assert decided == {"employees": convention, "rating": convention}
    number = text_number_read(
        f"{whole}{group}{thousands:03d}", column=NumberColumn(whole=True), convention=convention, currency=None
    )
    assert number == whole * 1000 + thousands


@given(amounts.filter(lambda value: value >= 1000), st.sampled_from([COMMA, POINT]))
def test_a_value_against_its_columns_convention_is_refused(value, convention):
    other = POINT if convention == COMMA else COMMA
    with pytest.raises(NumberProblem):
        text_number_read(written(value, other), column=PLAIN, convention=convention, currency=None)


# --- Currency markers -------------------------------------------------------------------------------

MARKERS = {"IDR": ["Rp ", "IDR ", "Rp. "], "EUR": ["€ ", "EUR "], "USD": ["US$", "USD ", "$"]}


@given(amounts, st.sampled_from(sorted(MARKERS)), st.sampled_from(sorted(MARKERS)), st.data())
def test_a_currency_marker_is_accepted_only_for_the_assessments_currency(value, marked, currency, data):
    marker = data.draw(st.sampled_from(MARKERS[marked]))
    suffix = data.draw(st.booleans()) and not marker.strip().endswith("$")
    text = f"{written(value, POINT)} {marker.strip()}" if suffix else f"{marker}{written(value, POINT)}"
    if marked == currency:
        assert read_column([text], AMOUNT, currency) == [value]
    else:
        with pytest.raises(NumberProblem, match=currency):
            read_column([text], AMOUNT, currency)
    with pytest.raises(NumberProblem, match="not an amount"):
        text_number_read(text, column=PLAIN, convention=POINT, currency=currency)


# --- Per cent ---------------------------------------------------------------------------------------


def workbook_bytes(build) -> bytes:
    book = Workbook()
    build(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.decimals(min_value=0, max_value=1, places=4), st.sampled_from(["0%", "0.00%", "0.0%"]))
def test_a_percent_formatted_cell_is_read_as_the_user_sees_it(fraction, number_format):
    def build(book):
        sheet = book.active
        sheet.title = "Rates"
        sheet.append(["Error rate (%)"])
        sheet.append([float(fraction)])
        sheet["A2"].number_format = number_format

    _kind, tables = upload_tables(
        content=workbook_bytes(build), name="r.xlsx", sheets={"r": {"Rates"}}, budgets=BUDGETS
    )
    cell = tables["r"].rows[0][1][0]
    assert cell == Percent(Decimal(format(float(fraction), ".15g")))
    assert cell_number_read(cell, column=NumberColumn(percent=True), convention=None, currency=None) == fraction * 100
    with pytest.raises(NumberProblem, match="percentage"):
        cell_number_read(cell, column=PLAIN, convention=None, currency=None)


@given(st.decimals(min_value=0, max_value=100, places=2))
def test_a_percent_sign_is_read_only_in_a_per_cent_column(value):
    assert text_number_read(f"{value}%", column=NumberColumn(percent=True), convention=None, currency=None) == value
    with pytest.raises(NumberProblem):
        text_number_read(f"{value}%", column=PLAIN, convention=None, currency=None)


# --- Sheet choice -----------------------------------------------------------------------------------


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    st.lists(
        st.sampled_from(["IT cost areas (2)", "Copy of IT cost areas", "Notes", "Area biaya TI (2)"]),
        unique=True,
        max_size=3,
    ),
    st.booleans(),
    st.integers(min_value=0, max_value=3),
)
def test_only_the_visible_sheet_with_the_exact_name_is_read(decoys, hidden_copy, position):
    def build(book):
        book.remove(book.active)
        for name in decoys:
            book.create_sheet(name).append(["decoy"])
        if hidden_copy:
            hidden = book.create_sheet("it cost areas ")
            hidden.append(["hidden"])
            hidden.sheet_state = "hidden"
        real = book.create_sheet("IT cost areas", index=min(position, len(book.sheetnames)))
        real.append(["real"])

    # Copies, other sheets and a hidden sheet with the same name (as Excel compares names) are never read.
    names = {"IT cost areas", "Area biaya TI"}
    _kind, tables = upload_tables(content=workbook_bytes(build), name="w.xlsx", sheets={"it": names}, budgets=BUDGETS)
    assert tables["it"].header == ["real"]


def test_two_sheets_for_the_same_lines_are_refused_naming_both():
    def build(book):
        book.active.title = "IT cost areas"
        book.create_sheet("Area biaya TI")

    with pytest.raises(UploadRefused, match="“IT cost areas” and “Area biaya TI”"):
        upload_tables(
            content=workbook_bytes(build),
            name="w.xlsx",
            sheets={"it": {"IT cost areas", "Area biaya TI"}},
            budgets=BUDGETS,
        )


# --- Empty rows -------------------------------------------------------------------------------------


@settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(st.booleans(), min_size=1, max_size=60), st.integers(min_value=0, max_value=3000))
def test_formatted_empty_rows_cost_nothing_and_every_data_row_is_read(layout, trailing):
    """`layout`: True a row with data, False a formatted but empty row; `trailing` formatted rows follow."""
    bold = Font(bold=True)

    def build(book):
        sheet = book.active
        sheet.append(["name", "value"])
        for number, has_data in enumerate(layout, start=2):
            if has_data:
                sheet.cell(row=number, column=1, value=f"row {number}")
                sheet.cell(row=number, column=2, value=number)
            else:
                sheet.cell(row=number, column=1).font = bold
        for number in range(len(layout) + 2, len(layout) + 2 + trailing):
            sheet.cell(row=number, column=1).font = bold

    data_rows = sum(layout)
    budgets = Budgets(**{**BUDGETS.__dict__, "max_rows": max(data_rows, 1)})
    _kind, tables = upload_tables(content=workbook_bytes(build), name="w.xlsx", budgets=budgets)
    table = tables[""]
    expected = [number for number, has_data in enumerate(layout, start=2) if has_data]
    assert [number for number, _cells in table.rows] == expected
    assert [cells for _number, cells in table.rows] == [[f"row {number}", number] for number in expected]


# --- Columns and CSV neutralisation -----------------------------------------------------------------


@given(st.integers(min_value=1, max_value=10**6))
def test_column_letters_go_past_zzz_and_back(index):
    assert column_index(column_letter(index)) == index
    assert column_letter(18279) == "AAAA"


@given(st.text(alphabet=st.sampled_from("ab =+-@'\t\r\n,;1"), max_size=30))
def test_csv_cells_have_no_formula_in_any_separator_convention_and_read_back(text):
    neutral = csv_cell(text)
    assert csv_cell_restore(neutral) == text
    for separator in (",", ";", "\t", "\r", "\n"):
        for part in neutral.split(separator):
            assert not part.lstrip(" ").startswith(FORMULA_TRIGGERS), (text, separator, part)


@given(st.text(max_size=20), st.text(max_size=10))
@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow], deadline=None)
def test_shared_strings_plain_and_rich_are_read_as_written(plain, rich):
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    plain = "".join(char for char in plain if char.isprintable())
    rich = "".join(char for char in rich if char.isprintable()) or "r"

    def build(book):
        sheet = book.active
        sheet.append(["text", "rich"])
        sheet.append([plain or "x", CellRichText(["a", TextBlock(InlineFont(b=True), rich)])])

    _kind, tables = upload_tables(content=workbook_bytes(build), name="s.xlsx", budgets=BUDGETS)
    written = plain or "x"
    # A cell holding only white space is no data (xlsx.py skips it, as it skips an empty cell).
    assert tables[""].rows[0][1] == [written if written.strip() else None, "a" + rich]
