"""Engine 2.0 line fields: volume, cycle time and retained FTEs are optional and checked at the field."""

import pytest

from assessments.capture.forms import BusinessFunctionForm, ITCostAreaForm

BF = {
    "capability": "payroll",
    "annual_cost": "1000000",
    "ftes": "4",
    "annual_volume": "12000",
    "standardisation": "4",
    "strategic_importance": "2",
    "maturity": "3",
    "regulatory_sensitivity": "3",
    "knowledge_intensity": "2",
    "error_rate_percent": "2.5",
    "notes": "",
}
IT = {
    "capability": "service_desk",
    "annual_cost": "500000",
    "ftes": "6",
    "available_from_month": "0",
    "maturity": "2",
    "standardisation": "4",
    "criticality": "3",
    "notes": "",
}


def test_the_new_fields_may_stay_empty(capability_set):
    assert BusinessFunctionForm(data=BF, capabilities=capability_set).is_valid()
    assert ITCostAreaForm(data=IT, capabilities=capability_set).is_valid()


def test_retained_ftes_above_the_functions_ftes_are_refused_at_the_field(capability_set):
    form = BusinessFunctionForm(data=BF | {"retained_ftes": "5"}, capabilities=capability_set)

    assert not form.is_valid()
    assert list(form.errors) == ["retained_ftes"]
    assert BusinessFunctionForm(
        data=BF | {"retained_ftes": "4", "cycle_time_days": "2,5"}, capabilities=capability_set
    ).is_valid()


@pytest.mark.parametrize("volume", ["0", "-3"])
def test_a_volume_must_be_positive(capability_set, volume):
    form = ITCostAreaForm(data=IT | {"volume": volume}, capabilities=capability_set)

    assert not form.is_valid()
    assert list(form.errors) == ["volume"]


def test_a_negative_cycle_time_is_refused(capability_set):
    form = BusinessFunctionForm(data=BF | {"cycle_time_days": "-1"}, capabilities=capability_set)

    assert not form.is_valid()
    assert list(form.errors) == ["cycle_time_days"]
