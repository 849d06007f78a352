"""The streamed worksheet writer (outsourcing/xlsx_streaming.py): what goes in is what openpyxl and our reader read."""

import io
import math
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from xlsxwriter.xmlwriter import XMLwriter

from outsourcing.uploads import Budgets, Deadline
from outsourcing.uploads.xlsx import Workbook
from outsourcing.xlsx_streaming import MAX_TEXT, xlsx_write_streamed


def _written(rows, **options) -> bytes:
    target = io.BytesIO()
    xlsx_write_streamed(target=target, sheet_name="data", header=("a", "b", "c"), rows=rows, **options)
    return target.getvalue()


def _openpyxl_rows(content: bytes) -> list[tuple]:
    sheet = openpyxl.load_workbook(io.BytesIO(content))["data"]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_values_keep_their_types_and_empty_cells_stay_empty():
    content = _written(
        [
            ["=1+1", 3, Decimal("0.85")],
            [None, "", True],
            ["  spaced  ", 2.5, "a & b < c > d"],
            ["x", None, "z"],
        ]
    )
    assert _openpyxl_rows(content) == [
        ("a", "b", "c"),
        ("=1+1", 3, 0.85),
        (None, None, True),
        ("  spaced  ", 2.5, "a & b < c > d"),
        ("x", None, "z"),
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(content))["data"]
    assert sheet.freeze_panes == "A2"
    assert zipfile.ZipFile(io.BytesIO(content)).testzip() is None


def test_the_text_function_is_applied_and_control_characters_are_written_as_excel_escapes():
    # As XlsxWriter and Excel write them (Excel reads them back as the characters; openpyxl does not).
    content = _written(
        [["\x01bell\r\n", "é\ufffe_x0041_", "x" * (MAX_TEXT + 10)], ["\ud800", 1, None]],
        text=lambda value: value.replace("bell", "ring"),
    )
    assert _openpyxl_rows(content)[1:] == [
        ("_x0001_ring_x000D_\n", "é_xFFFE__x005F_x0041_", "x" * MAX_TEXT),
        (None, 1, None),
    ]


def test_a_value_repeated_down_a_column_is_written_on_every_row():
    shared = "Provider One"
    content = _written([[shared, index, shared] for index in range(1, 5)])
    assert _openpyxl_rows(content)[1:] == [(shared, index, shared) for index in range(1, 5)]


def test_rows_wider_than_the_header_get_their_column_letters():
    content = _written([list(range(30))])
    assert _openpyxl_rows(content)[1] == tuple(range(30))


@pytest.mark.parametrize("value", [math.nan, math.inf, Decimal("NaN")])
def test_a_number_a_cell_cannot_hold_is_refused(value):
    with pytest.raises(ValueError, match="cannot hold"):
        _written([[value]])


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=20),
            st.integers(min_value=-(2**53), max_value=2**53),
            st.floats(min_value=-1e300, max_value=1e300),  # beyond, 15 shown digits overflow
        ),
        max_size=20,
    )
)
def test_openpyxl_and_our_upload_reader_read_back_every_row(rows):
    content = _written([list(row) for row in rows])
    expected = [(XMLwriter._escape_control_characters(text), number, real) for text, number, real in rows]
    assert _openpyxl_rows(content)[1:] == expected

    workbook = Workbook(content, budgets=Budgets.from_settings(), deadline=Deadline(60))
    table = workbook.table(workbook.sheets[0])
    assert table.header == ["a", "b", "c"]
    read = dict(table.rows)
    for number, (text, integer, real) in enumerate(expected, start=2):
        if text.strip() and text.isprintable():  # our reader does not decode Excel's _xHHHH_ escapes
            assert read[number][0] == text
        # Our reader gives numbers as Excel shows them (15 significant digits, as Decimal).
        assert [float(str(value)) for value in read[number][1:3]] == [
            pytest.approx(integer, rel=1e-14, abs=1e-300),
            pytest.approx(real, rel=1e-14, abs=1e-300),
        ]
