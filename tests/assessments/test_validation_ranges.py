"""Every range of the assessment and its lines, at the form (what the user sees) and in the database."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from assessments.capture.forms import AssessmentParametersForm, BusinessFunctionForm, ITCostAreaForm
from assessments.models import Assessment, BusinessFunction, ITCostArea
from tests.factories.assessments import AssessmentFactory, BusinessFunctionFactory, ITCostAreaFactory

# (field, rejected values, accepted values) — the edges of each range.
PARAMETER_RANGES = [
    ("horizon_months", ["11", "121", "0", "60.5"], ["12", "120"]),
    # Shares and rates in per cent (PercentField): 50 % is the discount rate's top, 2 decimals kept.
    ("discount_rate", ["-1", "51", "12.345", "0,1 0"], ["0", "50", "10,25", "12.5 %"]),
    ("gate_fraction", ["4", "101", "0", "12.25"], ["5", "100", "50 %", "12,5"]),
    ("max_parallel_ito", ["0", "21"], ["1", "20"]),
    ("max_parallel_bpo", ["0", "21"], ["1", "20"]),
    ("materiality_threshold", ["-1", "101"], ["0", "100", "5", "2,5"]),
]
SCORE_EDGES = (["0", "6", "2.5", "x"], ["1", "5"])
IT_RANGES = [
    ("annual_cost", ["-1", "1.234", "1234.567", "1000000000000000000"], ["0", "50.000.000.000.000,00", "Rp 1.234"]),
    ("ftes", ["-0.1", "1.25"], ["0", "12,5"]),
    ("available_from_month", ["-1", "121", "3.5"], ["0", "120"]),
    ("maturity", *SCORE_EDGES),
    ("standardisation", *SCORE_EDGES),
    ("criticality", *SCORE_EDGES),
]
BF_RANGES = [
    ("annual_cost", ["-1", "1,234"], ["0", "1,234,567.89"]),
    ("ftes", ["-0.1"], ["0", "3.5"]),
    ("annual_volume", ["-1", "12.5", "120.000"], ["0", "1.200.000", "120000"]),
    ("error_rate_percent", ["-0.01", "100.01"], ["0", "100", "2,5"]),
    ("standardisation", *SCORE_EDGES),
    ("strategic_importance", *SCORE_EDGES),
    ("maturity", *SCORE_EDGES),
    ("regulatory_sensitivity", *SCORE_EDGES),
    ("knowledge_intensity", *SCORE_EDGES),
]


def parameters_data(region, **overrides):
    data = {
        "title": "Ranges",
        "horizon_months": "60",
        "discount_rate": "10",
        "region": str(region.pk),
        "currency": "IDR",
        "gate_fraction": "50",
        "max_parallel_ito": "2",
        "max_parallel_bpo": "2",
        "materiality_threshold": "5",
    }
    return {**data, **overrides}


IT_DATA = {
    "capability": "compute",
    "annual_cost": "1000",
    "ftes": "1",
    "available_from_month": "0",
    "maturity": "3",
    "standardisation": "3",
    "criticality": "3",
    "notes": "",
}
BF_DATA = {
    "capability": "payroll",
    "annual_cost": "1000",
    "ftes": "1",
    "annual_volume": "100",
    "standardisation": "3",
    "strategic_importance": "3",
    "maturity": "3",
    "regulatory_sensitivity": "3",
    "knowledge_intensity": "3",
    "error_rate_percent": "1",
    "notes": "",
}


def _cases(ranges):
    for field, rejected, accepted in ranges:
        for value in rejected:
            yield pytest.param(field, value, False, id=f"{field}={value}-rejected")
        for value in accepted:
            yield pytest.param(field, value, True, id=f"{field}={value}-accepted")


@pytest.mark.parametrize(("field", "value", "valid"), list(_cases(PARAMETER_RANGES)))
def test_parameter_ranges_at_the_form(organisation, field, value, valid):
    form = AssessmentParametersForm(data=parameters_data(organisation.region, **{field: value}))
    assert form.is_valid() is valid, form.errors
    if not valid:
        assert field in form.errors, form.errors


def test_title_is_required(organisation):
    form = AssessmentParametersForm(data=parameters_data(organisation.region, title=""))
    assert not form.is_valid()
    assert "title" in form.errors


@pytest.mark.parametrize(("field", "value", "valid"), list(_cases(IT_RANGES)))
def test_it_cost_area_ranges_at_the_form(capability_set, field, value, valid):
    itos = {code: c for code, c in capability_set.items() if c.kind == "ITO"}
    form = ITCostAreaForm(data={**IT_DATA, field: value}, capabilities=itos)
    assert form.is_valid() is valid, form.errors
    if not valid:
        assert field in form.errors, form.errors


@pytest.mark.parametrize(("field", "value", "valid"), list(_cases(BF_RANGES)))
def test_business_function_ranges_at_the_form(capability_set, field, value, valid):
    bpos = {code: c for code, c in capability_set.items() if c.kind == "BPO"}
    form = BusinessFunctionForm(data={**BF_DATA, field: value}, capabilities=bpos)
    assert form.is_valid() is valid, form.errors
    if not valid:
        assert field in form.errors, form.errors


def test_a_line_refuses_a_capability_of_the_other_kind(capability_set):
    itos = {code: c for code, c in capability_set.items() if c.kind == "ITO"}
    form = ITCostAreaForm(data={**IT_DATA, "capability": "payroll"}, capabilities=itos)
    assert not form.is_valid()
    assert "capability" in form.errors


def test_an_ambiguous_amount_says_which_formats_are_accepted(capability_set):
    itos = {code: c for code, c in capability_set.items() if c.kind == "ITO"}
    form = ITCostAreaForm(data={**IT_DATA, "annual_cost": "1.234"}, capabilities=itos)
    assert not form.is_valid()
    assert "ambiguous" in form.errors["annual_cost"][0]
    assert "1.234,00" in form.errors["annual_cost"][0]


def test_indonesian_amount_is_read_exactly(capability_set):
    itos = {code: c for code, c in capability_set.items() if c.kind == "ITO"}
    form = ITCostAreaForm(data={**IT_DATA, "annual_cost": "50.000.000.000.000,00"}, capabilities=itos)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["annual_cost"] == Decimal("50000000000000.00")


# --- The database enforces the same ranges, whatever writes to it -----------------------------

DB_VIOLATIONS = [
    (Assessment, "horizon_months", 11),
    (Assessment, "horizon_months", 121),
    (Assessment, "discount_rate", Decimal("-0.01")),
    (Assessment, "discount_rate", Decimal("0.51")),
    (Assessment, "gate_fraction", Decimal("0.04")),
    (Assessment, "gate_fraction", Decimal("1.01")),
    (Assessment, "max_parallel_ito", 0),
    (Assessment, "max_parallel_ito", 21),
    (Assessment, "max_parallel_bpo", 0),
    (Assessment, "max_parallel_bpo", 21),
    (Assessment, "materiality_threshold", Decimal("-0.01")),
    (Assessment, "materiality_threshold", Decimal("1.01")),
    (Assessment, "version", 0),
    (ITCostArea, "annual_cost", Decimal("-1")),
    (ITCostArea, "ftes", Decimal("-0.1")),
    (ITCostArea, "available_from_month", 121),
    *[(ITCostArea, field, bad) for field in ("maturity", "standardisation", "criticality") for bad in (0, 6)],
    (BusinessFunction, "annual_cost", Decimal("-1")),
    (BusinessFunction, "ftes", Decimal("-0.1")),
    (BusinessFunction, "error_rate_percent", Decimal("-0.01")),
    (BusinessFunction, "error_rate_percent", Decimal("100.01")),
    *[
        (BusinessFunction, field, bad)
        for field in (
            "standardisation",
            "strategic_importance",
            "maturity",
            "regulatory_sensitivity",
            "knowledge_intensity",
        )
        for bad in (0, 6)
    ],
]


@pytest.mark.parametrize(
    ("model", "field", "bad"),
    DB_VIOLATIONS,
    ids=[f"{model.__name__}.{field}={bad}" for model, field, bad in DB_VIOLATIONS],
)
def test_the_database_refuses_out_of_range_values(capability_set, consultant, organisation, model, field, bad):
    assessment = AssessmentFactory.create(organisation=organisation, author=consultant)
    row: Assessment | ITCostArea | BusinessFunction
    if model is Assessment:
        row = assessment
    elif model is ITCostArea:
        row = ITCostAreaFactory.create(assessment=assessment, capability=capability_set["compute"])
    else:
        row = BusinessFunctionFactory.create(assessment=assessment, capability=capability_set["payroll"])
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=row.pk).update(**{field: bad})


@pytest.mark.parametrize("amount", ["50000000000000.00", "98765432109876"])
def test_the_database_keeps_tens_of_trillions_of_rupiah_exactly(capability_set, consultant, organisation, amount):
    assessment = AssessmentFactory.create(organisation=organisation, author=consultant)
    line = ITCostAreaFactory.create(
        assessment=assessment, capability=capability_set["compute"], annual_cost=Decimal(amount)
    )
    line.refresh_from_db()
    assert line.annual_cost == Decimal(amount)


@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite stores decimals as doubles (15 significant digits)")
def test_postgresql_keeps_all_twenty_digits(capability_set, consultant, organisation):
    assessment = AssessmentFactory.create(organisation=organisation, author=consultant)
    amount = Decimal("987654321098765432.10")
    line = ITCostAreaFactory.create(assessment=assessment, capability=capability_set["compute"], annual_cost=amount)
    line.refresh_from_db()
    assert line.annual_cost == amount
