"""Every amount a person or a client enters keeps one bound (outsourcing.money_bounds): at most 15
significant digits and below 2**53, refused at its field, never stored (a stored 10**18 broke every page
of the organisation on SQLite). Fields are found by introspection, so a new money field is covered."""

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework import serializers as drf

from api.serializers import ActualWriteSerializer
from assessments.capture.form_fields import AmountField, PercentField, WholeNumberField
from assessments.capture.forms import AssessmentParametersForm, BusinessFunctionForm, ITCostAreaForm
from assessments.capture.models import MONEY
from assessments.capture.selectors import capabilities_of_kind
from assessments.capture.workbook import import_preview
from assessments.engine.schema import MAX_MONEY
from assessments.models import Assessment
from assessments.programmes.forms import ActualForm
from assessments.programmes.services import BPO_ONLY
from assessments.roadmaps.forms import ScenarioForm
from outsourcing.money_bounds import MONEY_LIMIT, MONEY_SIGNIFICANT_DIGITS, money_bounds_validate
from providers.forms import BenchmarkForm
from providers.models import Kind
from tests.assessments.test_validation_ranges import BF_DATA, IT_DATA, parameters_data

TOO_LARGE = ["999999999999999999", str(2**53), "9.007.199.254.740.992", "Rp 10.000.000.000.000.000"]
# Computed by the engine, never typed: bounded by the engine's own inputs.
COMPUTED = {("roadmap", "npv"), ("roadmap", "run_rate_ito"), ("roadmap", "run_rate_bpo")}


def _is_money(field) -> bool:
    """A field of a form, a serializer or a model that could hold more than the bound: an AmountField of
    money's places, or a decimal with more than 15 digits (money's 20 with 2 places, or any wider one)."""
    if isinstance(field, AmountField):
        return field.decimal_places == MONEY["decimal_places"]
    return (
        isinstance(field, forms.DecimalField | drf.DecimalField | models.DecimalField)
        and (field.max_digits or 0) > MONEY_SIGNIFICANT_DIGITS
    )


def test_the_bound_is_the_engines():
    assert MONEY_LIMIT == MAX_MONEY + 1


def test_every_entered_money_column_of_every_model_keeps_the_bound():
    found = []
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            continue
        for field in model._meta.concrete_fields:
            if _is_money(field) and (model._meta.model_name, field.name) not in COMPUTED:
                found.append(f"{model.__name__}.{field.name}")
                assert money_bounds_validate in field.validators, f"{model.__name__}.{field.name}"
    assert "MonthlyActual.realised_benefit" in found
    assert "Assessment.materiality_min_savings" in found


def _base_data(form_class, organisation):
    if form_class is AssessmentParametersForm:
        return parameters_data(organisation.region)
    return {ITCostAreaForm: IT_DATA, BusinessFunctionForm: BF_DATA}.get(form_class, {})


FORMS: list[Any] = [
    AssessmentParametersForm,
    ITCostAreaForm,
    BusinessFunctionForm,
    ActualForm,
    ScenarioForm,
    BenchmarkForm,
]
MONEY_FORM_FIELDS = [
    (form_class, name) for form_class in FORMS for name, field in form_class.base_fields.items() if _is_money(field)
]


def test_the_forms_money_fields_are_found():
    names = {(form_class.__name__, name) for form_class, name in MONEY_FORM_FIELDS}
    assert {
        ("AssessmentParametersForm", "materiality_min_savings"),
        ("AssessmentParametersForm", "deal_fixed_cost"),
        ("AssessmentParametersForm", "retained_cost_per_fte"),
        ("ITCostAreaForm", "annual_cost"),
        ("BusinessFunctionForm", "annual_cost"),
        ("ActualForm", "realised_benefit"),
        ("ActualForm", "cost_per_transaction"),
    } <= names


@pytest.mark.parametrize("value", TOO_LARGE)
@pytest.mark.parametrize(
    ("form_class", "name"), MONEY_FORM_FIELDS, ids=[f"{c.__name__}.{n}" for c, n in MONEY_FORM_FIELDS]
)
def test_every_money_field_of_every_form_refuses_a_huge_amount_at_the_field(
    capability_set, organisation, form_class, name, value
):
    data = {**_base_data(form_class, organisation), name: value}
    kwargs = {}
    if form_class in (ITCostAreaForm, BusinessFunctionForm):
        kwargs["capabilities"] = capability_set
    if form_class is ActualForm:
        kind = "BPO" if name in BPO_ONLY else "ITO"
        kwargs["engagement"] = SimpleNamespace(kind=kind, label="Payroll")
    form = form_class(data=data, **kwargs)
    assert not form.is_valid()
    assert name in form.errors, form.errors
    assert form.errors.as_data()[name][0].code in ("max_value", "precision", "invalid")


@pytest.mark.parametrize("value", TOO_LARGE[:2])
@pytest.mark.parametrize(
    "name",
    [name for name, field in ActualWriteSerializer().fields.items() if _is_money(field)],
)
def test_every_money_field_of_the_actuals_api_refuses_a_huge_amount(name, value):
    serializer = ActualWriteSerializer(data={"engagement": "it-1", "month": "2026-01", name: value})
    assert not serializer.is_valid()
    assert name in serializer.errors, serializer.errors


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (Decimal("999999999999999"), None),
        (Decimal("9007199254740991"), "precision"),
        (Decimal("9007199254740992"), "max_value"),
        (Decimal("-9007199254740992"), "max_value"),
        (Decimal("1E+18"), "max_value"),
        (Decimal("98765432109876.54"), "precision"),
        (Decimal("9876543210987.65"), None),
        (Decimal("50000000000000.00"), None),
        (None, None),
    ],
)
def test_the_bound_at_its_edges(value, code):
    if code is None:
        money_bounds_validate(value)
    else:
        with pytest.raises(ValidationError) as raised:
            money_bounds_validate(value)
        assert raised.value.code == code


@pytest.mark.parametrize("value", ["Infinity", "1e309", "10 %", "NaN", "-inf", "1,5"])
def test_a_months_field_speaks_of_whole_numbers(organisation, value):
    form = AssessmentParametersForm(data=parameters_data(organisation.region, dual_running_months=value))
    assert not form.is_valid()
    assert form.errors["dual_running_months"] == [str(WholeNumberField().error_messages["invalid"])]


@pytest.mark.parametrize("value", ["Infinity", "1e309", "NaN", "-inf", "Rp 10"])
def test_a_rate_field_speaks_of_per_cent(organisation, value):
    form = AssessmentParametersForm(data=parameters_data(organisation.region, discount_rate=value))
    assert not form.is_valid()
    assert form.errors["discount_rate"] == [str(PercentField.default_error_messages["invalid"])]


def test_a_huge_months_value_is_refused_as_a_whole_number(organisation):
    form = AssessmentParametersForm(data=parameters_data(organisation.region, horizon_months="999999999999999999"))
    assert not form.is_valid()
    assert "horizon_months" in form.errors


@pytest.mark.parametrize(("value", "valid"), [("6,00", True), ("6,0", True), ("6,05", False), ("6.50", True)])
def test_trailing_zeros_beyond_the_fields_places_are_accepted(capability_set, value, valid):
    form = BusinessFunctionForm(data={**BF_DATA, "ftes": value}, capabilities=capability_set)
    assert form.is_valid() is valid, form.errors
    if valid:
        assert form.cleaned_data["ftes"] == Decimal(value.replace(",", "."))
    else:
        assert "ftes" in form.errors


def test_the_parameters_page_refuses_a_huge_minimum_and_every_page_stays_up(client_for, consultant, draft):
    client = client_for(consultant)
    url = reverse("assessments:parameters", args=[draft.pk])
    form = client.get(url).context["form"]
    payload = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field, PercentField | AmountField):
            value = form[name].field.widget.format_value(value)
        payload[name] = "" if value is None else getattr(value, "pk", value)
    payload.update({"materiality_min_savings": "999999999999999999", "lock_version": draft.lock_version})
    payload["action"] = "save"
    response = client.post(url, payload)
    assert response.status_code == 200
    assert "materiality_min_savings" in response.context["form"].errors
    draft.refresh_from_db()
    assert draft.materiality_min_savings == Decimal("0")
    for page in (url, reverse("assessments:detail", args=[draft.pk]), reverse("assessments:list")):
        assert client.get(page).status_code == 200, page
    assert Assessment.objects.get(pk=draft.pk).materiality_min_savings == Decimal("0")


IT_HEADER = (
    "IT capability (code);Annual cost (IDR);FTEs;Can change from month;Maturity (1-5);"
    "Standardisation (1-5);Criticality (1-5);Notes\n"
)


@pytest.mark.parametrize(
    ("ftes", "cost", "problem"),
    [
        ("6,00", "7200000000,00", None),  # Excel's two shown decimals of 6: the extra zero is no decimal
        ("6,50", "7200000000,00", None),
        ("6,05", "7200000000,00", "FTEs"),  # one decimal kept: 6,05 is refused, not rounded
        ("6,00", "999999999999999000,00", "Annual cost"),
        ("6,00", "9.007.199.254.740.992,00", "Annual cost"),
    ],
)
def test_the_workbook_import_reads_extra_zeros_and_refuses_huge_amounts(capability_set, ftes, cost, problem):
    content = f"{IT_HEADER}compute;{cost};{ftes};0;3;4;4;x\n".encode()
    result = import_preview(
        name="it.csv",
        content=content,
        currency="IDR",
        it_capabilities=capabilities_of_kind(kind=Kind.ITO),
        bpo_capabilities=capabilities_of_kind(kind=Kind.BPO),
    )
    messages = [(error.row, error.column, error.message) for error in result.errors]
    if problem is None:
        assert result.is_valid, messages
        lines = result.lines_for("it")
        assert lines is not None
        assert lines[0]["ftes"] == Decimal(ftes.replace(",", "."))
    else:
        assert [(row, str(column).split(" · ")[1].split(" (")[0]) for row, column, _m in messages] == [(2, problem)]


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.text(alphabet="0123456789.,-+eE% Rp", max_size=30),
    )
)
def test_an_amount_field_gives_a_bounded_amount_or_a_field_error_never_an_exception(text):
    field = AmountField(max_digits=20, decimal_places=2, required=False)
    try:
        value = field.clean(text)
    except ValidationError:
        return
    if value is not None:
        assert abs(value) < MONEY_LIMIT
        assert len(value.normalize().as_tuple().digits) <= 15


@pytest.mark.parametrize("typed", ["98765432109876543210", "Rp 98.765.432.109.876.543.210,00", "1" + "0" * 25])
def test_an_amount_beyond_the_bound_gets_one_message_not_two(typed):
    """A 20-digit amount is refused once, by the money bound, not also by Django's digit counts."""
    from assessments.capture.form_fields import AmountField

    field = AmountField(max_digits=20, decimal_places=2)
    with pytest.raises(ValidationError) as raised:
        field.clean(typed)
    assert len(raised.value.error_list) == 1, raised.value.messages
