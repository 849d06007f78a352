import pytest
from hypothesis import given
from hypothesis import strategies as st

from outsourcing.spreadsheets import cell_neutralise, cell_restore


@pytest.mark.parametrize("text", ["=SUM(A1:A9)", "+1", "-2+3", "@cmd", "\tx", "\r=1", '=HYPERLINK("http://x")'])
def test_formula_like_text_is_prefixed_with_a_quote(text):
    assert cell_neutralise(text) == "'" + text


@pytest.mark.parametrize("value", [-5, -0.25, 3, 1.5, None, True, "plain text", "a=b", ""])
def test_numbers_and_harmless_text_are_left_alone(value):
    assert cell_neutralise(value) == value


@given(st.text())
def test_restore_is_the_exact_inverse(text):
    assert cell_restore(cell_neutralise(text)) == text
    assert not str(cell_neutralise(text)).startswith(("=", "+", "-", "@", "\t", "\r"))
