"""A refused number is refused once, with the field's own range in the reader's number format (the
tester's findings 14c, 14d and 14e)."""

import pytest
from django.utils import translation

from assessments.capture.forms import AssessmentParametersForm, BusinessFunctionForm, ITCostAreaForm
from tests.assessments.test_validation_ranges import BF_DATA, IT_DATA, parameters_data

pytestmark = pytest.mark.django_db


def _of_kind(capability_set, kind):
    return {code: c for code, c in capability_set.items() if c.kind == kind}


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Enter a number of at least 0.01."), ("id", "Masukkan angka paling sedikit 0,01.")],
)
def test_a_decimal_limit_is_written_in_the_readers_format(capability_set, language, expected):
    with translation.override(language):
        form = ITCostAreaForm(data={**IT_DATA, "volume": "-4"}, capabilities=_of_kind(capability_set, "ITO"))
        assert not form.is_valid()
        assert form.errors["volume"] == [expected]


def test_an_indonesian_range_message_is_in_indonesian(organisation):
    with translation.override("id"):
        form = AssessmentParametersForm(data=parameters_data(organisation.region, average_tenure_years="71"))
        assert not form.is_valid()
        assert form.errors["average_tenure_years"] == ["Masukkan angka dari 0 sampai 70."]


@pytest.mark.parametrize("typed", ["21", "0", "9007199254740993", "9223372036854775808"])
def test_the_parallel_engagements_error_quotes_its_own_range(organisation, typed):
    with translation.override("en"):
        form = AssessmentParametersForm(data=parameters_data(organisation.region, max_parallel_ito=typed))
        assert not form.is_valid()
        assert form.errors["max_parallel_ito"] == ["Enter a whole number from 1 to 20."]


def test_a_refused_fte_count_gives_no_knock_on_error(capability_set):
    data = {**BF_DATA, "ftes": "-1", "retained_ftes": "0"}
    form = BusinessFunctionForm(data=data, capabilities=_of_kind(capability_set, "BPO"))
    assert not form.is_valid()
    assert set(form.errors) == {"ftes"}, form.errors


def test_retained_above_ftes_is_still_refused_in_the_readers_format(capability_set):
    data = {**BF_DATA, "ftes": "2.5", "retained_ftes": "3.5"}
    with translation.override("id"):
        form = BusinessFunctionForm(
            data={**data, "ftes": "2,5", "retained_ftes": "3,5"}, capabilities=_of_kind(capability_set, "BPO")
        )
        assert not form.is_valid()
        assert "(3,5)" in form.errors["retained_ftes"][0]
        assert "(2,5)" in form.errors["retained_ftes"][0]
