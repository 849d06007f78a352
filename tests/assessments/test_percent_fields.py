"""Per cent where users type per cent: every share or rate of the parameters step is shown and typed
in per cent (`11` for 0.11; `11 %`, `11,5` in Bahasa Indonesia) and stored as its fraction
(assessments/capture/form_fields.py PercentField)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from assessments.capture.form_fields import PercentField
from assessments.capture.forms import AssessmentParametersForm
from assessments.capture.selectors import PARAMETER_FIELDS, PERCENT_PARAMETER_FIELDS
from assessments.capture.version_selectors import FieldChange
from assessments.models import Assessment
from assessments.roadmaps.parameter_presenter import PERCENT_PARAMETERS
from tests.assessments.test_validation_ranges import parameters_data
from tests.factories.assessments import AssessmentFactory

pytestmark = pytest.mark.django_db
SHOWN = {"en": "12.5", "id": "12,5"}


def _shown(form: AssessmentParametersForm, name: str) -> str | None:
    """The text in the field's box, as the browser would send it back."""
    return form[name].field.widget.format_value(form[name].value())


def test_every_share_and_rate_of_the_parameters_step_is_a_percent_field():
    form = AssessmentParametersForm()
    percent = {name for name, field in form.fields.items() if isinstance(field, PercentField)}
    assert percent == set(PERCENT_PARAMETER_FIELDS)
    # The same parameters the dashboards show in per cent (the presenter's list).
    assert percent == PERCENT_PARAMETERS & set(PARAMETER_FIELDS)


@pytest.mark.parametrize("language", ["en", "id"])
@pytest.mark.parametrize("name", PERCENT_PARAMETER_FIELDS)
def test_a_fraction_is_shown_in_per_cent_and_comes_back_as_the_same_fraction(organisation, name, language):
    assessment = AssessmentFactory.create(organisation=organisation, **{name: Decimal("0.125")})
    with translation.override(language):
        form = AssessmentParametersForm(instance=assessment)
        assert _shown(form, name) == SHOWN[language]
        data = parameters_data(organisation.region, **{name: _shown(form, name)})
        back = AssessmentParametersForm(data, instance=assessment)
        assert back.is_valid(), back.errors
    assert back.cleaned_data[name] == Decimal("0.125")
    back.save()
    assessment.refresh_from_db()
    assert getattr(assessment, name) == Decimal("0.125")


@pytest.mark.parametrize(
    ("language", "typed", "fraction"),
    [
        ("en", "11", Decimal("0.11")),
        ("en", "11 %", Decimal("0.11")),
        ("en", "11%", Decimal("0.11")),
        ("en", "11.5", Decimal("0.115")),
        ("id", "11,5", Decimal("0.115")),
        ("id", "11,5 %", Decimal("0.115")),
        ("id", "11,5\u00a0%", Decimal("0.115")),  # a no-break space, as pasted from a report
        ("id", "0", Decimal("0")),
    ],
)
def test_per_cent_is_typed_the_way_people_write_it(organisation, language, typed, fraction):
    with translation.override(language):
        form = AssessmentParametersForm(data=parameters_data(organisation.region, vat_rate=typed))
        assert form.is_valid(), form.errors
    assert form.cleaned_data["vat_rate"] == fraction


@pytest.mark.parametrize(
    ("name", "typed", "message"),
    [
        ("discount_rate", "60", "Enter a per cent from 0 to 50."),
        ("gate_fraction", "2", "Enter a per cent from 5 to 100."),
        ("stranded_cost_fraction", "1001", "Enter a per cent from 0 to 1000."),
        ("vat_rate", "eleven", "Enter a per cent, e.g. 11 or 11.5."),
        ("vat_rate", "0.115", "Enter at most 2 decimals for this per cent."),
        ("gate_fraction", "12.25", "Enter at most 1 decimal for this per cent."),
    ],
)
def test_a_per_cent_out_of_range_is_refused_at_its_field(organisation, name, typed, message):
    form = AssessmentParametersForm(data=parameters_data(organisation.region, **{name: typed}))
    assert not form.is_valid()
    assert form.errors == {name: [message]}


def test_the_error_speaks_the_readers_language(organisation):
    with translation.override("id"):
        form = AssessmentParametersForm(data=parameters_data(organisation.region, discount_rate="60"))
        assert form.errors["discount_rate"] == ["Masukkan persen dari 0 sampai 50."]


def test_the_parameters_step_shows_per_cent_beside_each_share(organisation, consultant, client_for):
    assessment = AssessmentFactory.create(organisation=organisation, author=consultant, discount_rate=Decimal("0.11"))
    html = client_for(consultant).get(reverse("assessments:parameters", args=[assessment.pk])).content.decode()
    assert 'name="discount_rate" value="11"' in html
    assert html.count('<span class="input-group-text">%</span>') == len(PERCENT_PARAMETER_FIELDS)
    assert Assessment.objects.get(pk=assessment.pk).discount_rate == Decimal("0.11")


@pytest.mark.parametrize(("language", "shown"), [("en", ("10 %", "12.5 %")), ("id", ("10 %", "12,5 %"))])
def test_the_change_history_shows_shares_and_rates_in_per_cent(language, shown):
    change = FieldChange("discount_rate", "discount rate", Decimal("0.1000"), Decimal("0.125"))
    amount = FieldChange("materiality_min_savings", "minimum savings", Decimal("4800000"), Decimal("0"))
    with translation.override(language):
        assert (change.old_display, change.new_display) == shown
        assert amount.old_display == ("4,800,000" if language == "en" else "4.800.000")


@pytest.mark.parametrize(("language", "example"), [("en", "10.5"), ("id", "10,5")])
def test_the_parameters_page_explains_per_cent_as_the_fields_read_it(
    organisation, consultant, client_for, language, example
):
    """The help beside the form once said "0.10 is 10 %", and a consultant who typed 0,10 for a 10 % discount
    rate got 0.1 %: the page's own examples must read as it says they do."""
    url = reverse("assessments:create", kwargs={"organisation_pk": organisation.pk})
    page = client_for(consultant).get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert "0.10 is 10" not in page
    assert "0.10 berarti 10" not in page
    with translation.override(language):
        expected = {
            "en": "Shares and rates are typed in per cent: 10 means 10 %, and 10.5 or 10,5 means 10.5 %.",
            "id": "Porsi dan tingkat diisi dalam persen: 10 berarti 10 %, dan 10,5 atau 10.5 berarti 10,5 %.",
        }[language]
        assert expected in page
        field = PercentField(max_digits=5, decimal_places=4)
        assert field.clean("10") == Decimal("0.10")
        assert field.clean(example) == Decimal("0.105")
